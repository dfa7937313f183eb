import type { EntityManager } from 'typeorm';

/** Texts numbered so far; the code writes a few dozen texts, so a bound is only a safeguard. */
const NUMBERED = new Map<string, string>();
const NUMBERED_MAX = 1_000;
/** Longer texts (bulk inserts of many rows, one text per chunk size) are numbered each time, not kept. */
const NUMBERED_TEXT_MAX = 4_096;

/**
 * Raw SQL written with `?` placeholders, numbered for PostgreSQL. Each text is numbered once per
 * process: the engine's statements pass through here on every command (issue 16).
 */
export function sql(manager: EntityManager, text: string): string {
  if (manager.connection.options.type !== 'postgres') return text;
  if (text.length > NUMBERED_TEXT_MAX) return numberPlaceholders(text);
  let numbered = NUMBERED.get(text);
  if (numbered === undefined) {
    numbered = numberPlaceholders(text);
    if (NUMBERED.size >= NUMBERED_MAX) NUMBERED.clear();
    NUMBERED.set(text, numbered);
  }
  return numbered;
}

function numberPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** A raw timestamp column as a Date: PostgreSQL returns one, SQLite TypeORM's UTC text. */
export function rawDate(value: string | Date | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
