// Summaries of repeated measurements, one definition for every benchmark.

/** The value `p` percent of the samples are at or below (nearest rank, no interpolation); NaN for none. */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** The middle sample (the upper one of an even count). */
export const median = (xs: readonly number[]): number => percentile(xs, 50);
