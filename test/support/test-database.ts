import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export type TestDriver = 'sqlite' | 'postgres';

export interface TestDatabase {
  driver: TestDriver;
  /** Environment entries that point the app at this database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export const testDriver = (): TestDriver => (process.env.TEST_DB_DRIVER === 'postgres' ? 'postgres' : 'sqlite');

/** Server-level URL used to create and drop one database per suite (`npm run test:pg`). */
export const postgresAdminUrl = () => process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database for one suite: a temp SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(driver: TestDriver = testDriver()): Promise<TestDatabase> {
  if (driver === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ppe-test-'));
    return {
      driver,
      env: { SQLITE_PATH: join(dir, 'test.sqlite') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `ppe_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return {
    driver,
    env: { DATABASE_URL: url.toString() },
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
