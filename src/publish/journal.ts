import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One temporary file and the name it takes when a run is published. */
export interface Rename {
  temp: string;
  target: string;
}

/** A per-file publish (`publish: copy`), written before its first step. */
export interface Journal {
  /** Every file of the run and its place in the folder, the state included. */
  renames: Rename[];
  /** Names in the folder the run no longer writes (a stale shard, a report not asked for). */
  remove: string[];
}

/** `<out>/.feedkit/publish.json`. */
export const journalFile = (out: string) => join(out, '.feedkit', 'publish.json');

/** Write the journal whole (beside, then renamed). */
export async function writeJournal(out: string, journal: Journal): Promise<void> {
  const file = journalFile(out);
  await writeFile(`${file}.tmp`, `${JSON.stringify(journal)}\n`);
  await rename(`${file}.tmp`, file);
}

/**
 * The journal a killed run left, if any. One never completely written (its `.tmp`) means
 * nothing was renamed yet: it is removed. A journal of feedkit < 0.2 is a list of renames.
 */
export async function readJournal(out: string): Promise<Journal | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(journalFile(out), 'utf8'));
  } catch {
    await rm(`${journalFile(out)}.tmp`, { force: true });
    return undefined;
  }
  if (Array.isArray(parsed)) return { renames: parsed as Rename[], remove: [] };
  return parsed as Journal;
}

/**
 * Move files into place as one step that survives a crash: the list of renames is written
 * first; if the process dies halfway through, {@link recoverPublish} finishes them.
 */
export async function publishAll(
  out: string,
  renames: readonly Rename[],
  then: () => Promise<void>,
): Promise<void> {
  await writeJournal(out, { renames: [...renames], remove: [] });
  await applyRenames(renames);
  await then();
  await rm(journalFile(out), { force: true });
}

/** Finish a publish a killed run left halfway (renames whose temporary file still exists). */
export async function recoverPublish(out: string): Promise<boolean> {
  const journal = await readJournal(out);
  if (journal === undefined) return false;
  await applyRenames(journal.renames);
  for (const name of journal.remove) await rm(join(out, name), { force: true });
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

/** True when a process with this id runs on this host (EPERM: it exists, someone else's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
