import { uuidV7 } from './uuid-v7';

describe('uuidV7', () => {
  const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('is a version 7 UUID whose first 48 bits are the time in milliseconds', () => {
    const at = Date.parse('2026-12-04T17:00:00.123Z');
    const id = uuidV7(at);
    expect(id).toMatch(FORMAT);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts ids of later milliseconds after earlier ones, as text, and never repeats one', () => {
    const start = Date.parse('2026-12-04T17:00:00.000Z');
    // 600 ids over 3 milliseconds: more than one pool of random bytes (256 ids), so refills are crossed too.
    const ids = Array.from({ length: 600 }, (_, i) => uuidV7(start + Math.floor(i / 200)));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(FORMAT);
    const millisecondOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    const sorted = [...ids].sort();
    expect(sorted.map(millisecondOf)).toEqual(ids.map(millisecondOf));
  });
});
