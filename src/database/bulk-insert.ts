import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { sql } from '../common/sql';
import { write } from './pipeline';

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

/**
 * One row into one table with a statement written once per process from the entity's metadata
 * (issue 16): the values converted exactly as TypeORM converts them, without its query builder, and
 * nothing read back (TypeORM selects an inserted row's generated and default columns again).
 * Every column but an auto-increment key must be given; a default is never taken silently.
 */
export class RowInsert<T extends ObjectLiteral> {
  private readonly columns: readonly ColumnMetadata[];
  private readonly text: string;

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
  ) {
    const metadata = dataSource.getMetadata(target);
    const driver = dataSource.driver;
    this.columns = metadata.columns.filter((c) => !(c.isGenerated && c.generationStrategy === 'increment'));
    const placeholders = this.columns.map((_, i) => (dataSource.options.type === 'postgres' ? `$${i + 1}` : '?'));
    this.text = `INSERT INTO ${driver.escape(metadata.tableName)} (${this.columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES (${placeholders.join(', ')})`;
  }

  async insert(manager: EntityManager, row: T): Promise<void> {
    const driver = this.dataSource.driver;
    const parameters = this.columns.map((column) => {
      const value: unknown = column.getEntityValue(row);
      if (value === undefined) throw new Error(`${column.entityMetadata.tableName}.${column.databaseName} is not set`);
      return driver.preparePersistentValue(value, column) as unknown;
    });
    await write(manager, this.text, parameters);
  }
}
