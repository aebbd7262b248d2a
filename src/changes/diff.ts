import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parse } from 'csv-parse';
import { builtinChannelNames, type ChannelDefinition, loadChannel } from '../channels/definition.js';
import type { ChangeRules } from '../config/changes.js';
import { FeedkitError } from '../model/errors.js';
import type { ChangesReport } from '../report/changes.js';
import { ChannelSnapshot } from './channel-snapshot.js';
import {
  type FeedFormat,
  type FeedItem,
  feedFormatOf,
  feedHead,
  feedItems,
  headNames,
} from './feed-reader.js';
import { changeReasons, DEFAULT_MAX_REMOVED, priceThresholds } from './rules.js';
import {
  escapeCell,
  rejectedLine,
  type SnapshotLayout,
  snapshotLayout,
  snapshotLine,
} from './snapshot-line.js';

/** Options of {@link diffFeeds}. */
export interface DiffOptions {
  /** The channel both files were written for (default: told by the file name, else its header). */
  channel?: string;
  /** Change rules to check (a mapping's `changes`); `max_removed` defaults to 0.2. */
  rules?: ChangeRules;
}

/** What {@link diffFeeds} found. */
export interface DiffResult {
  /** The earlier file or folder, as given. */
  before: string;
  /** The later one. */
  after: string;
  /** Per channel in both, what changed: the convert report's `changes` section. */
  changes: ChangesReport;
}

/** One channel's feed on one side. */
interface SideFeed {
  definition: ChannelDefinition;
  format: FeedFormat;
  files: string[];
  /** The folder's rejects.csv, for items accepted before and rejected now. */
  rejects?: string;
}

/**
 * Compare two feed files of one channel, or two output folders (every channel in both), item
 * by item: each side's items become snapshot lines (the snapshot's own code), sorted in bounded
 * memory, and the later side is compared with the earlier in the convert run's merge-join.
 */
