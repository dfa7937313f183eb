import { BadRequestError } from './errors';
import { hasLoneSurrogate, isInvisibleOnly } from './text';

/** Keys no field of this API is named, which only ever arrive to probe prototype pollution. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

function stringProblem(value: string, path: string, visibleText: boolean): string | null {
  if (value.includes('\u0000')) return `${path || 'value'}: must not contain NUL characters`;
  // A lone surrogate has no UTF-8 form: stored and hashed, it would come back as U+FFFD and break the audit chain.
  if (hasLoneSurrogate(value)) return `${path || 'value'}: must not contain lone surrogates (invalid UTF-16)`;
  if (visibleText && isInvisibleOnly(value)) return `${path || 'value'}: must not consist of invisible characters only`;
  return null;
}

/**
 * Finds what no handler should see: NUL characters (PostgreSQL text cannot store them), lone
 * surrogates, keys that target prototypes, and absurd nesting; with `visibleText`, also strings
 * made only of white space and invisible characters. Returns the path and the problem, or null.
 */
export function findHostileInput(value: unknown, path = '', depth = 0, visibleText = false): string | null {
  if (typeof value === 'string') return stringProblem(value, path, visibleText);
  if (typeof value !== 'object' || value === null) return null;
  if (depth > MAX_DEPTH) return `${path}: is nested more than ${MAX_DEPTH} levels deep`;
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return `${at}: is not an accepted field name`;
    if (key.includes('\u0000')) return `${path || 'value'}: a field name contains a NUL character`;
    if (hasLoneSurrogate(key)) return `${path || 'value'}: a field name contains a lone surrogate`;
    const found = findHostileInput((value as Record<string, unknown>)[key], at, depth + 1, visibleText);
    if (found) return found;
  }
  return null;
}

/** Refuses hostile input in any part; `body` strings must also hold something visible. */
export function assertNoHostileInput(parts: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(parts)) {
    const problem = findHostileInput(value, '', 0, name === 'body');
    if (problem) throw new BadRequestError(`Invalid ${name}: ${problem}`, [problem]);
  }
}

/**
 * Every string of a parsed JSON body in NFC, so that text which looks the same is stored, compared
 * and hashed the same. Objects are changed in place; the (possibly new) value is returned.
 */
export function normaliseStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = normaliseStrings(record[key]);
  return value;
}
