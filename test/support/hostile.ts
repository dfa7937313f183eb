import fc from 'fast-check';

/**
 * Building blocks of hostile input for the fuzz suite: JSON trees that JSON.stringify could not write
 * (`__proto__` keys, duplicate keys, 1e400), strings that probe SQL, markup, encodings and limits,
 * and raw byte sequences that are not JSON or not UTF-8 at all.
 */

/** A JSON tree as sent on the wire: numbers keep their literal text, objects keep every key in order. */
export type Json = null | boolean | string | JsonRaw | Json[] | JsonObject;
/** JSON text sent verbatim: number literals JSON.stringify cannot write (1e400), or deep nesting. */
export interface JsonRaw {
  raw: string;
}
export interface JsonObject {
  o: Array<[string, Json]>;
}

const isRaw = (j: Json): j is JsonRaw => typeof j === 'object' && j !== null && !Array.isArray(j) && 'raw' in j;

/** JSON text of a tree. JSON.stringify escapes lone surrogates, so they arrive as such. */
export function renderJson(j: Json): string {
  if (j === null || typeof j === 'boolean') return String(j);
  if (typeof j === 'string') return JSON.stringify(j);
  if (Array.isArray(j)) return `[${j.map(renderJson).join(',')}]`;
  if (isRaw(j)) return j.raw;
  return `{${j.o.map(([k, v]) => `${JSON.stringify(k)}:${renderJson(v)}`).join(',')}}`;
}

export const num = (n: number | string | bigint): JsonRaw => ({ raw: String(n) });
export const obj = (o: Array<[string, Json]>): JsonObject => ({ o });

/** A plain value (as from an example in the OpenAPI document) as a tree. */
export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return num(Number.isFinite(value) ? value : 0);
  if (Array.isArray(value)) return value.map(toJson);
  return obj(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJson(v)]));
}

/** Nesting `depth` levels deep, alternating arrays and objects (as text: a tree that deep overflows printers). */
export function nested(depth: number): JsonRaw {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open = i % 2 === 0 ? `${open}[` : `${open}{"a":`;
    close = i % 2 === 0 ? `]${close}` : `}${close}`;
  }
  return { raw: `${open}"bottom"${close}` };
}

export const SQL_FRAGMENTS = [
  "' OR '1'='1",
  "'; DROP TABLE procurement_plans; --",
  '" OR ""="',
  "1' UNION SELECT id, organisation_id FROM procurement_plans --",
  "'; DELETE FROM audit_events WHERE '1'='1",
  '1); SELECT pg_sleep(3); --',
  "%' AND 1=1 --",
  "\\'; --",
  '$1',
  '?',
  "' || (SELECT sqlite_version()) || '",
];

export const SCRIPT_FRAGMENTS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '<!--#exec cmd="ls"-->',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
];

export const ODD_STRINGS = [
  '',
  ' ',
  '\t\r\n',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001f',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  '\u202eevil',
  'é',
  '𝕏🙂',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'null',
  'undefined',
  'NaN',
  'true',
  '[object Object]',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '2027-02-30T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '2027-01-01',
  '2027-01-01T00:00:00+25:00',
  '1e400',
  '-0',
  'Infinity',
  '0x10',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
];

export const NUMBER_LITERALS = [
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '0',
  '-1',
  '0.001',
  '1.005',
  '9007199254740993',
  '123456789012345678901234567890',
  '1e308',
  '-1e308',
  '2147483648',
  '-2147483649',
  '4294967296',
  '1e21',
  '1E2',
  '100.000000000000000001',
];

/** Keys no field is named, which probe prototype pollution and query operators. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '$where',
  '$gt',
  '',
  ' ',
  'a.b',
  'a[b]',
  '\u0000',
  'id',
  'organisationId',
  'stage',
  'version',
];

export const hugeString = fc
  .constantFrom(301, 2001, 5001, 20001, 60000)
  .chain((n) => fc.constantFrom('x'.repeat(n), '🙂'.repeat(Math.ceil(n / 2)), `${"'".repeat(n)}`));

/** Hostile text; `huge` adds strings up to 60 000 characters (bodies only: a URL or header that long never reaches the app). */
export const hostileString = (extra: string[] = [], huge = true): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SQL_FRAGMENTS, ...SCRIPT_FRAGMENTS, ...ODD_STRINGS, ...(extra.length ? extra : ['x'])) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: huge ? hugeString : fc.constantFrom('x'.repeat(101), 'x'.repeat(301), '🙂'.repeat(200)) },
    { weight: 1, arbitrary: fc.tuple(fc.uuid(), fc.boolean()).map(([u, upper]) => (upper ? u.toUpperCase() : u)) },
  );

export const hostileNumber: fc.Arbitrary<JsonRaw> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBER_LITERALS).map(num) },
  { weight: 1, arbitrary: fc.integer().map(num) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => num(Object.is(d, -0) ? '-0' : d)) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(num) },
);

export const hostileKey = (extra: string[] = []): fc.Arbitrary<string> =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_KEYS, ...(extra.length ? extra : ['x'])) }, { weight: 1, arbitrary: hostileString() });

