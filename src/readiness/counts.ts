/** Buckets of the score distribution: 0–9, 10–19, …, 90–100. */
export const BUCKETS = 10;

/**
 * One channel's readiness figures over some records: counts and sums only, so batches and
 * workers merge by adding (constant memory, however many records).
 */
export interface ReadinessCounts {
  /** Records scored. */
  products: number;
  /** Records per score bucket (`Math.min(9, floor(score / 10))`). */
  buckets: number[];
  /** Records scoring at or above the rules' `good`. */
  good: number;
  /** Sum of the scores (for the average). */
  total: number;
  /** Per rule (rules' order): records that failed it. */
  failed: number[];
  /** Per rule: score points those records lost by it (each its points over the points that applied to it, × 100). */
  lost: number[];
  /** Per rule: the amount missing summed (images lacking; 1 per record for yes/no checks). */
  amount: number[];
}

/** Counts of nothing, for `rules` rules. */
export function emptyReadinessCounts(rules: number): ReadinessCounts {
  const zeros = () => new Array<number>(rules).fill(0);
  return {
    products: 0,
    buckets: new Array<number>(BUCKETS).fill(0),
    good: 0,
    total: 0,
    failed: zeros(),
    lost: zeros(),
    amount: zeros(),
  };
}

/** Add `from` into `into`. */
export function mergeReadinessCounts(into: ReadinessCounts, from: ReadinessCounts): void {
  into.products += from.products;
  into.good += from.good;
  into.total += from.total;
  const add = (a: number[], b: readonly number[]) => {
    for (let i = 0; i < b.length; i++) a[i] = (a[i] ?? 0) + (b[i] as number);
  };
  add(into.buckets, from.buckets);
  add(into.failed, from.failed);
  add(into.lost, from.lost);
  add(into.amount, from.amount);
}
