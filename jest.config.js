/** @type {import('jest').Config} */
// Two projects: everything on Node (domain, local cloud, functions), and page tests in jsdom with
// miniprogram-simulate. The Chromium end-to-end suite is its own project (test/e2e), run last.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/{domain,localcloud,functions,crash}/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/scanCheck.ts'],
    },
    {
      displayName: 'pages',
      testEnvironment: 'jsdom',
      // The local cloud runs in the same process: resolve packages as Node would, not as a browser.
      testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/pages/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/scanCheck.ts'],
      snapshotSerializers: ['miniprogram-simulate/jest-snapshot-plugin'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
  testTimeout: 60000,
};