/** Any JSON tree, biased toward hostile leaves, keys and depths. */
export function hostileJson(extraStrings: string[] = [], extraKeys: string[] = []): fc.Arbitrary<Json> {
  const leaf: fc.Arbitrary<Json> = fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 4, arbitrary: hostileString(extraStrings) },
    { weight: 3, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.constantFrom(10, 32, 33, 40, 200, 2000).map(nested) },
  );
  return fc.letrec<{ value: Json; array: Json[]; object: JsonObject }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.array(fc.tuple(hostileKey(extraKeys), tie('value')), { maxLength: 4 }).map(obj),
  })).value;
}

/** Percent-encodes every byte of the UTF-8 form except the unreserved characters. */
export function pct(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** URL pieces that are not valid percent-encoding, or decode to invalid UTF-8, NUL or path tricks. */
export const RAW_URL_PIECES = [
  '%',
  '%z',
  '%zz',
  '%ff',
  '%FF%FE',
  '%c3%28',
  '%ed%a0%80',
  '%c0%af',
  '%00',
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '%252F',
  ';',
  'a;b=c',
  '*',
  '~',
  '+',
  '%20',
  '[]',
  'a[b]',
  '__proto__[x]',
  'constructor[prototype][x]',
];

/** Bodies that are not JSON, or not UTF-8, or nested past any sane limit, as raw bytes. */
export const RAW_BODIES: Array<{ label: string; bytes: () => Buffer }> = [
  { label: 'empty', bytes: () => Buffer.alloc(0) },
  { label: 'truncated object', bytes: () => Buffer.from('{"title": "Laptops",') },
  { label: 'truncated string', bytes: () => Buffer.from('{"a":"') },
  { label: 'single quotes', bytes: () => Buffer.from("{'a': 1}") },
  { label: 'trailing comma', bytes: () => Buffer.from('{"a": 1,}') },
  { label: 'comment', bytes: () => Buffer.from('{"a": 1 /* c */}') },
  { label: 'NaN literal', bytes: () => Buffer.from('{"a": NaN}') },
  { label: 'bare word', bytes: () => Buffer.from('undefined') },
  { label: 'two documents', bytes: () => Buffer.from('{}{}') },
  { label: 'JSON null', bytes: () => Buffer.from('null') },
  { label: 'JSON number', bytes: () => Buffer.from('1e400') },
  { label: 'JSON string', bytes: () => Buffer.from('"\\ud800"') },
  { label: 'invalid UTF-8 in a string', bytes: () => Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]) },
  { label: 'overlong UTF-8 slash', bytes: () => Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]) },
  { label: 'UTF-8 encoded surrogate', bytes: () => Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]) },
  { label: 'invalid UTF-8 in a key', bytes: () => Buffer.concat([Buffer.from('{"'), Buffer.from([0xff]), Buffer.from('":1}')]) },
  { label: 'raw bytes', bytes: () => Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x7b, 0x7d]) },
  { label: 'UTF-16LE JSON with BOM', bytes: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')]) },
  { label: 'UTF-8 BOM then JSON', bytes: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]) },
  { label: 'raw NUL in a string', bytes: () => Buffer.from('{"title":"a\u0000b"}') },
  { label: '__proto__ key', bytes: () => Buffer.from('{"__proto__":{"isAdmin":true},"title":"x"}') },
  { label: 'nested __proto__', bytes: () => Buffer.from('{"a":{"b":{"__proto__":{"polluted":1}}}}') },
  { label: 'constructor.prototype', bytes: () => Buffer.from('{"constructor":{"prototype":{"polluted":1}}}') },
  { label: 'escaped __proto__ key', bytes: () => Buffer.from('{"\\u005f_proto__":{"polluted":1}}') },
  { label: 'duplicate keys', bytes: () => Buffer.from('{"type":"START_NEEDS_ASSESSMENT","type":"CANCEL"}') },
  { label: '100 000 nested arrays', bytes: () => Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) },
  { label: '50 000 nested objects', bytes: () => Buffer.from(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`) },
  { label: 'unclosed nesting', bytes: () => Buffer.from('['.repeat(10_000)) },
  { label: '900 kB string', bytes: () => Buffer.from(`{"title":"${'x'.repeat(900_000)}"}`) },
  { label: 'over the body limit', bytes: () => Buffer.from(`{"title":"${'x'.repeat(1_100_000)}"}`) },
  { label: '10 000 keys', bytes: () => Buffer.from(`{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`) },
  { label: 'form encoding', bytes: () => Buffer.from('title=x&__proto__[a]=1') },
];

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/json, text/plain',
  'application/vnd.api+json',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----fuzz',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'application',
  ';',
  '',
  `application/json; ${'x'.repeat(1000)}`,
];

/** Printable header values (what Node's HTTP client accepts): ASCII and Latin-1. */
export const headerValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SQL_FRAGMENTS, ...SCRIPT_FRAGMENTS, '', ' ', 'null', '-1', '0', '*', '"', 'W/', '1e400', '%00', 'é') },
  { weight: 2, arbitrary: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(300, 1500).map((n) => 'x'.repeat(n)) },
);
