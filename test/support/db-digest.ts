import { createHash } from 'node:crypto';
import type { TestApp } from './create-test-app';

/** Every table's row count and one hash over every row of every table. */
export interface DatabaseDigest {
  counts: Record<string, number>;
  hash: string;
}

/**
 * Reads every row of every table the app's entities map (from TypeORM's metadata, so a new
 * entity is included without editing this), ordered by primary key, and hashes them; `except`
 * leaves tables out.
 */
export async function digestDatabase(t: TestApp, options: { except?: string[] } = {}): Promise<DatabaseDigest> {
  const driver = t.dataSource.driver;
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  const tables = [...new Map(t.dataSource.entityMetadatas.map((m) => [m.tableName, m])).values()]
    .filter((m) => !options.except?.includes(m.tableName))
    .sort((a, b) => a.tableName.localeCompare(b.tableName));
  for (const meta of tables) {
    const order = meta.primaryColumns.map((c) => driver.escape(c.databaseName)).join(', ');
    const rows: unknown[] = await t.dataSource.query(`SELECT * FROM ${driver.escape(meta.tableName)}${order ? ` ORDER BY ${order}` : ''}`);
    counts[meta.tableName] = rows.length;
    hash.update(meta.tableName).update('\u0000').update(JSON.stringify(rows)).update('\u0000');
  }
  return { counts, hash: hash.digest('hex') };
}

/** What changed between two digests, for a readable failure: the tables whose counts differ, or "rows changed". */
export function digestDifference(before: DatabaseDigest, after: DatabaseDigest): string | null {
  if (before.hash === after.hash) return null;
  const counts = Object.keys({ ...before.counts, ...after.counts })
    .filter((table) => before.counts[table] !== after.counts[table])
    .map((table) => `${table}: ${before.counts[table] ?? 0} → ${after.counts[table] ?? 0} rows`);
  return counts.length > 0 ? counts.join(', ') : 'same row counts, but row contents changed';
}
