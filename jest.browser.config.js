/**
 * The console in a real browser: Debian's Chromium driven by playwright-core against the real
 * service process (`npm run test:browser`; `.ci/run` installs the chromium package when missing).
 * One worker: the journeys share nothing, but two Chromiums and two services on two cores would
 * measure the machine, not the console.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser-spec.ts'],
  testTimeout: 180000,
};
