import type { ChannelSnapshot } from '../changes/channel-snapshot.js';
import { rejectedRecordLine } from '../changes/snapshot-line.js';
import { SeenKeys } from '../channels/seen-keys.js';
import {
  type ExtractionCounts,
  emptyExtractionCounts,
  mergeExtractionCounts,
} from '../mapping/extract/counts.js';
import { emptyProvenance, mergeProvenance } from '../mapping/provenance.js';
import { type GroupTallies, mergeGroupTallies } from '../mapping/variants/tables.js';
import type { RecordIssue } from '../model/issues.js';
import type { AtomicFile } from '../publish/atomic-file.js';
import type { FeedWriter } from '../publish/feed-writer.js';
import { emptyReadinessCounts, mergeReadinessCounts, type ReadinessCounts } from '../readiness/counts.js';
import {
  type ChannelStats,
  emptyChannelStats,
  type IssueTallies,
  mergeChannelStats,
  mergeTallies,
  tally,
} from '../report/stats.js';
import { RejectWriter, rejectBytes } from '../sinks/rejects.js';
import type { GapsFile } from './gaps-file.js';
import type { Job } from './job.js';
import type { BatchResult } from './process-batch.js';
import { ProductGrouper } from './products.js';

/** Keeps cross-batch state in input order: duplicate keys, statistics, line numbers. */
export class BatchMerger {
  records = 0;
  /** Records csv-parse read, when the source has a fast cut beside it (the report's `source.parser`). */
  referenceRecords: number | undefined;
  /** Lines consumed so far (the next batch starts at `lines + 1`). */
  lines = 0;
  readonly stats: ChannelStats[];
  readonly mappingIssues: IssueTallies = {};
  /** Supplier values and guesses per extracted field, over all batches. */
  readonly extraction: ExtractionCounts = emptyExtractionCounts([]);
  /** What joins and variants did, over all batches. */
  readonly groups: GroupTallies = {};
  /** Per join, a flag per row of the join file: used by some record. */
  readonly joinRowsUsed: Uint8Array[];
  /** Per channel, the AI readiness counts over all batches (unless readiness is off). */
  readonly readiness: ReadinessCounts[] | undefined;
  /** Per canonical field, its values by source, over all batches. */
  readonly provenance = emptyProvenance();
  /** The fill-in sheet being written (`--gaps`), and its rows so far. */
  gaps: GapsFile | undefined;
  /** Per channel, for nested channels (acp): the products put together from its records. */
  readonly groupers: Array<ProductGrouper | undefined>;
  private seen: SeenKeys[];
  private readonly names: string[];
  /** Members rejected with their product, waiting for the rejects file. */
  private readonly late = new RejectWriter();
  /** Per channel, members rejected with their product, waiting for the snapshot. */
  private readonly lateLines: string[][];

  constructor(
    job: Job,
    private readonly feeds: FeedWriter[],
    private readonly rejects: AtomicFile,
    joinRows: readonly number[] = [],
    products: ProductGrouping = { limit: DEFAULT_HELD },
    /** Per channel, its snapshot (none: no snapshot is written). */
    private readonly snapshots: readonly ChannelSnapshot[] = [],
  ) {
    this.lateLines = job.channels.map(() => []);
    this.joinRowsUsed = joinRows.map((rows) => new Uint8Array(rows));
    this.stats = job.channels.map((c) => emptyChannelStats(c.fields.length));
    this.seen = job.channels.map(() => new SeenKeys());
    const rules = job.readiness?.rules.rules.length;
    this.readiness = rules === undefined ? undefined : job.channels.map(() => emptyReadinessCounts(rules));
    this.names = job.channels.map((c) => c.name);
    this.groupers = job.channels.map((compiled, c) =>
      compiled.nested === undefined
        ? undefined
        : new ProductGrouper(feeds[c] as FeedWriter, products.ends, products.limit, (key, line, issues) => {
            const stats = this.stats[c] as ChannelStats;
            stats.accepted--;
            stats.rejected++;
            for (const issue of issues) tally(stats.issues, issue, key, line);
            this.late.add({ line, key, channel: c, issues }, this.names[c] as string);
            this.lateLines[c]?.push(rejectedRecordLine(key, true, issues));
          }),
    );
  }

