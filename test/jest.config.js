/** System tests: whole processes, the chart, the image, the browser. Slow by nature; one at a time. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/chart/**/*.test.ts', '<rootDir>/system/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      // Decorators: system tests reuse the backend's test helpers, which reach its (decorated) sources.
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // The same real PostgreSQL and Redis the backend's integration tests use.
  globalSetup: '<rootDir>/../backend/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/../backend/test/support/global-teardown.mjs',
  // A failed test's processes are killed after its file, so jest exits and ports are free.
  setupFilesAfterEnv: ['<rootDir>/support/reap-processes.ts'],
  maxWorkers: 1,
  testTimeout: 120000,
};
