// The jest configuration of `npm run mutation` (stryker.config.mjs). Its own file, because the jest runner
// merges any file-based config into its inline one: jest.config.cjs's five projects would make every
// mutant's run crawl and start the sandbox, e2e and browser projects too. Only the unit tests exercise
// src/core directly (the others load the built bundle, which mutants never reach), and of those only the
// ones that import src/: the deploy, workflow, manifest and tool-check tests run programs, not the core.
module.exports = {
  rootDir: __dirname,
  roots: ['<rootDir>/src', '<rootDir>/test/unit'],
  testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
  testPathIgnorePatterns: [
    '<rootDir>/.stryker-tmp/',
    '<rootDir>/test/unit/(deploy|workflows|manifest|check-tools)\\.test\\.ts$',
  ],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testTimeout: 30_000,
};
