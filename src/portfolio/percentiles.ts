/**
 * Nearest-rank percentile of values given as a histogram: the smallest value such that at least
 * p % of the observations are at or below it. Null when there are no observations.
 */
export function histogramPercentile(histogram: ReadonlyArray<{ value: number; count: number }>, percent: number): number | null {
  const sorted = [...histogram].filter((h) => h.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((n, h) => n + h.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((percent / 100) * total));
  let seen = 0;
  for (const h of sorted) {
    seen += h.count;
    if (seen >= rank) return h.value;
  }
  return sorted[sorted.length - 1].value;
}
