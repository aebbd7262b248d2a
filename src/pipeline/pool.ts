import { Worker } from 'node:worker_threads';
import type { JobSpec } from './job.js';
import type { BatchResult } from './process-batch.js';
import type { FromWorker, ToWorker } from './worker.js';

// Under the test runner this module is TypeScript source; workers always run the built code.
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/pipeline/worker.js', import.meta.url)
  : new URL('./worker.js', import.meta.url);

/**
 * Heap limits per worker. A worker's live data is one batch and its results, a few MB; without
 * a cap V8 lets garbage grow the heap towards gigabytes before collecting, which shows as RSS.
 * Records die young (each is mapped as soon as it is parsed), so a small young generation
 * costs little: 12 MB measured as fast as 32 MB and 50 MB less RSS with two workers; 8 MB
 * spends the same share of a worker's time in GC as 12 (~21 %) with ~10 MB less RSS, 6 MB a
 * quarter more GC (100k-200k rows, two workers).
 * The old generation still leaves room for a batch holding a 16 MB record.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

/**
 * A worker thread stopped without answering: it ran out of memory, or a bug of ours killed it.
 * The run cannot go on (the worker's batches are lost); convert turns this into a known error
 * that names where in the input the lost batches began.
 */
export class WorkerStopped extends Error {
  constructor(readonly reason: string) {
    super(`a worker thread stopped (${reason})`);
    this.name = 'WorkerStopped';
  }
}

interface Slot {
  worker: Worker;
  busy: number;
}

/**
 * N worker threads, each with its own compiled job. Batches go out as transferred buffers;
 * results come back by id, and the caller merges them in input order.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (r: BatchResult) => void; reject: (e: Error) => void; slot: Slot }
  >();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  private constructor() {}

  /** Start `threads` workers; `limits` are for tests that make a worker run out of memory. */
  static async start(spec: JobSpec, threads: number, limits = WORKER_LIMITS): Promise<WorkerPool> {
    const pool = new WorkerPool();
    await Promise.all(
      Array.from({ length: threads }, async () => {
        const worker = new Worker(WORKER_URL, { resourceLimits: limits });
        const slot: Slot = { worker, busy: 0 };
        pool.slots.push(slot);
        await new Promise<void>((resolve, reject) => {
          const onMessage = (message: FromWorker) => {
            if (message.type === 'ready') {
              worker.off('message', onMessage);
              resolve();
            } else if (message.type === 'error') {
              reject(new Error(message.message));
            }
          };
          worker.on('message', onMessage);
          worker.once('error', reject);
          worker.postMessage({ type: 'init', spec } satisfies ToWorker);
        });
        worker.on('message', (message: FromWorker) => pool.receive(slot, message));
        worker.on('error', (error) =>
          pool.fail(
            new WorkerStopped(
              (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
                ? 'out of memory'
                : error.message,
            ),
          ),
        );
        worker.on('exit', (code) => {
          if (code !== 0 && !pool.closing) pool.fail(new WorkerStopped(`exit code ${code}`));
        });
      }),
    );
    return pool;
  }

  /** Batches under way at the least busy worker. */
  fewestUnderWay(): number {
    return this.slots.reduce((fewest, s) => Math.min(fewest, s.busy), Number.POSITIVE_INFINITY);
  }

  /** Send a batch to the least busy worker; the caller must not use `bytes` afterwards. */
  submit(bytes: Uint8Array, first: boolean): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.slots.reduce((best, s) => (s.busy < best.busy ? s : best));
    const id = this.nextId++;
    // The cutter gives each batch memory of its own, which can be transferred as it is. A small
    // batch may sit in Node's shared buffer pool, which must never be transferred: copy those.
    const own = bytes.byteOffset === 0 && bytes.buffer.byteLength > 8192 ? bytes : new Uint8Array(bytes);
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ type: 'batch', id, bytes: own, first } satisfies ToWorker, [
        own.buffer as ArrayBuffer,
      ]);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private receive(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') return;
    const id = message.type === 'result' ? message.id : message.id;
    const entry = id === undefined ? undefined : this.pending.get(id);
    if (entry === undefined) {
      if (message.type === 'error') this.fail(new Error(message.message));
      return;
    }
    this.pending.delete(id as number);
    slot.busy--;
    if (message.type === 'result') entry.resolve(message.result);
    else {
      const error = new Error(message.message);
      error.stack = message.stack;
      entry.reject(error);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }
}
