import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FeedkitError } from '../errors.js';
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
      const pid = /^lock\.(?:takeover\.)?(\d+)$/.exec(name)?.[1];
      if (pid !== undefined && !alive(Number(pid))) await rm(join(dir, name), { force: true });
    }
    const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
    const temp = `${file}.${process.pid}`;
    for (let attempt = 0; attempt < TAKE_ATTEMPTS; attempt++) {
      // Written whole beside it, then linked into place: the lock is never seen empty, and
      // link() fails if it exists, which makes taking it atomic.
      await writeFile(temp, `${JSON.stringify(me)}\n`);
      try {
        await link(temp, file);
        return new OutputLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        await rm(temp, { force: true });
      }
      const raw = await readRaw(file);
      if (raw === undefined) continue; // released meanwhile: try again
      const holder = parseHolder(raw);
      if (holder !== undefined && (holder.host !== me.host || alive(holder.pid))) {
        throw new FeedkitError(
          'output-locked',
          `${out} is in use by another feedkit run (pid ${holder.pid} on ${holder.host}, started ${holder.started}); nothing was changed`,
          { expected: `no ${file}, or one left by a process that is gone` },
        );
      }
      // Left by a process that is gone (or unreadable, half written): take it over, unless
      // another run is doing so; then wait a moment and look again.
      if (!(await removeIfStill(file, raw))) await new Promise((resolve) => setTimeout(resolve, 5 + attempt));
    }
    throw new FeedkitError('output-locked', `cannot lock ${out}: another run keeps taking it`, { file });
  }

  /** Give the folder free again. */
  async release(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

/** How often a run looks again while others take over the same stale lock. */
const TAKE_ATTEMPTS = 200;

/**
 * Removes the stale lock `file` if it still holds `raw`, under a guard that one run holds at a
 * time (`lock.takeover`, linked into place like the lock). Without the guard, two runs that
 * read the same stale lock could each remove it, the second removing the first's new lock,
 * and both proceed. Under the guard nothing else can change the file: a new lock is only ever
 * linked where none is. False when another run holds the guard.
 */
async function removeIfStill(file: string, raw: string): Promise<boolean> {
  const guard = `${file}.takeover`;
  const temp = `${guard}.${process.pid}`;
  await writeFile(temp, `${process.pid}\n`);
  try {
    await link(temp, guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A guard whose run died mid-takeover would block every run after it.
    const owner = Number((await readRaw(guard))?.trim());
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) await rm(guard, { force: true });
    return false;
  } finally {
    await rm(temp, { force: true });
  }
  try {
    if ((await readRaw(file)) === raw) await rm(file, { force: true });
    return true;
  } finally {
    await rm(guard, { force: true });
  }
}

async function readRaw(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(raw) as LockHolder;
    return typeof holder?.pid === 'number' ? holder : undefined;
  } catch {
    return undefined;
  }
}
