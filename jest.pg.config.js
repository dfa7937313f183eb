/** The e2e suites again, each on a fresh PostgreSQL database (see test/support/test-database.ts). */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/support/pg-global-setup.js',
};
