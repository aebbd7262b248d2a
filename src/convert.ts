import { mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { builtinChannelNames, chooseOutput } from './channels/definition.js';
import { SeenKeys } from './channels/seen-keys.js';
import { checkChannelSchema } from './channels/validate.js';
import { type LoadedYaml, loadYamlFile } from './config/load.js';
import type { ChannelSettings, MappingFile } from './config/mapping.js';
import { checkMappingStructure } from './mapping/check-structure.js';
import { sourceColumns } from './mapping/compile.js';
import {
  type ExtractionCounts,
  emptyExtractionCounts,
  mergeExtractionCounts,
} from './mapping/extract/counts.js';
import { type GroupTallies, mergeGroupTallies } from './mapping/variants/tables.js';
import { FeedkitError, outputError, suggest } from './model/errors.js';
import type { RecordIssue } from './model/issues.js';
import { VERSION } from './model/version.js';
import {
  type BatchResult,
  type ChannelSpec,
  createJob,
  type Job,
  type JobSpec,
  loadChannel,
} from './pipeline/job.js';
import { WorkerPool, WorkerStopped } from './pipeline/pool.js';
import { groupReport, needsPrepass, type Prepared, prepass } from './pipeline/prepass.js';
import { AtomicFile } from './publish/atomic-file.js';
import { step } from './publish/fault.js';
import { FeedWriter } from './publish/feed-writer.js';
import {
  commitCopy,
  commitLinks,
  linkOrCopy,
  newGeneration,
  plainFiles,
  prepareOutput,
  readerNames,
  removeFolder,
  replaceFolder,
  STATE_NAME,
} from './publish/generations.js';
import { commitSection, onInterrupt, publishPhase, startRun, throwIfStopping } from './publish/interrupt.js';
import { OutputLock } from './publish/lock.js';
import { checkOutDir, checkOutputs } from './publish/outputs.js';
import { gateReasons, publishedState, readState, writeState } from './publish/state.js';
import { compareReports, regressions } from './report/baseline.js';
import { buildReport, channelReport } from './report/build.js';
import { type RendererName, renderers } from './report/render/index.js';
import type { Report } from './report/report.js';
import {
  type ChannelStats,
  emptyChannelStats,
  type IssueTallies,
  mergeChannelStats,
  mergeTallies,
  tally,
} from './report/stats.js';
import { suggestCategories } from './report/suggest-categories.js';
import { requalifyFile } from './sinks/qualifier.js';
import { REJECT_COLUMNS, RejectWriter, rejectBytes, rejectRowsOf } from './sinks/rejects.js';
import { type HttpOptions, isUrl, NotModified, safeUrl } from './sources/http.js';
import { checkSource } from './sources/index.js';
import { openSource, type SourceOpened } from './sources/open-source.js';
import type { OpenedSource } from './sources/source.js';

/** Options of {@link convert}. */
export interface ConvertOptions {
  /** Input file path, or `-` for standard input. */
  input: string;
  /** Mapping file path. */
  mapping: string;
  /** Channels to write (names or `.channel.yaml` paths); default: the mapping's `channels`, else `google`. */
  channels?: string[];
  /** Output folder (created if missing). Default `out`. */
  out?: string;
  /** Minimum completeness score per channel; overrides the mapping's `quality.min_score`. */
  minScore?: number;
  /** Stream to read when `input` is `-` (default: process.stdin). */
  stdin?: Readable;
  /** Called after each batch with how far the run has come. */
  onProgress?: (progress: RunProgress) => void;
  /** Target batch size in bytes (default 1 MiB); small values help tests cross batch boundaries. */
  batchBytes?: number;
  /** Worker threads for parsing, mapping and validation (default: the number of cores); 1 runs in-thread. */
  threads?: number;
  /** Publish even when the gate refuses (a drop, no items, too many rejects). */
  force?: boolean;
  /** Read, map and validate, then write only the report: the feeds stay as they are. */
  dryRun?: boolean;
  /** Report formats written into the output folder besides `report.json` (`md`, `html`, `junit`, `github`). */
  reportFormats?: string[];
  /** An earlier report.json to compare with (in the report and every renderer). */
  baseline?: string;
  /** With `baseline`: a channel whose score falls by more points fails the quality check (exit 1). */
  maxRegression?: number;
  /** For a URL input: headers, timeouts and retries of the download. */
  http?: HttpOptions;
  /** For a URL input: ask the server whether the file changed since the last published run; stop if not. */
  ifChanged?: boolean;
  /** Join files by join name, for files outside the mapping's folder (`--join stock=/data/stock.csv`). */
  joins?: Record<string, string>;
  /** Bound of the tables joins and variants keep in memory, in bytes (default 64 MiB). */
  maxTableBytes?: number;
  /**
   * The run's time, which sale dates are compared with (a sale that ended is left out). Taken
   * once per run; default: when the run starts. Fix it for reproducible outputs.
   */
  now?: Date;
  /**
   * How a run is put in place: `links` (default) publishes the whole run at once through the
   * `.feedkit/current` link; `copy` renames each file over the last one's, for servers that do
   * not follow links (readers can see some files new and some old for the moment it takes).
   */
  publish?: PublishMode;
}

/** How far a run has come, after a batch: for progress lines and log events. */
export interface RunProgress {
  /** Records read so far. */
  records: number;
  /** Bytes of the input read so far, as stored (compressed, for gzip). */
  bytes: number;
  /** The input's size in bytes, where known (a file, or a download's Content-Length). */
  totalBytes?: number;
  /** Per channel, items accepted and rejected so far. */
  channels: Record<string, { accepted: number; rejected: number }>;
}

/** How a run is put in place in the output folder (see {@link ConvertOptions.publish}). */
export type PublishMode = 'links' | 'copy';

/** What {@link convert} produced. */
export interface ConvertResult {
  report: Report;
  /** Files written, by channel name (plus `rejects` and `report`). */
  files: Record<string, string>;
  /** 0 when done, 1 when a quality threshold failed, 4 when the gate kept a channel's previous feed. */
  exitCode: 0 | 1 | 4;
  /** True when `ifChanged` found the supplier file unchanged: nothing was read or written. */
  unchanged?: boolean;
}

/** Read the mapping and check its structure (exit 2 on problems). */
export async function loadMapping(path: string): Promise<{ loaded: LoadedYaml; mapping: MappingFile }> {
  const loaded = await loadYamlFile(path);
  const mapping = checkMappingStructure(loaded);
  return { loaded, mapping };
}

/** A channel a run writes, as the mapping and the command line ask for it. */
export interface ChannelChoice {
  /** Name in the report and on the command line. */
  name: string;
  /** Bundled channel name, or the path of the user's own `.channel.yaml`. */
  channel: string;
  /** The mapping's settings for it. */
  settings: ChannelSettings;
}

/** Channels to write, from the options or the mapping (default: google). */
export function resolveChannels(
  mapping: MappingFile,
  requested: string[] | undefined,
  mappingPath: string,
): ChannelChoice[] {
  const fromMapping: ChannelChoice[] = Array.isArray(mapping.channels)
    ? mapping.channels.map((name) => ({ name, channel: name, settings: {} }))
    : Object.entries(mapping.channels ?? {}).map(([name, settings]) => ({
        name,
        // A user-defined channel's files live beside the mapping that names them.
        channel:
          settings?.definition !== undefined ? resolve(dirname(mappingPath), settings.definition) : name,
        settings: settings ?? {},
      }));
  const chosen =
    requested && requested.length > 0
      ? requested.map(
          (name) =>
            fromMapping.find((c) => c.name === name) ?? {
              name: name.endsWith('.yaml') ? basename(name, '.yaml').replace(/\.channel$/, '') : name,
              channel: name,
              settings: {},
            },
        )
      : fromMapping.length > 0
        ? fromMapping
        : [{ name: 'google', channel: 'google', settings: {} }];
  const known = builtinChannelNames();
  for (const { channel } of chosen) {
    if (!channel.endsWith('.yaml') && !known.includes(channel)) {
      throw new FeedkitError(
        'unknown-channel',
        `unknown channel "${channel}"; channels: ${known.join(', ')}`,
        {
          suggestion: suggest(channel, known),
        },
      );
    }
  }
  return chosen;
}

/** The job's view of the chosen channels: each with the output this run writes. */
export function channelSpecs(choices: readonly ChannelChoice[]): ChannelSpec[] {
  return choices.map(({ name, channel, settings }) => {
    const { definition, file } = loadChannel(channel);
    // Bundled schemas are tested; a user's own is compiled strictly here, with positions.
    if (channel.endsWith('.yaml')) checkChannelSchema(resolve(dirname(file), definition.schema));
    return {
      name,
      channel,
      output: chooseOutput(definition, settings),
      feed: {
        title: settings.title ?? definition.title,
        ...(settings.link !== undefined ? { link: settings.link } : {}),
        ...(settings.description !== undefined ? { description: settings.description } : {}),
      },
    };
  });
}

/**
 * Convert one supplier file into a feed per channel, a rejects file and a report.
 * Streams with bounded memory; every output is published only when the whole run succeeded.
 * Throws {@link FeedkitError} for known problems (exit 2 or 3); nothing is published then.
 */
export async function convert(options: ConvertOptions): Promise<ConvertResult> {
  const started = performance.now();
  const { loaded, mapping } = await loadMapping(options.mapping);
  const channelList = resolveChannels(mapping, options.channels, options.mapping);
  const out = options.out ?? 'out';
  const settings = mapping.source ?? {};
  checkSource(loaded);
  const specs = channelSpecs(channelList);
  checkOutputs(loaded, specs);
  await checkOutDir(out);
  const baseline = options.baseline !== undefined ? await readBaseline(options.baseline) : undefined;
  const previous = options.ifChanged && isUrl(options.input) ? await readState(out) : undefined;
  const validators =
    previous?.download !== undefined && previous.download.url === safeUrl(options.input)
      ? { etag: previous.download.etag, lastModified: previous.download.last_modified }
      : undefined;
  let opened: SourceOpened;
  try {
    opened = await openSource(loaded, options.input, {
      stdin: options.stdin,
      http: { ...options.http, conditional: validators },
      batchBytes: options.batchBytes ?? 1 << 20,
    });
  } catch (error) {
    if (!(error instanceof NotModified)) throw error;
    // The published run stands: its report is the answer.
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
    return { report, files: {}, exitCode: 0, unchanged: true };
  }
  const { format, def } = opened;
  let { input, source } = opened;
  const columns = sourceColumns(loaded, source);

  const spec: JobSpec = {
    mappingPath: options.mapping,
    channels: specs,
    columns,
    source: source.spec,
    now: (options.now ?? new Date()).getTime(),
  };
  let job = await createJob(spec, loaded);
  let prepared: Prepared | undefined;

  await mkdir(out, { recursive: true });
  const lock = await OutputLock.acquire(out);
  const stopUnlock = onInterrupt(() => lock.release());
  startRun();
  // Node's permission model allows symlink() only with unrestricted file access: plain renames then.
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  const publishMode: PublishMode =
    options.publish ??
    (permission !== undefined && !(permission.has('fs.read') && permission.has('fs.write'))
      ? 'copy'
      : 'links');
  try {
    // What a killed run left is cleared first (a per-file publish finished, a generation it
    // never published removed): the folder moves from one complete run to the next, never to a mix.
    await prepareOutput(out, publishMode === 'links');
    if (needsPrepass(mapping)) {
      prepared = await prepass({
        loaded,
        input,
        path: options.input,
        format,
        settings,
        columns,
        batchBytes: options.batchBytes ?? 1 << 20,
        out,
        joinFiles: options.joins,
        maxTableBytes: options.maxTableBytes,
      });
      if (prepared.input !== undefined) {
        input = prepared.input;
        source = def.open(input, {
          settings,
          path: options.input,
          batchBytes: options.batchBytes ?? 1 << 20,
        });
      }
      spec.tables = prepared.tables;
      job = await createJob(spec, loaded);
    }
    return await run();
  } catch (error) {
    throw outputError(error) ?? error;
  } finally {
    await prepared?.cleanup();
    stopUnlock();
    await lock.release();
  }

  async function run(): Promise<ConvertResult> {
    // Every file of the run goes into a generation folder no reader sees until the commit.
    // (A signal that waited for a take-over of the folder has begun to end the run: no new folder then.)
    throwIfStopping();
    const gen = await newGeneration(out);
    const readerPath = (path: string) => join(out, basename(path));
    const feeds = job.channels.map(
      (compiled) =>
        new FeedWriter(
          join(gen, compiled.output.file),
          compiled.sink.header(compiled.fields, compiled.options),
          compiled.sink.footer(compiled.fields, compiled.options),
          compiled.output.shard,
          true,
        ),
    );
    const rejectsFile = new AtomicFile(join(gen, 'rejects.csv'), true);
    const extraReports = (options.reportFormats ?? [])
      .filter((name) => name !== 'json')
      .map((name) => {
        const renderer = renderers[name as RendererName];
        if (renderer === undefined) throw new Error(`no report renderer ${name}`);
        const file =
          renderer.name === renderer.extension
            ? `report.${renderer.extension}`
            : `report.${renderer.name}.${renderer.extension}`;
        return { renderer, file };
      });
    const all = [...feeds, rejectsFile];
    const discard = async () => {
      if (publishPhase() === 'published') return;
      await Promise.all(all.map((file) => file.discard()));
      await rm(gen, { recursive: true, force: true });
    };
    const stopCleanup = onInterrupt(discard);
    try {
      for (const feed of feeds) await feed.start();
      await rejectsFile.write(stringify([REJECT_COLUMNS]));
      const merger = new BatchMerger(
        job,
        feeds,
        rejectsFile,
        prepared?.tables.joins?.map((table) => table.rows),
      );
      const names = job.channels.map(
        (compiled, i) => channelList[i]?.name ?? compiled.channel.definition.name,
      );
      const progress = options.onProgress && {
        report: (): void => {
          const read = input.info.progress();
          options.onProgress?.({
            records: merger.records,
            bytes: read.bytes,
            ...(read.total !== undefined ? { totalBytes: read.total } : {}),
            channels: Object.fromEntries(
              merger.stats.map((s, i) => [
                names[i] as string,
                { accepted: s.accepted, rejected: s.rejected },
              ]),
            ),
          });
        },
      };
      const batches = await runBatches(spec, job, source, columns, merger, options, progress?.report);
      if (batches === 0) throw new FeedkitError('input-empty', 'input is empty', { file: options.input });

      const channels = Object.fromEntries(
        job.channels.map((compiled, i) => [
          names[i] as string,
          channelReport(
            compiled,
            merger.stats[i] as ChannelStats,
            (feeds[i] as FeedWriter).paths.map(readerPath),
          ),
        ]),
      );
      const report = buildReport({
        version: VERSION,
        mapping: options.mapping,
        source: {
          // A URL's query may carry a token: the report shows scheme, host and path only.
          path: isUrl(options.input) ? safeUrl(options.input) : options.input,
          format,
          encoding: input.info.encoding,
          encoding_reason: input.info.encodingReason,
          gzip: input.info.gzip,
          ...source.describe(),
          columns,
          records: merger.records,
          lines: merger.lines,
          seconds: Math.round(performance.now() - started) / 1000,
        },
        channels,
        mappingIssues: merger.mappingIssues,
        extraction: job.mapping.extraction && {
          languages: job.mapping.extraction.languages,
          from: job.mapping.extraction.from,
          counts: merger.extraction,
        },
        minScore: options.minScore ?? mapping.quality?.min_score,
        minFill: mapping.quality?.fields,
      });
      if (prepared !== undefined)
        Object.assign(report, groupReport(prepared, merger.groups, merger.joinRowsUsed));
      await suggestCategories(report);
      if (baseline !== undefined && options.baseline !== undefined) {
        report.baseline = compareReports(report, baseline, options.baseline);
        const regressed = regressions(report.baseline, options.maxRegression ?? Number.POSITIVE_INFINITY);
        report.quality.failures.push(...regressed);
        if (regressed.length > 0) report.valid = false;
      }
      const before = await readState(out);
      const reasons = gateReasons(report, before, mapping.gate);
      const force = options.force === true;
      const kept = new Set(
        options.dryRun ? names : force ? [] : names.filter((name) => (reasons[name]?.length ?? 0) > 0),
      );
      const refusedReasons = names.flatMap((name) => reasons[name] ?? []);
      const publishing = names.filter((name) => !kept.has(name));
      report.publish = {
        published: !options.dryRun && publishing.length > 0,
        dry_run: options.dryRun === true,
        forced: !options.dryRun && force && refusedReasons.length > 0,
        refused: refusedReasons,
        channels: Object.fromEntries(
          names.map((name) => [name, { published: !kept.has(name), reasons: reasons[name] ?? [] }]),
        ),
      };
      for (const file of all) await file.close();
      await requalifyFeeds(channelList, feeds, report);
      const files: Record<string, string> = Object.fromEntries(
        names.map((name, i) => [name, readerPath((feeds[i] as FeedWriter).paths[0] as string)]),
      );
      files.rejects = join(out, 'rejects.csv');
      files.report = join(out, 'report.json');
      for (const { renderer, file } of extraReports) files[`report.${renderer.name}`] = join(out, file);
      const reportFiles = (r: Report) => [
        { name: 'report.json', text: renderers.json.render(r) },
        ...extraReports.map(({ renderer, file }) => ({ name: file, text: renderer.render(r) })),
      ];
      if (options.dryRun) {
        // Only the report, for pull-request checks, and out of the way of the published one.
        const dir = await replaceFolder(out, 'dry-run', reportFiles(report));
        await rm(gen, { recursive: true, force: true });
        files.report = join(dir, 'report.json');
        for (const { renderer, file } of extraReports) files[`report.${renderer.name}`] = join(dir, file);
        delete files.rejects;
        return { report, files, exitCode: report.valid ? 0 : 1 };
      }
      // A refused channel's rejects and this run's reports go where a person looks for why.
      const keptDefinitions = new Set(
        job.channels.filter((_, i) => kept.has(names[i] as string)).map((c) => c.channel.definition.name),
      );
      const refusedFiles: Array<{ name: string; from?: string; text?: string }> = [];
      if (kept.size > 0) {
        const allRejects = join(gen, '.all-rejects.csv');
        await rename(join(gen, 'rejects.csv'), allRejects);
        const published = new AtomicFile(join(gen, 'rejects.csv'), true);
        const refused = new AtomicFile(join(gen, '.refused-rejects.csv'), true);
        await published.write(stringify([REJECT_COLUMNS]));
        await refused.write(stringify([REJECT_COLUMNS]));
        for await (const row of rejectRowsOf(allRejects))
          await (keptDefinitions.has(row.channel) ? refused : published).write(row.raw);
        // The kept feeds' rejects stay with them.
        for await (const row of rejectRowsOf(join(out, 'rejects.csv')))
          if (keptDefinitions.has(row.channel)) await published.write(row.raw);
        await published.close();
        await refused.close();
        await rm(allRejects, { force: true });
        refusedFiles.push(
          { name: 'rejects.csv', from: refused.target },
          { name: 'report.json', text: renderers.json.render(report) },
          { name: 'report.md', text: renderers.md.render(report) },
        );
      }
      if (publishing.length === 0) {
        // Nothing of this run replaces what is published: the folder stays as it was.
        await replaceFolder(out, 'refused', refusedFiles);
        await rm(gen, { recursive: true, force: true });
        return { report, files, exitCode: 4 };
      }
      const previousReport = kept.size > 0 ? await readPublishedReport(out) : undefined;
      for (const [i, name] of names.entries()) {
        // This run's files of a refused channel are not published: they make room for the kept ones.
        if (kept.has(name))
          for (const path of (feeds[i] as FeedWriter).paths) await rm(path, { force: true });
      }
      for (const name of kept) {
        // The new generation carries the kept channel's published files, unchanged.
        const entry = previousReport?.channels?.[name];
        for (const file of entry === undefined ? [] : (entry.files ?? [entry.output])) {
          const from = await realpath(join(out, basename(file))).catch(() => undefined);
          if (from !== undefined) await linkOrCopy(from, join(gen, basename(file)));
        }
      }
      // The published report describes the files in place: a kept channel's entry is the earlier run's.
      const publishedReport: Report =
        kept.size === 0
          ? report
          : {
              ...report,
              channels: Object.fromEntries(
                names.map((name) => [
                  name,
                  (kept.has(name) ? previousReport?.channels?.[name] : undefined) ??
                    (report.channels[name] as Report['channels'][string]),
                ]),
              ),
            };
      for (const { name, text } of reportFiles(publishedReport)) await writeFile(join(gen, name), text);
      const download = input.info.download && { url: safeUrl(options.input), ...input.info.download };
      const state = publishedState(report, await readerNames(gen), before, kept, download);
      await step('state', () => writeState(join(gen, STATE_NAME), state));
      const previousFiles = publishMode === 'copy' ? await plainFiles(out) : [];
      await commitSection(async () => {
        if (publishMode === 'copy') await commitCopy(out, gen, previousFiles);
        else await commitLinks(out, gen);
        if (refusedFiles.length > 0) await replaceFolder(out, 'refused', refusedFiles);
        else await removeFolder(out, 'refused');
      });
      return { report, files, exitCode: kept.size > 0 ? 4 : report.valid ? 0 : 1 };
    } catch (error) {
      await discard();
      throw error;
    } finally {
      stopCleanup();
    }
  }
}

/**
 * Feeds with `quote: qualified` were written with `"`; where the report chose `'` (values hold
 * `"`, none `'`) or values hold both, the closed files are rewritten before they are published.
 */
async function requalifyFeeds(channels: readonly ChannelChoice[], feeds: FeedWriter[], report: Report) {
  for (const [i, choice] of channels.entries()) {
    const channel = report.channels[choice.name];
    if (channel?.qualifier === undefined) continue;
    const replaced = channel.warnings.some((warning) => warning.type === 'qualifier-replaced');
    const mode = channel.qualifier === "'" ? 'single' : replaced ? 'typographic' : undefined;
    if (mode === undefined) continue;
    for (const { temp, target } of (feeds[i] as FeedWriter).renames())
      await requalifyFile(temp, mode, target.endsWith('.gz'));
  }
}

/** The report.json readers see in the folder, if any. */
async function readPublishedReport(out: string): Promise<Report | undefined> {
  try {
    return JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  } catch {
    return undefined;
  }
}

/** Read the input batch by batch, hand the batches to the workers, merge results in input order. */
async function runBatches(
  spec: JobSpec,
  job: Job,
  source: OpenedSource,
  columns: readonly string[],
  merger: BatchMerger,
  options: ConvertOptions,
  onBatch?: () => void,
): Promise<number> {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const maxInFlight = threads * 2;
  const inFlight: Array<Promise<BatchResult>> = [];
  let pool: WorkerPool | undefined;
  let batches = 0;
  const merge = async (result: BatchResult) => {
    source.consumed(result.lines);
    await merger.merge(result);
    onBatch?.();
  };
  const dispatch = async (batch: Uint8Array) => {
    const first = batches === 0;
    batches++;
    // Workers start only once a second batch shows the input is worth it; small files stay in-thread.
    if (threads > 1 && pool === undefined && batches === 2) pool = await WorkerPool.start(spec, threads);
    if (pool === undefined) {
      await merge(job.processBatch(batch, first));
      return;
    }
    inFlight.push(pool.submit(batch, first));
    while (inFlight.length >= maxInFlight) await merge(await (inFlight.shift() as Promise<BatchResult>));
  };
  try {
    for await (const batch of source.batches(columns)) await dispatch(batch);
    while (inFlight.length > 0) await merge(await (inFlight.shift() as Promise<BatchResult>));
  } catch (error) {
    if (!(error instanceof WorkerStopped)) throw error;
    // The lost batches began after the last one merged.
    throw new FeedkitError(
      'worker-failed',
      `${error.message} while reading the records from line ${merger.lines + 1} on; nothing was published`,
      { file: options.input, line: merger.lines + 1 },
    );
  } finally {
    // Settle what is still running so no rejection goes unhandled, then stop the workers.
    await Promise.allSettled(inFlight);
    await pool?.close();
  }
  return batches;
}

/** An earlier report.json; unreadable is a usage error (exit 2), before anything is written. */
async function readBaseline(path: string): Promise<Report> {
  try {
    const report = JSON.parse(await readFile(path, 'utf8')) as Report;
    if (typeof report.channels !== 'object' || report.channels === null) throw new Error('no channels in it');
    return report;
  } catch (error) {
    throw new FeedkitError('usage', `cannot use ${path} as a baseline: ${(error as Error).message}`, {
      file: path,
      expected: 'a report.json of an earlier run',
    });
  }
}

/** Keeps cross-batch state in input order: duplicate keys, statistics, line numbers. */
class BatchMerger {
  records = 0;
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
  private readonly seen: SeenKeys[];
  private readonly names: string[];

  constructor(
    job: Job,
    private readonly feeds: FeedWriter[],
    private readonly rejects: AtomicFile,
    joinRows: readonly number[] = [],
  ) {
    this.joinRowsUsed = joinRows.map((rows) => new Uint8Array(rows));
    this.stats = job.channels.map((c) => emptyChannelStats(c.fields.length));
    this.seen = job.channels.map(() => new SeenKeys());
    this.names = job.channels.map((c) => c.channel.definition.name);
  }

  async merge(result: BatchResult): Promise<void> {
    const offset = this.lines;
    let extra: RejectWriter | undefined;
    for (let c = 0; c < result.channels.length; c++) {
      const batch = result.channels[c] as BatchResult['channels'][number];
      const seen = this.seen[c] as SeenKeys;
      const stats = batch.stats;
      const feed = this.feeds[c] as FeedWriter;
      let from = 0;
      let keys: string[] | undefined;
      for (let i = 0; i < batch.ends.length; i++) {
        if (!seen.addHash(batch.hashes[2 * i] as number, batch.hashes[2 * i + 1] as number)) {
          keys ??= batch.keys.split('\u0000');
          const key = keys[i] as string;
          await feed.append(batch.data, batch.ends, from, i);
          from = i + 1;
          const issue: RecordIssue = { type: 'duplicate-id', field: 'id', value: key };
          const line = batch.lines[i] as number;
          stats.accepted--;
          stats.rejected++;
          tally(stats.issues, issue, key, line);
          extra ??= new RejectWriter();
          extra.add({ line, key, channel: c, issues: [issue] }, this.names[c] as string);
        }
      }
      await feed.append(batch.data, batch.ends, from, batch.ends.length);
      mergeChannelStats(this.stats[c] as ChannelStats, stats, offset);
    }
    mergeTallies(this.mappingIssues, result.mappingIssues, offset);
    if (result.extraction !== undefined) mergeExtractionCounts(this.extraction, result.extraction);
    mergeGroupTallies(this.groups, result.groups, (join, rows) => {
      const used = this.joinRowsUsed[join];
      if (used !== undefined) for (const row of rows) used[row] = 1;
    });
    if (result.rejects.lines.length > 0 || extra !== undefined) {
      await this.rejects.write(rejectBytes(result.rejects, extra?.take(), offset));
    }
    this.records += result.records;
    this.lines += result.lines;
  }
}
