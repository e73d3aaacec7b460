/**
 * A trailing projection of MRR: the last periods' average net new MRR carried forward from the last
 * actual MRR, with an upside and a downside one standard deviation of it away. Net new MRR of a period
 * is its end MRR less the one before: new + expansion + reactivation - contraction - churned, by the
 * MRR bridge's identity.
 */

export interface Projection {
  /** The net new MRR of each trailing period, oldest first. */
  netNew: number[];
  /** Their mean and sample standard deviation. */
  mean: number;
  deviation: number;
  /** MRR at the end of each projected period: the last actual plus k times the mean (plus or minus the deviation). */
  base: number[];
  upside: number[];
  downside: number[];
}

/**
 * The projection of the `ahead` periods after the last of `mrr` (one value per consecutive period,
 * oldest first), from its last `trailing` changes; null when there are fewer than that many changes
 * between known values at the end of the series.
 */
export function projectMrr(mrr: readonly (number | null)[], ahead = 3, trailing = 3): Projection | null {
  const tail = mrr.slice(-(trailing + 1));
  if (tail.length < trailing + 1 || tail.some((v) => v === null || !Number.isFinite(v))) return null;
  const known = tail as number[];
  const netNew = known.slice(1).map((v, i) => v - known[i]!);
  const mean = netNew.reduce((a, b) => a + b, 0) / netNew.length;
  const deviation = Math.sqrt(netNew.reduce((a, b) => a + (b - mean) ** 2, 0) / (netNew.length - 1));
  const last = known.at(-1)!;
  const steps = Array.from({ length: ahead }, (_, i) => i + 1);
  return {
    netNew,
    mean,
    deviation,
    base: steps.map((k) => last + k * mean),
    upside: steps.map((k) => last + k * (mean + deviation)),
    downside: steps.map((k) => last + k * (mean - deviation)),
  };
}
