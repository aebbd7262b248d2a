import { copyFile, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { priceThresholds } from '../changes/rules.js';
import type { ChangeRules } from '../config/changes.js';
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

/**
 * After the last batch: each channel's snapshot is written into the generation (published with
 * its feed, or removed with it) and compared with the published one, or with the snapshot of
 * `baseline` (an output folder) when given. Undefined when no channel had one to compare with.
 */
export async function finishSnapshots(
  files: RunFiles,
  out: string,
  names: readonly string[],
  rules: ChangeRules | undefined,
  baseline?: string,
): Promise<ChangesReport | undefined> {
  const changes: ChangesReport = {};
  for (const [c, snapshot] of files.snapshots.entries()) {
    const name = names[c] as string;
    const previous = await publishedSnapshot(baseline ?? out, name);
    const found = await snapshot.finish(
      join(files.gen, SNAPSHOT_DIR, name),
      previous,
      baseline ?? 'published',
      priceThresholds(rules),
    );
    if (found !== undefined) changes[name] = found;
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
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
