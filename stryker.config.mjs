// Mutation testing of the pure core under the unit tests: `npm run mutation`.
// Not part of `npm test`: a full run (about 2,200 mutants, each running the unit tests that cover it;
// a mutant of module-level code, such as the settings table, runs them all) took 140 min on 2 cores (96.6%).
// While working on a few files, narrow it: `npm run mutation -- --mutate src/core/retry.ts --concurrency 1`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    // Unit tests only, and no merging with jest.config.cjs's projects: see the file's comment.
    configFile: 'jest.mutation.config.cjs',
  },
  mutate: ['src/core/**/*.ts'],
  // The sandbox copy needs only what the unit tests load (scripts/ and docs/ are read by some).
  ignorePatterns: [
    'infra',
    'server',
    'bench',
    'examples',
    'test-artifacts',
    'dist',
    'reports',
    'test/e2e',
    'test/ui',
    // The server's tests stay out; the independent SB1 signer that the unit tests' fake API uses stays in.
    'test/server/*',
    '!test/server/sign*',
  ],
  // TypeScript 7 has no compiler API, so Stryker must not rewrite tsconfig files: point it at none.
  tsconfigFile: 'stryker-no-tsconfig.json',
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  timeoutMS: 10000,
};
