import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { sql } from '../common/sql';

/** Parameters one statement may bind: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

/**
 * Inserts many entities with multi-row INSERT statements, converting each value exactly as
 * TypeORM would (transformers, dates, booleans) but without its per-row query building: for seeding
 * and imports, where rows number in the hundreds of thousands.
 */
export async function bulkInsert<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: T[]): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columns = metadata.columns.filter((c) => !(c.isGenerated && c.generationStrategy === 'increment'));
  const perRow = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perRow) {
    const chunk = rows.slice(start, start + perRow);
    const parameters: unknown[] = [];
    for (const row of chunk) {
      for (const column of columns) parameters.push(driver.preparePersistentValue(column.getEntityValue(row), column));
    }
    const text = `INSERT INTO ${driver.escape(metadata.tableName)} (${names}) VALUES ${chunk.map(() => placeholders).join(', ')}`;
    await manager.query(sql(manager, text), parameters);
  }
}
