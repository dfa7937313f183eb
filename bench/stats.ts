/** Small statistics helpers for the benchmark. */

/** The value at percentile p (0..100) by nearest rank; `sorted` says the array is already ascending. */
export function percentile(values: number[], p: number, sorted = false): number {
  if (values.length === 0) return Number.NaN;
  const ordered = sorted ? values : [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * ordered.length);
  return ordered[Math.min(ordered.length - 1, Math.max(0, rank - 1))];
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const ordered = [...values].sort((a, b) => a - b);
  const mid = Math.floor(ordered.length / 2);
  return ordered.length % 2 === 1 ? ordered[mid] : (ordered[mid - 1] + ordered[mid]) / 2;
}

/** The element of `runs` whose `key` is the median (the middle one for an odd count, the lower middle otherwise). */
export function medianRun<T>(runs: T[], key: (run: T) => number): T {
  const ordered = [...runs].sort((a, b) => key(a) - key(b));
  return ordered[Math.floor((ordered.length - 1) / 2)];
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarise(latencies: number[]): LatencySummary {
  const ordered = [...latencies].sort((a, b) => a - b);
  const sum = ordered.reduce((n, v) => n + v, 0);
  return {
    count: ordered.length,
    mean: ordered.length ? sum / ordered.length : Number.NaN,
    p50: percentile(ordered, 50, true),
    p90: percentile(ordered, 90, true),
    p95: percentile(ordered, 95, true),
    p99: percentile(ordered, 99, true),
    max: ordered.at(-1) ?? Number.NaN,
  };
}

export const round = (value: number, digits = 1): number => (Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : value);
