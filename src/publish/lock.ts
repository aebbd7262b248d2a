import { type FileHandle, link, mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FeedkitError } from '../model/errors.js';
import { alive } from './journal.js';

/** Who holds an output folder. */
export interface LockHolder {
  /** Process id. */
  pid: number;
  /** Host name (a lock from another host is taken over only once its heartbeat has stopped). */
  host: string;
  /** ISO time the run started. */
  started: string;
}

/** How often the holder touches its lock (ms); `FEEDKIT_LOCK_HEARTBEAT_MS` sets it, for tests. */
const HEARTBEAT_MS = 5_000;
/**
 * A lock untouched for this long is stale whoever holds it (ms): its holder stopped beating.
 * Twelve heartbeats, so a loaded machine or a slow shared volume never loses a live lock.
 */
export const LOCK_STALE_MS = 60_000;

/**
 * One run at a time per output folder: `<out>/.feedkit/lock`, created exclusively. The holder
 * touches it every few seconds (a heartbeat). A lock is taken over when its process is gone
 * (killed, crashed), or whoever holds it when it has not been touched for a minute: a pid that
 * looks alive may be another process's in a container, and a lock from another host (a crashed
 * container on a shared volume) can be judged by nothing else. A live lock makes the second run
 * stop with the holder's pid and start time, changing nothing.
 */
export class OutputLock {
  private beat: NodeJS.Timeout | undefined;
  private released = false;

  private constructor(
    private readonly file: string,
    // The lock's own inode: the heartbeat touches it, and release removes the lock only while
    // it is still this file, never a later run's lock that took over from a stalled one.
    private readonly handle: FileHandle,
    heartbeat: number,
  ) {
    this.beat = setInterval(() => {
      const now = new Date();
      handle.utimes(now, now).catch(() => undefined);
    }, heartbeat);
    this.beat.unref();
  }

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
    const heartbeat = Number(process.env.FEEDKIT_LOCK_HEARTBEAT_MS) || HEARTBEAT_MS;
    for (let attempt = 0; attempt < TAKE_ATTEMPTS; attempt++) {
      // Written whole beside it, then linked into place: the lock is never seen empty, and
      // link() fails if it exists, which makes taking it atomic.
      await writeFile(temp, `${JSON.stringify(me)}\n`);
      const handle = await open(temp, 'r');
      try {
        await link(temp, file);
        return new OutputLock(file, handle, heartbeat);
      } catch (error) {
        await handle.close();
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        await rm(temp, { force: true });
      }
      const raw = await readRaw(file);
      if (raw === undefined) continue; // released meanwhile: try again
      const holder = parseHolder(raw);
      if (holder !== undefined && !(await stale(file, holder, me.host))) {
        throw new FeedkitError(
          'output-locked',
          `${out} is in use by another feedkit run (pid ${holder.pid} on ${holder.host}, started ${holder.started}); nothing was changed`,
          {
            expected: `no ${file}, or one left by a process that is gone or untouched for ${LOCK_STALE_MS / 1000} s`,
          },
        );
      }
      // Stale (or unreadable, half written): take it over, unless another run is doing so;
      // then wait a moment and look again.
      const still = async () => {
        if ((await readRaw(file)) !== raw) return false;
        return holder === undefined || stale(file, holder, me.host);
      };
      if (!(await removeIfStill(file, still)))
        await new Promise((resolve) => setTimeout(resolve, 5 + attempt));
    }
    throw new FeedkitError('output-locked', `cannot lock ${out}: another run keeps taking it`, { file });
  }

  /** Give the folder free again: stop the heartbeat and remove the lock if it is still this run's. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.beat);
    try {
      const [mine, there] = await Promise.all([this.handle.stat(), stat(this.file).catch(() => undefined)]);
      if (there !== undefined && there.ino === mine.ino && there.dev === mine.dev) {
        await rm(this.file, { force: true });
      }
    } finally {
      await this.handle.close().catch(() => undefined);
    }
  }
}

/**
 * Whether a lock's holder has stopped: untouched for {@link LOCK_STALE_MS} (its heartbeat
 * stopped, whatever its pid or host), or on this host with a pid that is gone. An mtime in the
 * future (a clock ahead on another host) counts as fresh.
 */
async function stale(file: string, holder: LockHolder, host: string): Promise<boolean> {
  const touched = await stat(file).then(
    (stats) => stats.mtimeMs,
    () => undefined,
  );
  if (touched === undefined) return true; // gone meanwhile
  if (Date.now() - touched > LOCK_STALE_MS) return true;
  return holder.host === host && !alive(holder.pid);
}

/** How often a run looks again while others take over the same stale lock. */
const TAKE_ATTEMPTS = 200;

/**
 * Removes the stale lock `file` if `still()` says it is still the stale one seen, under a guard
 * that one run holds at a time (`lock.takeover`, linked into place like the lock). Without the
 * guard, two runs that read the same stale lock could each remove it, the second removing the
 * first's new lock, and both proceed. Under the guard nothing else can change the file: a new
 * lock is only ever linked where none is. False when another run holds the guard.
 */
async function removeIfStill(file: string, still: () => Promise<boolean>): Promise<boolean> {
  const guard = `${file}.takeover`;
  const temp = `${guard}.${process.pid}`;
  await writeFile(temp, `${process.pid}\n`);
  try {
    await link(temp, guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A guard whose run died mid-takeover would block every run after it. It is held for
    // milliseconds: one older than a lock's staleness was left by a run on another host or
    // in another container, whose pid says nothing here.
    const owner = Number((await readRaw(guard))?.trim());
    const age = await stat(guard).then(
      (stats) => Date.now() - stats.mtimeMs,
      () => 0,
    );
    if ((Number.isInteger(owner) && owner > 0 && !alive(owner)) || age > LOCK_STALE_MS) {
      await rm(guard, { force: true });
    }
    return false;
  } finally {
    await rm(temp, { force: true });
  }
  try {
    if (await still()) await rm(file, { force: true });
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