export async function diffFeeds(
  before: string,
  after: string,
  options: DiffOptions = {},
): Promise<DiffResult> {
  const folders = await Promise.all([isFolder(before), isFolder(after)]);
  if (folders[0] !== folders[1])
    throw new FeedkitError(
      'usage',
      `cannot compare ${folders[0] ? 'a folder' : 'a file'} with ${folders[1] ? 'a folder' : 'a file'}`,
      {
        expected: 'two feed files, or two output folders',
      },
    );
  const sides = folders[0]
    ? await Promise.all([folderFeeds(before, options.channel), folderFeeds(after, options.channel)])
    : await Promise.all([fileFeed(before, options.channel), fileFeed(after, options.channel)]);
  const [old, now] = sides as [Map<string, SideFeed>, Map<string, SideFeed>];
  const names = [...now.keys()].filter((name) => old.has(name));
  if (names.length === 0)
    throw new FeedkitError('usage', `${before} and ${after} have no channel in common`, {
      expected: 'feeds of the same channel',
      found: `${[...old.keys()].join(', ') || 'none'} and ${[...now.keys()].join(', ') || 'none'}`,
    });
  const temp = await mkdtemp(join(tmpdir(), 'feedkit-diff-'));
  const changes: ChangesReport = {};
  try {
    for (const name of names) {
      const dir = join(temp, name);
      const earlier = join(dir, 'before');
      await snapshotOf(old.get(name) as SideFeed, join(dir, 'runs-before'), name).then((s) =>
        s.finish(earlier, undefined, before),
      );
      const snapshot = await snapshotOf(now.get(name) as SideFeed, join(dir, 'runs-after'), name);
      const found = await snapshot.finish(
        join(dir, 'after'),
        earlier,
        before,
        priceThresholds(options.rules),
      );
      if (found === undefined) continue;
      const maxRemoved = options.rules?.max_removed ?? DEFAULT_MAX_REMOVED;
      found.failed = changeReasons(name, found, options.rules, maxRemoved);
      changes[name] = found;
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return { before, after, changes };
}

async function isFolder(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => {
    throw new FeedkitError('input-missing', `cannot read ${path}: no such file or folder`, { file: path });
  });
  return info.isDirectory();
}

/** A side's snapshot lines, sorted; the folder's rejected items of the channel too. */
async function snapshotOf(feed: SideFeed, temp: string, name: string): Promise<ChannelSnapshot> {
  let layout: SnapshotLayout | undefined;
  let snapshot: ChannelSnapshot | undefined;
  for (const file of feed.files) {
    layout ??= await layoutOf(file, feed);
    snapshot ??= new ChannelSnapshot(layout, temp);
    for await (const items of feedItems(file, feed.format, feed.definition)) {
      const lines = new Array<string>(items.length);
      for (let i = 0; i < items.length; i++) lines[i] = snapshotLine(layout, items[i] as FeedItem);
      await snapshot.addAccepted(lines);
    }
  }
  snapshot ??= new ChannelSnapshot(snapshotLayout(feed.definition.key, feed.definition.fields), temp);
  if (feed.rejects !== undefined) await addRejected(snapshot, feed.rejects, name);
  return snapshot;
}

/**
 * The snapshot's columns: a delimited file's header names (the channel's fields in it, other
 * columns by their own name), else every field of the channel.
 */
async function layoutOf(file: string, feed: SideFeed): Promise<SnapshotLayout> {
  const { key, fields } = feed.definition;
  if (feed.format !== 'tsv' && feed.format !== 'csv') return snapshotLayout(key, fields);
  const header = headNames(await feedHead(file), feed.format);
  return snapshotLayout(
    key,
    header.map((name) => fields.find((f) => f.name === name) ?? { name, from: name }),
  );
}

/** The channel's rows of a rejects.csv as the comparison's rejected lines (first issue and field). */
async function addRejected(snapshot: ChannelSnapshot, rejects: string, name: string): Promise<void> {
  const rows = createReadStream(rejects).pipe(parse({ columns: true, relax_column_count: true }));
  let lines: string[] = [];
  for await (const row of rows as AsyncIterable<Record<string, string>>) {
    if (row.channel !== name || !row.record_key) continue;
    // rejects.csv makes a key safe for spreadsheets with a leading `'` (sinks/rejects.ts).
    const key = /^'[=+\-@\t\r]/.test(row.record_key) ? row.record_key.slice(1) : row.record_key;
    const type = (row.issue_type ?? '').split(';')[0] ?? '';
    const field = (row.field ?? '').split(';')[0] ?? '';
    lines.push(rejectedLine(escapeCell(key), false, field === '' ? type : `${type} ${field}`));
    if (lines.length >= 2000) {
      await snapshot.addRejected(lines);
      lines = [];
    }
  }
  await snapshot.addRejected(lines);
}

/** A channel name a file or folder name says (`google.tsv`, `google-se.tsv`, `acp/`), if bundled. */
function channelOfName(name: string): string | undefined {
  const known = builtinChannelNames();
  const base = name.toLowerCase().replace(/\..*$/, '');
  for (const candidate of [base, base.replace(/-[a-z]{2}$/, ''), base.replace(/-\d+$/, '')])
    if (known.includes(candidate)) return candidate;
  return undefined;
}

/** One feed file: its format by its name (acp by its lines), its channel by `channel`, its name or its header. */
async function fileFeed(path: string, channel: string | undefined): Promise<Map<string, SideFeed>> {
  let format = feedFormatOf(path);
  if (format === undefined)
    throw new FeedkitError('usage', `cannot tell the format of ${path} by its name`, {
      file: path,
      expected: 'a feed feedkit writes: .tsv, .csv, .xml or .jsonl, each optionally .gz',
    });
  const head = await feedHead(path);
  if (format === 'jsonl' && headNames(head, 'jsonl').includes('variants')) format = 'acp';
  const name =
    channel ??
    (format === 'acp' ? 'acp' : undefined) ??
    channelOfName(basename(path)) ??
    channelOfHeader(headNames(head, format), format);
  const definition = loadChannel(name).definition;
  return new Map([[definition.name, { definition, format, files: [path] }]]);
}

/** The bundled channel of `format` whose fields the header names most. */
function channelOfHeader(names: readonly string[], format: FeedFormat): string {
  let best: { name: string; score: number } | undefined;
  for (const name of builtinChannelNames()) {
    const { definition } = loadChannel(name);
    if (!definition.outputs.some((o) => o.format === format)) continue;
    const prefix = definition.outputs.find((o) => o.format === format)?.namespace?.prefix;
    const known = new Set(
      definition.fields.flatMap((f) => [f.name, f.element ?? (prefix ? `${prefix}:${f.name}` : f.name)]),
    );
    const score = names.filter((n) => known.has(n)).length - names.filter((n) => !known.has(n)).length;
    if (best === undefined || score > best.score) best = { name, score };
  }
  if (best === undefined) throw new FeedkitError('usage', `no channel writes ${format}`);
  return best.name;
}

/**
 * The feeds of an output folder: the channels its report.json lists (their files as the
 * report names them, inside the folder), or without one the feed files named by a channel.
 */
async function folderFeeds(folder: string, only: string | undefined): Promise<Map<string, SideFeed>> {
  const feeds = new Map<string, SideFeed>();
  const rejects = join(folder, 'rejects.csv');
  const hasRejects = await stat(rejects).then(
    () => true,
    () => false,
  );
  const report = await readFile(join(folder, 'report.json'), 'utf8').then(
    (text) =>
      JSON.parse(text) as {
        channels?: Record<string, { output?: string; files?: string[]; format?: string }>;
      },
    () => undefined,
  );
  const add = (name: string, channel: string, format: FeedFormat, files: string[]) => {
    if (only !== undefined && name !== only && channel !== only) return;
    feeds.set(name, {
      definition: loadChannel(channel).definition,
      format,
      files,
      ...(hasRejects ? { rejects } : {}),
    });
  };
  if (report?.channels !== undefined) {
    for (const [name, c] of Object.entries(report.channels)) {
      const channel = builtinChannelNames().includes(name) ? name : channelOfName(name);
      const paths = c.files ?? (c.output === undefined ? [] : [c.output]);
      if (channel === undefined || paths.length === 0) continue;
      const format = (c.format ?? feedFormatOf(paths[0] as string)) as FeedFormat;
      // The report names files as the run saw them; inside this folder they keep their last part.
      const inFolder = (path: string) =>
        format === 'acp'
          ? join(folder, basename(dirname(path)), basename(path))
          : join(folder, basename(path));
      add(name, channel, format, paths.map(inFolder));
    }
    return feeds;
  }
  for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const channel = channelOfName(entry.name);
    // A delta or supplemental file beside a feed is not a part of it.
    if (channel === undefined || /\.(delta|supplemental)\./.test(entry.name)) continue;
    if (entry.isDirectory()) {
      const products = (await readdir(join(folder, entry.name))).find((f) =>
        /^products\.jsonl(\.gz)?$/.test(f),
      );
      if (products !== undefined) add(entry.name, channel, 'acp', [join(folder, entry.name, products)]);
      continue;
    }
    const format = feedFormatOf(entry.name);
    if (format === undefined) continue;
    const name = entry.name.replace(/\..*$/, '').replace(/-\d+$/, '');
    const had = feeds.get(name);
    if (had !== undefined) had.files.push(join(folder, entry.name));
    else add(name, channel, format, [join(folder, entry.name)]);
  }
  return feeds;
}
