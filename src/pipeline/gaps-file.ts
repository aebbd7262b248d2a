import { resolve } from 'node:path';
import { AtomicFile } from '../publish/atomic-file.js';
import type { Job } from './job.js';
import type { ConvertOptions } from './options.js';

/** The fill-in sheet being written, and its rows so far. */
export interface GapsFile {
  file: AtomicFile;
  rows: number;
}

/**
 * Open the fill-in sheet (`--gaps`) under a temporary name beside it, its header written; it
 * takes its name only when the run succeeds, so a failed run leaves the last sheet as it was.
 */
export async function openGapsFile(job: Job, options: ConvertOptions): Promise<GapsFile | undefined> {
  if (options.gaps === undefined || job.gaps === undefined) return undefined;
  const file = new AtomicFile(resolve(options.gaps));
  await file.write(job.gaps.header);
  return { file, rows: 0 };
}

/** Put the sheet in place (after the run), or remove it (`ok` false: the run failed). */
export async function finishGapsFile(gaps: GapsFile | undefined, ok: boolean): Promise<void> {
  if (gaps === undefined) return;
  if (!ok) return gaps.file.discard();
  await gaps.file.close();
  await gaps.file.publish();
}
