import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FeedkitError } from '../model/errors.js';
import type { ConvertResult } from '../pipeline/options.js';
import { loadMapping, resolveChannels } from '../pipeline/plan.js';
import { onInterrupt } from '../publish/interrupt.js';

/** The output folder that means "standard output": `-o -`. */
export const STDOUT_OUT = '-';

/** The convert options `-o -` has to look at. */
export interface StdoutFeedOptions {
  mapping: string;
  channel?: string[];
  ifChanged?: boolean;
  dryRun?: boolean;
  reportFormat?: string[];
  publish?: string;
}

/** A run whose one feed goes to standard output. */
export interface StdoutFeed {
  /** The folder the run writes into: temporary, removed by {@link StdoutFeed.cleanup}. */
  out: string;
  /** Copy the channel's feed to stdout, when this run published it (a refused feed prints nothing). */
  write(result: ConvertResult): Promise<void>;
  /** Remove the temporary folder. */
  cleanup(): Promise<void>;
}

/**
 * `-o -`: the feed of the run's one channel goes to stdout, and nothing else does (the report
 * goes to stderr). The run is an ordinary one in a temporary folder, so stdout gets a feed only
 * once the whole run has succeeded and passed the gate, never the first half of one; the
 * folder, rejects.csv with it, is removed afterwards. A usage error (exit 2, before any data is
 * read) for several channels, and for the options that only mean something with a folder.
 */
export async function stdoutFeed(options: StdoutFeedOptions): Promise<StdoutFeed> {
  const folderOnly: Array<[boolean, string]> = [
    [options.ifChanged === true, '--if-changed compares with the last run kept in the output folder'],
    [options.dryRun === true, '--dry-run writes no feed'],
    [(options.reportFormat ?? []).length > 0, '--report-format writes report files into the output folder'],
    [options.publish !== undefined, '--publish says how files are published into the output folder'],
  ];
  for (const [given, why] of folderOnly) {
    if (given) throw new FeedkitError('usage', `-o - writes the feed to stdout and keeps no folder; ${why}`);
  }
  const { mapping } = await loadMapping(options.mapping);
  const channels = resolveChannels(mapping, options.channel, options.mapping);
  if (channels.length !== 1) {
    throw new FeedkitError(
      'usage',
      `-o - writes one channel's feed to stdout, and this run has ${channels.length} (${channels
        .map((c) => c.name)
        .join(', ')}): choose one with --channel, or write them to a folder`,
    );
  }
  const name = (channels[0] as { name: string }).name;
  const out = await mkdtemp(join(tmpdir(), 'feedkit-stdout-'));
  const remove = () => rm(out, { recursive: true, force: true });
  const stopCleanup = onInterrupt(remove);
  return {
    out,
    async write(result) {
      if (result.report.publish?.channels?.[name]?.published !== true) return;
      const channel = result.report.channels[name];
      if (channel === undefined) return;
      const files = channel.files ?? [channel.output];
      // Gzip members one after another are one gzip stream: JSON Lines shards join up; a
      // header row in every CSV/TSV shard would not.
      if (files.length > 1 && channel.format !== 'jsonl') {
        throw new FeedkitError(
          'output-failed',
          `the ${name} feed was split into ${files.length} files, each with its header row; -o - writes one feed: use a folder`,
          { expected: 'one output file (fewer records than the channel puts in one file)' },
        );
      }
      try {
        for (const file of files) await pipeline(createReadStream(file), process.stdout, { end: false });
      } catch (error) {
        // A reader that stopped early (`| head`) has what it wanted.
        if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
      }
    },
    async cleanup() {
      stopCleanup();
      await remove();
    },
  };
}
