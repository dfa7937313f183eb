/** Unit, workflow and e2e tests on SQLite. `npm run test:pg` runs the e2e suites on PostgreSQL. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/workflows', '<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
};
