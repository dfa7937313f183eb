import type { EntityManager } from 'typeorm';

/** Raw SQL written with `?` placeholders, numbered for PostgreSQL. */
export function sql(manager: EntityManager, text: string): string {
  if (manager.connection.options.type !== 'postgres') return text;
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** A raw timestamp column as a Date: PostgreSQL returns one, SQLite TypeORM's UTC text. */
export function rawDate(value: string | Date | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
