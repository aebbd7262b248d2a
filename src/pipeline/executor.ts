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

/** The one place that chooses where batches run: 1 thread in this one, more in a worker pool. */
export function createExecutor(spec: JobSpec, job: Job, threads: number): Executor {
  return threads === 1 ? inlineExecutor(job) : poolExecutor(spec, job, threads);
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
 * Batches in worker threads, up to two per thread under way. The workers start only once a
 * second batch shows the input is worth it: the first batch runs in this thread, so a small
 * file never pays for starting them.
 */
function poolExecutor(spec: JobSpec, job: Job, threads: number): Executor {
  let pool: WorkerPool | undefined;
  let batches = 0;
  return {
    get depth() {
      return pool === undefined ? 1 : threads * 2;
    },
    async submit(batch, first) {
      batches++;
      if (pool === undefined && batches === 2) pool = await WorkerPool.start(spec, threads);
      if (pool === undefined) return { result: Promise.resolve(job.processBatch(batch, first)) };
      return { result: pool.submit(batch, first) };
    },
    async close() {
      await pool?.close();
    },
  };
}
