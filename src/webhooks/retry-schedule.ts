const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The pause after each failed attempt (the first attempt is made at once): eight attempts over about
 * 27 hours, the schedule Standard Webhooks suggests. After the eighth failure the delivery is `failed`.
 */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** ±20 %, so receivers that failed together are not all retried in the same second. */
export const JITTER = 0.2;
/** A Retry-After longer than this is taken as this: a receiver cannot park a delivery for days. */
export const MAX_RETRY_AFTER_MS = 12 * HOUR;

/** The pause after the `attempts`-th failed attempt, with jitter; null when no attempt is left. `random` is in [0, 1). */
export function retryDelay(attempts: number, random: number = Math.random()): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const base = RETRY_DELAYS_MS[Math.max(0, attempts - 1)];
  return Math.round(base * (1 - JITTER + 2 * JITTER * random));
}

/**
 * The pause a `Retry-After` header asks for (delay-seconds or an HTTP date, read against the answer's
 * own `Date` when it has one, so clocks that disagree do not matter), capped at MAX_RETRY_AFTER_MS;
 * null when absent or unreadable.
 */
export function retryAfterMs(header: string | undefined, dateHeader: string | undefined, receivedAt: number): number | null {
  if (header === undefined) return null;
  const value = header.trim();
  let ms: number;
  if (/^\d+$/.test(value)) {
    ms = Number(value) * SECOND;
  } else {
    // An HTTP date starts with the day's name; Date.parse would also read "-5" as a year.
    if (!/^[A-Za-z]{3}/.test(value)) return null;
    const at = Date.parse(value);
    if (Number.isNaN(at)) return null;
    const theirNow = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader);
    ms = at - (Number.isNaN(theirNow) ? receivedAt : theirNow);
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
