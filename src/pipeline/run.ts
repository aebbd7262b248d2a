import { availableParallelism } from 'node:os';
import { FeedkitError } from '../model/errors.js';
import type { OpenedSource } from '../sources/source.js';
import { createExecutor } from './executor.js';
import { HeapPacer } from './heap-pacer.js';
import type { Job, JobSpec } from './job.js';
import type { BatchMerger } from './merge.js';
import type { ConvertOptions } from './options.js';
import { WorkerStopped } from './pool.js';
import type { BatchResult } from './process-batch.js';

/**
 * The scheduler: read the input batch by batch, hand the batches to the executor, merge the
 * results in input order. Returns the number of batches.
 */
export async function runBatches(
  spec: JobSpec,
  job: Job,
  source: OpenedSource,
  columns: readonly string[],
  merger: BatchMerger,
  options: ConvertOptions,
  onBatch?: () => void,
): Promise<number> {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const executor = createExecutor(spec, job, threads);
  // In input order; `settled` lets a result that is ready merge without waiting for a full queue.
  const inFlight: Array<{ result: Promise<BatchResult>; settled: boolean; bytes: number }> = [];
  let batches = 0;
  const pacer = new HeapPacer();
  const mergeOldest = async () => {
    const entry = inFlight.shift() as (typeof inFlight)[number];
    const result = await entry.result;
    source.consumed(result.lines);
    await merger.merge(result);
    pacer.merged(entry.bytes);
    onBatch?.();
  };
  const dispatch = async (batch: Uint8Array) => {
    const first = batches === 0;
    batches++;
    // Read before the hand-over: a batch sent to a worker is detached here.
    const bytes = batch.byteLength;
    const { result } = await executor.submit(batch, first);
    const entry = { result, settled: false, bytes };
    const settle = () => {
      entry.settled = true;
    };
    result.then(settle, settle);
    inFlight.push(entry);
    while (inFlight.length > 0 && ((inFlight[0]?.settled ?? false) || inFlight.length >= executor.depth))
      await mergeOldest();
  };
  try {
    for await (const batch of source.batches(columns)) await dispatch(batch);
    while (inFlight.length > 0) await mergeOldest();
  } catch (error) {
    if (!(error instanceof WorkerStopped)) throw error;
    // The lost batches began after the last one merged.
    throw new FeedkitError(
      'worker-failed',
      `${error.message} while reading the records from line ${merger.lines + 1} on; nothing was published`,
      { file: options.input, line: merger.lines + 1 },
    );
  } finally {
    // Settle what is still running so no rejection goes unhandled, then stop the workers.
    await Promise.allSettled(inFlight.map((entry) => entry.result));
    await executor.close();
  }
  return batches;
}
