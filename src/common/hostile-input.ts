import type { CodeOfStatus } from './error-codes';
import { BadRequestError } from './errors';
import { hasLoneSurrogate, isInvisibleOnly } from './text';

/** Keys no field of this API is named, which only ever arrive to probe prototype pollution. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

type HostileInput = Extract<CodeOfStatus<400>, `input.${string}`>;

/** What is wrong where: the code of the problem and the field (dotted path) it is in. */
export interface HostileFinding {
  code: HostileInput;
  field: string;
}

function stringProblem(value: string, path: string, visibleText: boolean): HostileFinding | null {
  const field = path || 'value';
  if (value.includes('\u0000')) return { code: 'input.nulCharacter', field };
  // A lone surrogate has no UTF-8 form: stored and hashed, it would come back as U+FFFD and break the audit chain.
  if (hasLoneSurrogate(value)) return { code: 'input.loneSurrogate', field };
  if (visibleText && isInvisibleOnly(value)) return { code: 'input.invisibleOnly', field };
  return null;
}

/**
 * Finds what no handler should see: NUL characters (PostgreSQL text cannot store them), lone
 * surrogates, keys that target prototypes, and absurd nesting; with `visibleText`, also strings
 * made only of white space and invisible characters. Returns the problem and its path, or null.
 */
export function findHostileInput(value: unknown, path = '', depth = 0, visibleText = false): HostileFinding | null {
  if (typeof value === 'string') return stringProblem(value, path, visibleText);
  if (typeof value !== 'object' || value === null) return null;
  if (depth > MAX_DEPTH) return { code: 'input.tooDeep', field: path };
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return { code: 'input.forbiddenKey', field: at };
    if (key.includes('\u0000')) return { code: 'input.keyNulCharacter', field: path || 'value' };
    if (hasLoneSurrogate(key)) return { code: 'input.keyLoneSurrogate', field: path || 'value' };
    const found = findHostileInput((value as Record<string, unknown>)[key], at, depth + 1, visibleText);
    if (found) return found;
  }
  return null;
}

/** Refuses hostile input in any part; `body` strings must also hold something visible. */
export function assertNoHostileInput(parts: Record<string, unknown>): void {
  for (const [part, value] of Object.entries(parts)) {
    const found = findHostileInput(value, '', 0, part === 'body');
    if (found) throw new BadRequestError(found.code, { part, field: found.field, ...(found.code === 'input.tooDeep' ? { max: MAX_DEPTH } : {}) });
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
