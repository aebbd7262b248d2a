import {
  copyFile,
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Report } from '../report/report.js';
import { step } from './fault.js';
import { commitSection, markPublished } from './interrupt.js';
import { alive, journalFile, type Rename, readJournal, writeJournal } from './journal.js';
import { stateFile } from './state.js';

/**
 * The output folder as generations (the atomic writer pattern of Kubernetes' mounted
 * configuration): every file of a run is written into `<out>/.feedkit/gen-<n>/`; the files a
 * reader opens are links `<out>/google.tsv → .feedkit/current/google.tsv`, and
 * `.feedkit/current → gen-<n>` is the one link a single rename(2) flips. A reader, the gate and
 * the next run see one generation whole; a killed run leaves at most a generation nothing
 * points to, which the next run removes.
 */

/** The folder inside `--out` that is feedkit's own. */
export const FEEDKIT_DIR = '.feedkit';
/**
 * The folder in a generation of the channels' snapshots (`.snapshot/<channel>`): published
 * with the feeds by the same flip, read through `<out>/.feedkit/snapshot` (a link into
 * `current`, or with `publish: copy` the folder itself).
 */
export const SNAPSHOT_DIR = '.snapshot';
/** The name in a generation of the published state (never a reader's file). */
export const STATE_NAME = 'state.json';
/** The link in `.feedkit/` to the published generation. */
export const CURRENT = 'current';
const LINK_PREFIX = `${FEEDKIT_DIR}/${CURRENT}/`;
/** Report files a run may write beside the feeds (for taking over a folder of feedkit < 0.2). */
const REPORT_NAMES = [
  'rejects.csv',
  'report.json',
  'report.md',
  'report.html',
  'report.junit.xml',
  'report.github.txt',
];

export const feedkitPath = (out: string, ...names: string[]) => join(out, FEEDKIT_DIR, ...names);

export const tempName = (name: string) => `.${name}.${process.pid}.${Date.now().toString(36)}.tmp`;
const genName = (n: number) => `gen-${String(n).padStart(6, '0')}`;

