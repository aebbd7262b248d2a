import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FeedkitError } from '../model/errors.js';
import { alive } from './journal.js';

/** Who holds an output folder. */
export interface LockHolder {
  /** Process id. */
  pid: number;
  /** Host name (a lock from another host is never taken over). */
  host: string;
  /** ISO time the run started. */
  started: string;
}

/**
 * One run at a time per output folder: `<out>/.feedkit/lock`, created exclusively. A lock
 * whose process is gone (killed, crashed) is taken over; a live one makes the second run
 * stop with the holder's pid and start time, changing nothing.
 */
export class OutputLock {
  private constructor(private readonly file: string) {}

  static async acquire(out: string): Promise<OutputLock> {
    const dir = join(out, '.feedkit');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'lock');
    // Half-taken locks of killed runs (`lock.<pid>`) are litter.
    for (const name of await readdir(dir)) {
      const pid = /^lock\.(\d+)$/.exec(name)?.[1];
      if (pid !== undefined && !alive(Number(pid))) await rm(join(dir, name), { force: true });
    }
    const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      // Written whole beside it, then linked into place: the lock is never seen empty, and
      // link() fails if it exists, which makes taking it atomic.
      const temp = `${file}.${process.pid}`;
      await writeFile(temp, `${JSON.stringify(me)}\n`);
      try {
        await link(temp, file);
        return new OutputLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        await rm(temp, { force: true });
      }
      const holder = await readHolder(file);
      if (holder !== undefined && (holder.host !== me.host || alive(holder.pid))) {
        throw new FeedkitError(
          'output-locked',
          `${out} is in use by another feedkit run (pid ${holder.pid} on ${holder.host}, started ${holder.started}); nothing was changed`,
          { expected: `no ${file}, or one left by a process that is gone` },
        );
      }
      // Left by a process that is gone (or unreadable, half written): take it over.
      await rm(file, { force: true });
    }
    throw new FeedkitError('output-locked', `cannot lock ${out}: another run keeps taking it`, { file });
  }

  /** Give the folder free again. */
  async release(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' ? holder : undefined;
  } catch {
    return undefined;
  }
}
