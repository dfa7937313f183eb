import { randomFillSync } from 'node:crypto';

/** Random bytes drawn 256 ids at a time: one call into the system's generator instead of one per id. */
const pool = Buffer.alloc(16 * 256);
let next = pool.length;

/**
 * A UUID of version 7 (RFC 9562, section 5.7): 48 bits of Unix time in milliseconds, then 74 random
 * bits. Ids made in a later millisecond sort after those made earlier, so a row keyed by one lands
 * on the right-hand page of its index, beside the rows inserted just before it, instead of on a
 * random page (issue 16: one page less written per outgoing event). Within a millisecond the order
 * is random; the ids stay unique by their random bits, as version 4's do.
 */
export function uuidV7(now: number = Date.now()): string {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const bytes = pool.subarray(next, next + 16);
  next += 16;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