export function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** The generations in the folder, oldest first. */
async function generations(out: string): Promise<Array<{ name: string; n: number }>> {
  let names: string[];
  try {
    names = await readdir(feedkitPath(out));
  } catch (error) {
    if (code(error) === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => ({ name, n: Number(/^gen-(\d+)$/.exec(name)?.[1] ?? Number.NaN) }))
    .filter((g) => Number.isInteger(g.n))
    .sort((a, b) => a.n - b.n);
}

/** The generation `current` points to, if any. */
export async function currentGeneration(out: string): Promise<string | undefined> {
  try {
    return basename(await readlink(feedkitPath(out, CURRENT)));
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** A new, empty generation folder, numbered after every other (the folder's lock is held). */
export async function newGeneration(out: string): Promise<string> {
  const n = ((await generations(out)).at(-1)?.n ?? 0) + 1;
  const dir = feedkitPath(out, genName(n));
  await mkdir(dir, { recursive: true });
  return dir;
}

/** The names of a generation's files a reader opens (all but the state). */
export async function readerNames(gen: string): Promise<string[]> {
  return (await readdir(gen)).filter((name) => name !== STATE_NAME && !name.startsWith('.')).sort();
}

export async function readLinkOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readlink(path);
  } catch (error) {
    if (code(error) === 'ENOENT' || code(error) === 'EINVAL') return undefined;
    throw error;
  }
}

/** `<out>/<name>` as a link through `current`, made once per name (renamed over what was there). */
async function ensureLink(out: string, name: string, label = 'link'): Promise<void> {
  const path = join(out, name);
  if ((await readLinkOrUndefined(path)) === LINK_PREFIX + name) return;
  await step(`${label}:${name}`, async () => {
    const temp = join(out, tempName(name));
    await symlink(LINK_PREFIX + name, temp);
    try {
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  });
}

/**
 * Point `current` at a generation: one rename(2), the moment a run is published (or, taking
 * over a folder of plain files, the moment their generation stands in for them).
 */
async function flip(out: string, gen: string, label: 'flip' | 'adopt-flip' = 'flip'): Promise<void> {
  await step(label, async () => {
    const temp = feedkitPath(out, tempName(CURRENT));
    await symlink(basename(gen), temp);
    await rename(temp, feedkitPath(out, CURRENT));
    if (label === 'flip') markPublished();
  });
}

/** Hard link a file into place (a copy where the file system has no hard links). */
export async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if (code(error) === 'EEXIST') throw error;
    await copyFile(from, to);
  }
}

/**
 * Publish a generation through links: each file name gets its link in `<out>` (once), then
 * `current` flips to the generation. After the flip, links to names the generation does not
 * have are removed, and every generation but this one and the one before.
 */
export async function commitLinks(out: string, gen: string): Promise<void> {
  const names = await readerNames(gen);
  try {
    for (const name of names) await ensureLink(out, name);
    await flip(out, gen);
  } catch (error) {
    // Not published: links made for names the published run does not have would dangle.
    for (const name of names) {
      const path = join(out, name);
      if ((await readLinkOrUndefined(path)) === LINK_PREFIX + name && !(await exists(path)))
        await rm(path, { force: true });
    }
    throw error;
  }
  await tidy(out);
}

export async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/**
 * Publish a generation by renaming each of its files over `<out>/<name>` (`publish: copy`, for
 * servers that do not follow links). Every rename, the state's and the removal of names this
 * run no longer writes are in the journal first: a run killed halfway is finished by the next.
 */
export async function commitCopy(out: string, gen: string, previousFiles: readonly string[]): Promise<void> {
  const names = await readerNames(gen);
  const renames: Rename[] = names.map((name) => ({ temp: join(gen, name), target: join(out, name) }));
  if (await exists(join(gen, SNAPSHOT_DIR)))
    renames.push({ temp: join(gen, SNAPSHOT_DIR), target: feedkitPath(out, 'snapshot') });
  renames.push({ temp: join(gen, STATE_NAME), target: stateFile(out) });
  const keep = new Set(names);
  const remove = new Set(previousFiles.filter((name) => !keep.has(name)));
  for (const name of await readdir(out)) {
    if (!keep.has(name) && (await readLinkOrUndefined(join(out, name)))?.startsWith(LINK_PREFIX))
      remove.add(name);
  }
  await step('journal', () => writeJournal(out, { renames, remove: [...remove] }));
  // From here the run is published: if this process dies, the next run finishes the journal.
  markPublished();
  await finishCopy(out, renames, [...remove]);
}

async function finishCopy(out: string, renames: readonly Rename[], remove: readonly string[]): Promise<void> {
  for (const { temp, target } of renames) {
    await step(`rename:${basename(target)}`, async () => {
      try {
        await rename(temp, target);
      } catch (error) {
        // Already moved by the run that was interrupted.
        if (code(error) === 'ENOENT') return;
        // A folder (acp/) replaces the published one (or a link to it), which rename(2) does not.
        if (!['ENOTEMPTY', 'EEXIST', 'EISDIR', 'ENOTDIR'].includes(code(error) ?? '')) throw error;
        await rm(target, { recursive: true, force: true });
        await rename(temp, target);
      }
    });
  }
  for (const name of remove) await step(`remove:${name}`, () => rm(join(out, name), { force: true }));
  // Readers now open plain files: no link, no generation stays to be read by mistake.
  await step('remove-generations', async () => {
    await rm(feedkitPath(out, CURRENT), { force: true });
    for (const g of await generations(out))
      await rm(feedkitPath(out, g.name), { recursive: true, force: true });
  });
  await step('journal-done', () => rm(journalFile(out), { force: true }));
}

/** After a flip: links to names the current generation lacks go, and the older generations. */
async function tidy(out: string): Promise<void> {
  const current = await currentGeneration(out);
  if (current === undefined) return;
  const names = new Set(await readerNames(feedkitPath(out, current)).catch(() => []));
  for (const name of await readdir(out)) {
    if (names.has(name)) continue;
    if ((await readLinkOrUndefined(join(out, name)))?.startsWith(LINK_PREFIX))
      await step(`unlink:${name}`, () => rm(join(out, name), { force: true }));
  }
  const all = await generations(out);
  const at = all.findIndex((g) => g.name === current);
  // The previous generation stays, for a diff with the published run.
  const previous = all.slice(0, Math.max(0, at)).at(-1)?.name;
  const old = all.filter((g) => g.name !== current && g.name !== previous);
  if (old.length > 0) {
    await step('remove-generations', async () => {
      for (const g of old) await rm(feedkitPath(out, g.name), { recursive: true, force: true });
    });
  }
}

/**
 * Bring the folder to one complete run before a new one starts (the lock is held): finish a
 * per-file publish a killed run left in its journal, remove temporary files and generations
 * nothing points to, links left dangling, and take over a folder of plain files (published by
 * `publish: copy` or by feedkit < 0.2) as a generation, without a reader ever seeing less.
 */
export async function prepareOutput(out: string, adopt = true): Promise<void> {
  const journal = await readJournal(out);
  if (journal !== undefined) await finishCopy(out, journal.renames, journal.remove);
  await removeStaleTemps(out);
  await removeStaleTemps(feedkitPath(out));
  const current = await currentGeneration(out);
  if (current === undefined) {
    for (const g of await generations(out))
      await rm(feedkitPath(out, g.name), { recursive: true, force: true });
    for (const name of await readdir(out)) {
      if ((await readLinkOrUndefined(join(out, name)))?.startsWith(LINK_PREFIX))
        await rm(join(out, name), { force: true });
    }
    // A take-over changes how the folder is laid out, not the run it holds: done whole.
    if (adopt) await commitSection(() => adoptPlainFiles(out), false);
    return;
  }
  // Generations newer than current are of runs killed before their flip.
  await commitSection(async () => {
    await tidy(out);
    await finishAdoption(out, current);
  }, false);
}

/** The names a folder of plain files holds of its last run: from its state, else its report. */
export async function plainFiles(out: string): Promise<string[]> {
  let names: string[] | undefined;
  try {
    const state = JSON.parse(await readFile(stateFile(out), 'utf8')) as { files?: string[] };
    names = state.files;
  } catch {
    // No state, or one of feedkit < 0.2 without its file list.
  }
  if (names === undefined) {
    names = [...REPORT_NAMES];
    try {
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
      for (const channel of Object.values(report.channels ?? {}))
        names.push(...(channel.files ?? [channel.output]).map((file) => basename(file)));
    } catch {
      // No report: only the report names can be there.
    }
  }
  const present: string[] = [];
  for (const name of new Set(names)) {
    if (name.startsWith('.') || name.includes('/')) continue;
    const info = await lstat(join(out, name)).catch(() => undefined);
    if (info?.isFile()) present.push(name);
  }
  return present.sort();
}

async function adoptPlainFiles(out: string): Promise<void> {
  const names = await plainFiles(out);
  if (names.length === 0) return;
  const gen = await newGeneration(out);
  await step('adopt', async () => {
    for (const name of names) await linkOrCopy(join(out, name), join(gen, name));
    try {
      await linkOrCopy(stateFile(out), join(gen, STATE_NAME));
    } catch (error) {
      if (code(error) !== 'ENOENT') throw error;
    }
  });
  await flip(out, gen, 'adopt-flip');
  await finishAdoption(out, basename(gen));
}

/** Plain files that are the same file as the current generation's become its links. */
async function finishAdoption(out: string, current: string): Promise<void> {
  const gen = feedkitPath(out, current);
  for (const name of await readerNames(gen)) {
    const [plain, inGen] = await Promise.all([
      lstat(join(out, name)).catch(() => undefined),
      lstat(join(gen, name)).catch(() => undefined),
    ]);
    if (plain?.isFile() && inGen !== undefined && plain.ino === inGen.ino && plain.dev === inGen.dev)
      await ensureLink(out, name, 'adopt-link');
  }
  await rm(stateFile(out), { force: true });
}

/**
 * Remove temporary files and folders that killed runs left (`.<name>.<pid>.<time>.tmp` of a
 * process that is gone). Called with the folder's lock held, so no live run's file is touched.
 */
export async function removeStaleTemps(dir: string): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (code(error) === 'ENOENT') return 0;
    throw error;
  }
  for (const name of names) {
    const match = /^\..+\.(\d+)\.[0-9a-z]+\.tmp$/.exec(name);
    if (match === null || Number(match[1]) === process.pid || alive(Number(match[1]))) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/**
 * Replace `<out>/.feedkit/<name>/` (the refused channels' reports, the dry run's) with a folder
 * of these files: written beside it, then moved in place of the old one.
 */
export async function replaceFolder(
  out: string,
  name: string,
  files: ReadonlyArray<{ name: string; from?: string; text?: string }>,
): Promise<string> {
  const target = feedkitPath(out, name);
  const temp = feedkitPath(out, tempName(name));
  await mkdir(temp, { recursive: true });
  for (const file of files) {
    if (file.from !== undefined) await rename(file.from, join(temp, file.name));
    else await writeFile(join(temp, file.name), file.text ?? '');
  }
  await rm(target, { recursive: true, force: true });
  await rename(temp, target);
  return target;
}

/** Remove `<out>/.feedkit/<name>/` (a run with nothing refused leaves no refused folder). */
export async function removeFolder(out: string, name: string): Promise<void> {
  await rm(feedkitPath(out, name), { recursive: true, force: true });
}
