/** System tests: whole processes, the chart, the image, the browser. Slow by nature; one at a time. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/chart/**/*.test.ts', '<rootDir>/system/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // The same real PostgreSQL and Redis the backend's integration tests use.
  globalSetup: '<rootDir>/../backend/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/../backend/test/support/global-teardown.mjs',
  maxWorkers: 1,
  testTimeout: 120000,
};
