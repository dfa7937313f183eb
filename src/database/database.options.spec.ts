import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SQLITE_CACHE_MIB_DEFAULT, validateEnvironment } from '../config/environment';
import { buildDataSourceOptions } from './database.options';

/** The settings every SQLite connection of the app is opened with, read back from SQLite itself. */
describe(buildDataSourceOptions.name, () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ppe-options-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The pragmas of a connection opened as the app opens it, with the environment given (as strings, as the process gets them). */
  async function pragmas(file: string, cacheMiB?: string) {
    const options = buildDataSourceOptions(validateEnvironment({ SQLITE_PATH: join(dir, file), SQLITE_CACHE_MIB: cacheMiB }));
    const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
    try {
      const read = async (name: string) => Object.values((await dataSource.query<Array<Record<string, unknown>>>(`PRAGMA ${name}`))[0])[0];
      return { cacheSize: await read('cache_size'), synchronous: await read('synchronous'), journalMode: await read('journal_mode') };
    } finally {
      await dataSource.destroy();
    }
  }

  it('opens SQLite durable (WAL, synchronous FULL) with a page cache of SQLITE_CACHE_MIB, 2 MiB as SQLite has it unless set', async () => {
    expect(SQLITE_CACHE_MIB_DEFAULT).toBe(2);
    // cache_size reads back in KiB as a negative number; SQLite's own default would be -2000.
    await expect(pragmas('default.sqlite')).resolves.toEqual({ cacheSize: -2 * 1024, synchronous: 2, journalMode: 'wal' });
    await expect(pragmas('larger.sqlite', '32')).resolves.toEqual({ cacheSize: -32 * 1024, synchronous: 2, journalMode: 'wal' });
  });
});
