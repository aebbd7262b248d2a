import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One temporary file and the name it takes when a run is published. */
export interface Rename {
  temp: string;
  target: string;
}

const journalFile = (out: string) => join(out, '.feedkit', 'publish.json');

/**
 * Move every file of a run into place as one step that survives a crash. The list of
 * renames is written first (atomically); if the process dies halfway through the renames,
 * the next run on the folder finishes them ({@link recoverPublish}) before it starts, so
 * the folder only ever moves from one complete run to the next.
 */
export async function publishAll(
  out: string,
  renames: readonly Rename[],
  then: () => Promise<void>,
): Promise<void> {
  const file = journalFile(out);
  await writeFile(`${file}.tmp`, `${JSON.stringify(renames)}\n`);
  await rename(`${file}.tmp`, file);
  await applyRenames(renames);
  await then();
  await rm(file, { force: true });
}

/** Finish a publish a killed run left halfway (renames whose temporary file still exists). */
export async function recoverPublish(out: string): Promise<boolean> {
  let renames: Rename[];
  try {
    renames = JSON.parse(await readFile(journalFile(out), 'utf8')) as Rename[];
  } catch {
    // No journal, or one that was never completely written (its .tmp): nothing was renamed yet.
    await rm(`${journalFile(out)}.tmp`, { force: true });
    return false;
  }
  await applyRenames(renames);
  await rm(journalFile(out), { force: true });
  return true;
}

async function applyRenames(renames: readonly Rename[]): Promise<void> {
  for (const { temp, target } of renames) {
    try {
      await rename(temp, target);
    } catch (error) {
      // Already moved by the run that was interrupted.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * Remove temporary files that killed runs left in the folder (`.<name>.<pid>.<time>.tmp`
 * of a process that is gone). Called with the folder's lock held, after a pending publish
 * was finished, so no live run's file is touched.
 */
export async function removeStaleTemps(out: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(out)) {
    const match = /^\..+\.(\d+)\.[0-9a-z]+\.tmp$/.exec(name);
    if (match === null || Number(match[1]) === process.pid || alive(Number(match[1]))) continue;
    await rm(join(out, name), { force: true });
    removed++;
  }
  return removed;
}

/** True when a process with this id runs on this host (EPERM: it exists, someone else's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
