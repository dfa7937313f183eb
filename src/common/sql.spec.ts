import type { EntityManager } from 'typeorm';
import { sql } from './sql';

const on = (type: string) => ({ connection: { options: { type } } }) as unknown as EntityManager;

describe('sql()', () => {
  it('numbers the placeholders for PostgreSQL, in order, the same at every call', () => {
    const text = 'UPDATE t SET a = ?, b = ? WHERE id = ? AND c = ?';
    const first = sql(on('postgres'), text);
    expect(first).toBe('UPDATE t SET a = $1, b = $2 WHERE id = $3 AND c = $4');
    expect(sql(on('postgres'), text)).toBe(first);
  });

  it('leaves SQLite texts as they are', () => {
    expect(sql(on('better-sqlite3'), 'SELECT ? , ?')).toBe('SELECT ? , ?');
  });

  it('numbers long texts too (bulk inserts), without keeping them', () => {
    const text = `INSERT INTO t (a) VALUES ${Array.from({ length: 2_000 }, () => '(?)').join(', ')}`;
    const numbered = sql(on('postgres'), text);
    expect(numbered.startsWith('INSERT INTO t (a) VALUES ($1), ($2)')).toBe(true);
    expect(numbered.endsWith('($2000)')).toBe(true);
  });
});
