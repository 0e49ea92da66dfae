/** Browser end-to-end tests: real Chromium against a running single-machine instance. One at a time. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.e2e.test.ts'],
  // otplib's dependencies ship ES modules only; swc turns them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@scure|@noble)/)'],
  transform: {
    '^.+\\.(ts|js)$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // A failed test's instance and browser go after its file, so jest exits and ports are free.
  setupFilesAfterEnv: ['<rootDir>/../support/reap-processes.ts', '<rootDir>/support/close-browsers.ts'],
  maxWorkers: 1,
  testTimeout: 120000,
};
