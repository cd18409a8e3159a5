// Three projects so that `npm test` runs everything and a developer can pick one with
// `jest --selectProjects unit`. sandbox and e2e load the BUILT dist/Code.js: `npm test` builds first.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest'] };

module.exports = {
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], transform },
    { displayName: 'server', testMatch: ['<rootDir>/test/server/**/*.test.ts'], transform },
    { displayName: 'sandbox', testMatch: ['<rootDir>/test/gas-sandbox/**/*.test.ts'], transform },
    { displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], transform },
    { displayName: 'ui', testMatch: ['<rootDir>/test/ui/**/*.test.ts'], transform },
  ],
};
