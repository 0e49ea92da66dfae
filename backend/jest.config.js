/** Unit tests sit beside the code (*.spec.ts); integration tests in test/ talk HTTP to a real app. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  // openid-client and otplib's dependencies ship ES modules only (Node loads them with require(esm)); jest
  // loads modules itself, so swc turns them into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose|@scure|@noble)/)'],
  transform: {
    '^.+\\.(ts|js)$': [
      '@swc/jest',
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
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  maxWorkers: 2,
  testTimeout: 30000,
};
