/**
 * Milliseconds on a monotonic clock, for how long a run took. The global `performance` loads
 * Node's perf_hooks on its first use (~4 ms of a start); the process's hrtime is there already.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
