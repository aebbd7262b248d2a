import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Input bytes between two full collections of this thread's heap (batches are ~1 MiB, so about
 * every 16 batches). 1M bench rows, 2 threads, three runs each: every ~10 batches peak RSS
 * 247 → 216 MB at +8 % time, ~20 batches 247 → 228 MB within the runs' noise, ~40 233 MB.
 */
export const FULL_GC_BYTES = 16 << 20;

/**
 * Paces full garbage collections of this thread through a long run. This thread cuts batches,
 * maps some of them itself and merges every result; what it holds for a batch (the batch's
 * bytes, the results' buffers and strings, the snapshot's lines) lives long enough to
 * be promoted out of the young generation, and is then freed only by a full collection. V8
 * schedules those by the growth of its own heap, not by the buffers the dead objects hold
 * outside it: between two, tens of MB of finished batches stayed resident (minor collections
 * free none of it). One full collection every {@link FULL_GC_BYTES} of input keeps that flat;
 * it takes a few ms here, where the heap's live part is ~15 MB.
 */
export class HeapPacer {
  private since = 0;

  constructor(
    private readonly everyBytes = FULL_GC_BYTES,
    private readonly collect: () => void = fullCollection,
  ) {}

  /** Count a merged batch of `bytes`; collects once `everyBytes` have passed since the last. */
  merged(bytes: number): void {
    this.since += bytes;
    if (this.since < this.everyBytes) return;
    this.since = 0;
    this.collect();
  }
}

let gc: (() => void) | undefined;

/**
 * A full collection, by V8's `gc()`: taken once per process from a context made while
 * `--expose-gc` is on. The flag is turned off again at once, so this thread's global scope,
 * later contexts and V8's flag hash (which code caches are checked against, see
 * mapping/built-module.ts) stay as they were.
 */
export function fullCollection(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    try {
      gc = runInNewContext('gc') as () => void;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  gc();
}
