import { parentPort } from 'node:worker_threads';
import { isKnownError } from '../model/errors.js';
import { createJob, type Job, type JobSpec } from './job.js';
import type { BatchResult } from './process-batch.js';

/** Messages the main thread sends. */
export type ToWorker =
  | { type: 'init'; spec: JobSpec }
  | { type: 'batch'; id: number; bytes: Uint8Array; first: boolean };
/** Messages a worker sends back. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: BatchResult }
  | { type: 'error'; id?: number; message: string; stack?: string; known: boolean };

const port = parentPort;
if (port === null) throw new Error('pipeline/worker.ts runs only as a worker thread');

let job: Job | undefined;

port.on('message', async (message: ToWorker) => {
  try {
    if (message.type === 'init') {
      // Each worker compiles its own mapping and validators from plain data: nothing is shared.
      job = await createJob(message.spec);
      port.postMessage({ type: 'ready' } satisfies FromWorker);
      return;
    }
    if (job === undefined) throw new Error('batch before init');
    const result = job.processBatch(message.bytes, message.first);
    const { rejects } = result;
    const transfer = [
      ...result.channels.flatMap((c) => [c.data.buffer, c.ends.buffer, c.lines.buffer]),
      rejects.data.buffer,
      rejects.ends.buffer,
      rejects.lines.buffer,
      rejects.channels.buffer,
    ] as ArrayBuffer[];
    port.postMessage({ type: 'result', id: message.id, result } satisfies FromWorker, transfer);
  } catch (error) {
    const e = error as Error;
    port.postMessage({
      type: 'error',
      id: message.type === 'batch' ? message.id : undefined,
      message: e.message,
      stack: e.stack,
      known: isKnownError(error),
    } satisfies FromWorker);
  }
});
