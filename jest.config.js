/**
 * NestJS 12 and jose ship as ES modules only, which Jest loads in its native ESM mode alone
 * (`--experimental-vm-modules`, see package.json). ts-jest therefore emits ESM for the tests,
 * while the production build stays CommonJS, loaded by Node's require(esm).
 * `npm run test:pg` runs the e2e suites again on PostgreSQL (jest.pg.config.js).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/workflows', '<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', useESM: true, diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testTimeout: 60000,
};
