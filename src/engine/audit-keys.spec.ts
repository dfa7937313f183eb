import fc from 'fast-check';
import { canonicalJson } from './audit-keys';

/**
 * canonicalJson as the audit chains stored so far were hashed with: JSON.stringify of a copy whose
 * keys were sorted at every depth. The text must stay the same byte for byte, or every stored chain
 * would stop verifying.
 */
function firstVersion(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sortKeys(x)]));
    }
    return v === undefined ? null : v;
  };
  return JSON.stringify(sortKeys(value));
}

/** Keys that test the orderings: array indexes (numeric order first), near-indexes, case and accents. */
/** Texts with anything JSON escapes: quotes, backslashes, control characters, lone and paired surrogates. */
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\ud800', '\udc00x', '😀', 'ä\u2028'));

const key = fc.oneof(
  text,
  fc.constantFrom('0', '1', '2', '9', '10', '17', '007', '-1', '1.5', '4294967294', '4294967295', '99999999999', 'a', 'B', 'ä', 'Z', '_', '__proto__'),
  fc.nat().map(String),
);

const value = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, undefined, true, false, 0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e21),
    text,
    fc.double(),
    fc.integer(),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 6 }),
    fc.dictionary(key, tie('value'), { maxKeys: 6, noNullPrototype: false }),
  ),
}));

describe('canonicalJson', () => {
  it('writes the same text as the first version for any value, so stored chains keep verifying', () => {
    fc.assert(
      fc.property(value.value, (v) => {
        expect(canonicalJson(v)).toBe(firstVersion(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('orders keys by code point, array-index keys first in numeric order, and leaves out undefined values', () => {
    const built = { b: 1, a: { d: [undefined, new Date('2026-12-03T10:00:00Z')], c: undefined }, 10: 'x', 9: 'y', Z: null };
    expect(canonicalJson(built)).toBe('{"9":"y","10":"x","Z":null,"a":{"d":[null,"2026-12-03T10:00:00.000Z"]},"b":1}');
    // Read back in another key order (as a JSON column is), it digests alike.
    expect(canonicalJson(JSON.parse('{"Z":null,"b":1,"10":"x","a":{"d":[null,"2026-12-03T10:00:00.000Z"]},"9":"y"}'))).toBe(canonicalJson(built));
  });
});