  /** After the last batch: the products still waiting are complete. */
  async finish(): Promise<void> {
    // Every key has been seen: the tables (16 MiB at 1M items) can go before the snapshots merge.
    this.seen = [];
    for (const grouper of this.groupers) await grouper?.finish();
    await this.writeLate();
    await this.snapshotLate();
  }

  /** Members a product took with it leave the snapshot too. */
  private async snapshotLate(): Promise<void> {
    for (const [c, lines] of this.lateLines.entries()) {
      if (lines.length === 0) continue;
      await this.snapshots[c]?.addRejected(lines);
      this.lateLines[c] = [];
    }
  }

  private async writeLate(): Promise<void> {
    if (this.late.size === 0) return;
    const rows = this.late.take();
    await this.rejects.write(rejectBytes(rows, undefined, 0));
  }

  async merge(result: BatchResult): Promise<void> {
    const offset = this.lines;
    let extra: RejectWriter | undefined;
    for (let c = 0; c < result.channels.length; c++) {
      const batch = result.channels[c] as BatchResult['channels'][number];
      const seen = this.seen[c] as SeenKeys;
      const stats = batch.stats;
      const feed = this.feeds[c] as FeedWriter;
      const grouper = this.groupers[c];
      const append = (to: number) =>
        grouper === undefined
          ? feed.append(batch.data, batch.ends, from, to)
          : grouper.append(batch.data, batch.ends, from, to, batch.lines, offset);
      let from = 0;
      let keys: string[] | undefined;
      let duplicates: Set<number> | undefined;
      for (let i = 0; i < batch.ends.length; i++) {
        if (!seen.addHash(batch.hashes[2 * i] as number, batch.hashes[2 * i + 1] as number)) {
          keys ??= batch.keys.split('\u0000');
          const key = keys[i] as string;
          await append(i);
          from = i + 1;
          duplicates ??= new Set();
          duplicates.add(i);
          const issue: RecordIssue = { type: 'duplicate-id', field: 'id', value: key };
          const line = batch.lines[i] as number;
          stats.accepted--;
          stats.rejected++;
          tally(stats.issues, issue, key, line);
          extra ??= new RejectWriter();
          extra.add({ line, key, channel: c, issues: [issue] }, this.names[c] as string);
        }
      }
      await append(batch.ends.length);
      const snapshot = this.snapshots[c];
      if (snapshot !== undefined) {
        await snapshot.addAccepted(batch.snapshot, duplicates);
        await snapshot.addRejected(batch.rejected);
      }
      mergeChannelStats(this.stats[c] as ChannelStats, stats, offset);
    }
    for (const grouper of this.groupers) await grouper?.settle(offset + result.lines);
    mergeTallies(this.mappingIssues, result.mappingIssues, offset);
    if (result.extraction !== undefined) mergeExtractionCounts(this.extraction, result.extraction);
    if (result.provenance !== undefined) mergeProvenance(this.provenance, result.provenance);
    if (result.gaps !== undefined && this.gaps !== undefined && result.gaps.rows > 0) {
      await this.gaps.file.write(result.gaps.text);
      this.gaps.rows += result.gaps.rows;
    }
    if (result.readiness !== undefined && this.readiness !== undefined)
      for (const [c, counts] of result.readiness.entries())
        mergeReadinessCounts(this.readiness[c] as ReadinessCounts, counts);
    mergeGroupTallies(this.groups, result.groups, (join, rows) => {
      const used = this.joinRowsUsed[join];
      if (used !== undefined) for (const row of rows) used[row] = 1;
    });
    if (result.rejects.lines.length > 0 || extra !== undefined) {
      await this.rejects.write(rejectBytes(result.rejects, extra?.take(), offset));
    }
    await this.writeLate();
    await this.snapshotLate();
    this.records += result.records;
    if (result.referenceRecords !== undefined)
      this.referenceRecords = (this.referenceRecords ?? 0) + result.referenceRecords;
    this.lines += result.lines;
  }
}

/** Most a nested channel holds of products waiting for their last variant (as `--max-table-mb`'s default). */
const DEFAULT_HELD = 64 << 20;

/** How a nested channel's records find their products. */
export interface ProductGrouping {
  /** Per group id (`item_group_id`), the line of its last record in the input (the pre-pass). */
  ends?: ReadonlyMap<string, number>;
  /** Most characters held at once by products waiting for members (`--max-table-mb`). */
  limit: number;
}
