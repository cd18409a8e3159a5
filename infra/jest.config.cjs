// The tests synthesize the real app (cdk.json's context, nag and Guard included) in memory; no AWS
// account, credentials or network is involved.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  // Synthesis with the template validator takes a few seconds on a shared 2-core machine.
  testTimeout: 120_000,
};
