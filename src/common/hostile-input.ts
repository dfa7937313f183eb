import { BadRequestError } from './errors';

/** Keys no field of this API is named, which only ever arrive to probe prototype pollution. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/**
 * Finds what no handler should see: NUL characters (PostgreSQL text cannot store them), keys that
 * target prototypes, and absurd nesting. Returns the path and the problem, or null.
 */
export function findHostileInput(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? `${path || 'value'}: must not contain NUL characters` : null;
  if (typeof value !== 'object' || value === null) return null;
  if (depth > MAX_DEPTH) return `${path}: is nested more than ${MAX_DEPTH} levels deep`;
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return `${at}: is not an accepted field name`;
    if (key.includes('\u0000')) return `${path || 'value'}: a field name contains a NUL character`;
    const found = findHostileInput((value as Record<string, unknown>)[key], at, depth + 1);
    if (found) return found;
  }
  return null;
}

export function assertNoHostileInput(parts: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(parts)) {
    const problem = findHostileInput(value, '', 0);
    if (problem) throw new BadRequestError(`Invalid ${name}: ${problem}`, [problem]);
  }
}
