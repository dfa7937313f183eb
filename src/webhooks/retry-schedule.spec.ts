import { MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, RETRY_DELAYS_MS, retryAfterMs, retryDelay } from './retry-schedule';

describe('retryDelay', () => {
  it('follows 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h within ±20 %, then gives up after the eighth attempt', () => {
    for (const [i, base] of RETRY_DELAYS_MS.entries()) {
      expect(retryDelay(i + 1, 0)).toBe(Math.round(base * 0.8));
      expect(retryDelay(i + 1, 0.5)).toBe(base);
      expect(retryDelay(i + 1, 0.999999)).toBeLessThanOrEqual(Math.round(base * 1.2));
    }
    expect(MAX_ATTEMPTS).toBe(8);
    expect(retryDelay(8)).toBeNull();
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeCloseTo(27.6, 1);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');

  it("reads seconds and HTTP dates, against the answer's Date header when present", () => {
    expect(retryAfterMs('120', undefined, now)).toBe(120_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 12:10:00 GMT', undefined, now)).toBe(600_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 12:10:00 GMT', 'Tue, 01 Dec 2026 12:05:00 GMT', now)).toBe(300_000);
  });

  it('caps a long wait, takes a past date as now, and ignores what it cannot read', () => {
    expect(retryAfterMs(String(7 * 24 * 3600), undefined, now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('Tue, 01 Dec 2026 11:00:00 GMT', undefined, now)).toBe(0);
    expect(retryAfterMs('soon', undefined, now)).toBeNull();
    expect(retryAfterMs('-5', undefined, now)).toBeNull();
    expect(retryAfterMs(undefined, undefined, now)).toBeNull();
  });
});
