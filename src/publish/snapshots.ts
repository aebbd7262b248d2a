import { copyFile, open, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { priceThresholds } from '../changes/rules.js';
import { SNAPSHOT_MAGIC } from '../changes/snapshot-line.js';
import type { ChangeRules } from '../config/changes.js';
import { FeedkitError } from '../model/errors.js';
import type { ChangesReport } from '../report/changes.js';
import { step } from './fault.js';
import {
  CURRENT,
  code,
  exists,
  feedkitPath,
  readLinkOrUndefined,
  SNAPSHOT_DIR,
  tempName,
} from './generations.js';
import type { RunFiles } from './run-files.js';

/** Snapshots to compare with instead of the published ones (`--baseline <folder>`). */
export interface BaselineSnapshots {
  /** What the report says it compared with: the folder as given. */
  against: string;
  /** Per channel name, its snapshot file. */
  files: Readonly<Record<string, string>>;
}

/**
 * After the last batch: each channel's snapshot is written into the generation (published with
 * its feed, or removed with it) and compared with the published one, or with the baseline's
 * when given. Undefined when no channel had one to compare with.
 */
export async function finishSnapshots(
  files: RunFiles,
  out: string,
  names: readonly string[],
  rules: ChangeRules | undefined,
  baseline?: BaselineSnapshots,
  /** Per channel, where to write its change list (a channel with a delta output), else undefined. */
  changeLists: ReadonlyArray<string | undefined> = [],
): Promise<ChangesReport | undefined> {
  const changes: ChangesReport = {};
  for (const [c, snapshot] of files.snapshots.entries()) {
    const name = names[c] as string;
    const previous = baseline?.files[name] ?? (await publishedSnapshot(out, name));
    const found = await snapshot.finish(
      join(files.gen, SNAPSHOT_DIR, name),
      previous,
      baseline?.against ?? 'published',
      priceThresholds(rules),
      changeLists[c],
    );
    if (found !== undefined) changes[name] = found;
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/**
 * The snapshot of each channel in `folder`: an output folder of an earlier run
 * (`<folder>/.feedkit/snapshot/<channel>`) or a folder of snapshot files (`<folder>/<channel>`,
 * as a catalog repository commits them). A channel without one is a usage error (exit 2),
 * before anything is read.
 */
export async function baselineSnapshots(
  folder: string,
  names: readonly string[],
): Promise<BaselineSnapshots> {
  const files: Record<string, string> = {};
  for (const name of names) {
    const candidates = [await publishedSnapshot(folder, name), join(folder, name)];
    let found: string | undefined;
    for (const path of candidates) if (found === undefined && (await isSnapshot(path))) found = path;
    if (found === undefined)
      throw new FeedkitError(
        'baseline-no-snapshot',
        `--baseline ${folder}: no snapshot of channel "${name}" (looked for ${candidates.join(' and ')})`,
        {
          file: candidates[0] as string,
          expected: `a snapshot feedkit wrote (first line "${SNAPSHOT_MAGIC}"): an output folder of an earlier run, or a folder of snapshot files named by channel`,
        },
      );
    files[name] = found;
  }
  return { against: folder, files };
}

/** Whether `path` is a file whose first line is a snapshot's. */
async function isSnapshot(path: string): Promise<boolean> {
  const file = await open(path).catch(() => undefined);
  if (file === undefined) return false;
  try {
    const head = Buffer.alloc(SNAPSHOT_MAGIC.length + 1);
    const { bytesRead } = await file.read(head, 0, head.length, 0).catch(() => ({ bytesRead: 0 }));
    const text = head.toString('utf8', 0, bytesRead);
    return text === `${SNAPSHOT_MAGIC}\n`;
  } finally {
    await file.close();
  }
}

/**
 * A channel the gate refused keeps its published feed, so its published snapshot too: copied
 * into the new generation in place of this run's (removed when it had none).
 */
export async function keepPublishedSnapshots(
  out: string,
  gen: string,
  kept: ReadonlySet<string>,
): Promise<void> {
  for (const name of kept) {
    const target = join(gen, SNAPSHOT_DIR, name);
    await rm(target, { force: true });
    await copyFile(await publishedSnapshot(out, name), target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

/**
 * The published snapshot of a channel: `<out>/.feedkit/current/.snapshot/<channel>` when the
 * folder is published through links, else `<out>/.feedkit/snapshot/<channel>`.
 */
export async function publishedSnapshot(out: string, channel: string): Promise<string> {
  const linked = feedkitPath(out, CURRENT, SNAPSHOT_DIR, channel);
  return (await exists(linked)) ? linked : feedkitPath(out, 'snapshot', channel);
}

/**
 * `<out>/.feedkit/snapshot → current/.snapshot`, made once (a folder a per-file publish left
 * there is replaced): the snapshots then flip with the feeds.
 */
export async function ensureSnapshotLink(out: string): Promise<void> {
  const path = feedkitPath(out, 'snapshot');
  const target = `${CURRENT}/${SNAPSHOT_DIR}`;
  if ((await readLinkOrUndefined(path)) === target) return;
  await step('link:snapshot', async () => {
    const temp = feedkitPath(out, tempName('snapshot'));
    await symlink(target, temp);
    try {
      await rename(temp, path);
    } catch (error) {
      if (!['EISDIR', 'ENOTEMPTY', 'EEXIST'].includes(code(error) ?? '')) {
        await rm(temp, { force: true });
        throw error;
      }
      await rm(path, { recursive: true, force: true });
      await rename(temp, path);
    }
  });
}
