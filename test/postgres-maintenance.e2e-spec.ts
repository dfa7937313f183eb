import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createTestApp, type TestApp } from './support/create-test-app';
import { testDriver } from './support/test-database';

/**
 * At startup on PostgreSQL the app reads the server's own maintenance settings and warns in its
 * log when autovacuum would not clear what every change leaves behind (src/database/postgres-maintenance.ts).
 * The warning must follow the server as it is: this machine's PostgreSQL runs with autovacuum off,
 * a production server with it on, and the test holds on either.
 */
describe('A warning when PostgreSQL does not maintain its tables', () => {
  let t: TestApp;
  let warnings: string[];

  beforeAll(async () => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(function (this: Logger, message: unknown) {
      warnings.push(String(message));
    });
    t = await createTestApp();
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close({ dropDatabase: true });
  });

  const maintenance = () => warnings.filter((w) => /autovacuum|track_counts/.test(w));

  if (testDriver() === 'postgres') {
    it('warns exactly when the server says autovacuum or track_counts is off', async () => {
      const [settings] = await t.dataSource.query<Array<{ autovacuum: string; track_counts: string }>>(
        "SELECT current_setting('autovacuum') AS autovacuum, current_setting('track_counts') AS track_counts",
      );
      const off = settings.autovacuum === 'off' || settings.track_counts === 'off';
      expect(maintenance()).toHaveLength(off ? 1 : 0);
      if (settings.autovacuum === 'off') expect(maintenance()[0]).toMatch(/^PostgreSQL's autovacuum is off/);
    });
  } else {
    it('says nothing on SQLite, which has no autovacuum to miss', () => {
      expect(maintenance()).toEqual([]);
    });
  }
});
