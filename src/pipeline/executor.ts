import type { Job, JobSpec } from './job.js';
import { WorkerPool } from './pool.js';
import type { BatchResult } from './process-batch.js';

/** A batch handed to an {@link Executor}: its result comes later (boxed, so awaiting the hand-over does not wait for it). */
export interface Submitted {
  result: Promise<BatchResult>;
}

/** Runs the per-batch path ({@link Job.processBatch}) on batches, in this thread or in workers. */
export interface Executor {
  /** Hand one batch over; resolves once it is under way. `first` is true for the input's first batch. */
  submit(batch: Uint8Array, first: boolean): Promise<Submitted>;
  /** Batches that may be under way before the scheduler merges the oldest. */
  readonly depth: number;
  /** Stop the workers, if any. */
  close(): Promise<void>;
}

/** The one place that chooses where batches run: 1 thread in this one, more in this one and a worker pool. */
export function createExecutor(spec: JobSpec, job: Job, threads: number): Executor {
  return threads === 1 ? inlineExecutor(job) : sharedExecutor(spec, job, threads);
}

/** Every batch in this thread, merged before the next is read. */
function inlineExecutor(job: Job): Executor {
  return {
    depth: 1,
    async submit(batch, first) {
      return { result: Promise.resolve(job.processBatch(batch, first)) };
    },
    async close() {},
  };
}

/**
 * Batches in this thread and in `threads - 1` workers. A batch goes to a worker with fewer than
 * {@link PER_WORKER} under way; when every worker has that many, this thread runs it. This
 * thread's own share of the work (reading, merging, writing) is about a third of a core, so it
 * is also the thread that does the rest: `threads` workers beside it would ask more of the
 * cores than there are, and each worker costs its own heap (~50 MB of RSS). The split follows
 * the speeds: a worker that keeps up gets the batches, one that falls behind leaves more here.
 * The workers start only once a second batch shows the input is worth it, so a small file never
 * pays for starting them.
 */
function sharedExecutor(spec: JobSpec, job: Job, threads: number): Executor {
  const workers = threads - 1;
  const inline = inlineExecutor(job);
  let pool: WorkerPool | undefined;
  let batches = 0;
  return {
    get depth() {
      return pool === undefined ? 1 : workers * PER_WORKER + AHEAD;
    },
    async submit(batch, first) {
      batches++;
      if (pool === undefined && batches === 2) pool = await WorkerPool.start(spec, workers);
      if (pool === undefined || pool.fewestUnderWay() >= PER_WORKER) return inline.submit(batch, first);
      return { result: pool.submit(batch, first) };
    },
    async close() {
      await pool?.close();
    },
  };
}

/** Batches a worker may have under way: one running, one waiting, so it never idles between them. */
const PER_WORKER = 2;
/** Batches this thread may run while the oldest is still at a worker. */
const AHEAD = 4;
