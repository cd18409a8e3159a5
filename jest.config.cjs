// Three projects so that `npm test` runs everything and a developer can pick one with
// `jest --selectProjects unit`. sandbox and e2e load the BUILT dist/Code.js: `npm test` builds first.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest'] };
// Stryker's sandbox copies of the repo (npm run mutation) must not be seen as a second project.
const ignored = ['<rootDir>/.stryker-tmp/'];
const common = { transform, modulePathIgnorePatterns: ignored, testPathIgnorePatterns: ignored };

module.exports = {
  // e2e tests start processes (the reference API, nginx) and the ui tests a browser: on 2 busy cores a
  // start alone can take longer than jest's default 5 s. (testTimeout is global: projects ignore it.)
  testTimeout: 30_000,
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], ...common },
    { displayName: 'server', testMatch: ['<rootDir>/test/server/**/*.test.ts'], ...common },
    { displayName: 'sandbox', testMatch: ['<rootDir>/test/gas-sandbox/**/*.test.ts'], ...common },
    { displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], ...common },
    { displayName: 'ui', testMatch: ['<rootDir>/test/ui/**/*.test.ts'], ...common },
  ],
};
