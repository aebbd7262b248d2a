import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ChannelChanges } from '../report/changes.js';
import { writeAndCompare } from './compare.js';
import { type SnapshotLayout, snapshotHeader } from './snapshot-line.js';
import { LineSorter } from './sorter.js';

/**
 * One channel's snapshot while a run is merged, in the main thread: the batches' lines (made
 * where the items were serialized) are only appended, sorted in bounded memory, and at the end
 * written sorted and compared with the earlier snapshot in one pass.
 */
export class ChannelSnapshot {
  private readonly accepted: LineSorter;
  private readonly rejected: LineSorter;

  constructor(
    private readonly layout: SnapshotLayout,
    /** A temporary folder for the sorted runs (inside the run's generation). */
    private readonly temp: string,
  ) {
    this.accepted = new LineSorter(`${temp}/accepted`);
    this.rejected = new LineSorter(`${temp}/rejected`);
  }

  /**
   * Accepted items' lines, one each (a batch's, or `feedkit diff`'s from a feed read back),
   * less those at `skip` (duplicates the merge rejected).
   */
  async addAccepted(lines: readonly string[], skip?: ReadonlySet<number>): Promise<void> {
    if (lines.length === 0) return;
    await this.accepted.add(skip === undefined ? lines : lines.filter((_, i) => !skip.has(i)));
  }

  /** Rejected items' lines (see `rejectedLine`). */
  async addRejected(lines: readonly string[]): Promise<void> {
    if (lines.length > 0) await this.rejected.add(lines);
  }

  /**
   * Write the snapshot to `target` and compare it with `previous` (a missing file: no
   * comparison); the temporary runs are removed.
   */
  async finish(
    target: string,
    previous: string | undefined,
    against: string,
    falls: readonly number[] = [],
    /** Where to write the change list for a delta output (see `CompareInputs.changeList`). */
    changeList?: string,
  ): Promise<ChannelChanges | undefined> {
    await mkdir(dirname(target), { recursive: true });
    try {
      const header = snapshotHeader(this.layout);
      return await writeAndCompare({
        current: await this.accepted.sorted(),
        rejected: await this.rejected.sorted(),
        columns: header.slice(header.indexOf('\n') + 1, -1),
        target,
        previous,
        against,
        falls,
        ...(changeList !== undefined ? { changeList } : {}),
      });
    } finally {
      await rm(this.temp, { recursive: true, force: true });
    }
  }
}
