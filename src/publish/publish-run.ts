import { access, cp, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { MappingFile } from '../config/mapping.js';
import type { Job } from '../pipeline/job.js';
import type { ConvertOptions, ConvertResult, PublishMode } from '../pipeline/options.js';
import type { ChannelChoice } from '../pipeline/plan.js';
import { renderers } from '../report/render/index.js';
import type { Report } from '../report/report.js';
import { REJECT_COLUMNS } from '../sinks/rejects.js';
import { safeUrl } from '../sources/http.js';
import type { OpenedInput } from '../sources/input.js';
import { AtomicFile } from './atomic-file.js';
import { isUpdateFile, type UpdateChannel, writeUpdateFiles } from './delta-files.js';
import { step } from './fault.js';
import type { FeedWriter } from './feed-writer.js';
import {
  commitCopy,
  commitLinks,
  linkOrCopy,
  plainFiles,
  readerNames,
  removeFolder,
  replaceFolder,
  STATE_NAME,
} from './generations.js';
import { commitSection } from './interrupt.js';
import { rejectRowsOf } from './rejects-file.js';
import { requalifyFile } from './requalify-file.js';
import { closeRunFiles, type RunFiles } from './run-files.js';
import { ensureSnapshotLink, keepPublishedSnapshots } from './snapshots.js';
import { gateReasons, publishedState, readState, writeState } from './state.js';

/** What {@link publishRun} needs of the run besides its files and report. */
export interface PublishInputs {
  out: string;
  mapping: MappingFile;
  channelList: readonly ChannelChoice[];
  job: Job;
  input: OpenedInput;
  /** The channels' names, in the job's order. */
  names: readonly string[];
  publishMode: PublishMode;
  /** Per channel, its comparison's change list when it writes a delta (`delta: true`). */
  changeLists?: ReadonlyArray<string | undefined>;
  /** The folder the comparison was against: the output folder, or a `--baseline` folder. */
  against?: string;
}

/** A file of a refused run, kept in `.feedkit/refused/` where a person looks for why. */
interface RefusedFile {
  name: string;
  from?: string;
  text?: string;
}

/**
 * Step 5 of {@link convert}: the gate decides per channel, then the run is committed (all
 * channels through one link, or file by file), or only its report is written (dry run), or
 * nothing replaces what is published (every channel refused).
 */
export async function publishRun(
  run: PublishInputs,
  files: RunFiles,
  report: Report,
  options: ConvertOptions,
): Promise<ConvertResult> {
  const { out, names } = run;
  const { gen, feeds, extraReports } = files;
  const readerPath = (path: string, i: number) =>
    join(out, run.job.channels[i]?.output.folder ?? '', basename(path));
  const before = await readState(out);
  const kept = gate(report, run, before, options);
  const publishing = names.filter((name) => !kept.has(name));
  await closeRunFiles(files);
  await requalifyFeeds(run.channelList, feeds, report);
  const result: Record<string, string> = Object.fromEntries(
    names.map((name, i) => [name, readerPath((feeds[i] as FeedWriter).paths[0] as string, i)]),
  );
  result.rejects = join(out, 'rejects.csv');
  result.report = join(out, 'report.json');
  for (const { renderer, file } of extraReports) result[`report.${renderer.name}`] = join(out, file);
  if (options.dryRun) {
    // Only the report, for pull-request checks, and out of the way of the published one.
    const dir = await replaceFolder(out, 'dry-run', reportFiles(files, report));
    await rm(gen, { recursive: true, force: true });
    result.report = join(dir, 'report.json');
    for (const { renderer, file } of extraReports) result[`report.${renderer.name}`] = join(dir, file);
    delete result.rejects;
    return { report, files: result, exitCode: report.valid ? 0 : 1 };
  }
  await writeUpdateFiles(updateChannels(run, files), new Set(publishing), report.changes);
  const refusedFiles = kept.size > 0 ? await splitRejects(run, gen, kept, report) : [];
  if (publishing.length === 0) {
    // Nothing of this run replaces what is published: the folder stays as it was.
    await replaceFolder(out, 'refused', refusedFiles);
    await rm(gen, { recursive: true, force: true });
    return { report, files: await keptFilesOnly(result, kept), exitCode: 4 };
  }
  const publishedReport = await carryKeptChannels(run, files, kept, report);
  await keepPublishedSnapshots(out, gen, kept);
  for (const { name, text } of reportFiles(files, publishedReport)) await writeFile(join(gen, name), text);
  const download = run.input.info.download && { url: safeUrl(options.input), ...run.input.info.download };
  const state = publishedState(report, await readerNames(gen), before, kept, download);
  await step('state', () => writeState(join(gen, STATE_NAME), state));
  const previousFiles = run.publishMode === 'copy' ? await plainFiles(out) : [];
  await commitSection(async () => {
    if (run.publishMode === 'copy') await commitCopy(out, gen, previousFiles);
    else {
      await commitLinks(out, gen);
      await ensureSnapshotLink(out);
    }
    if (refusedFiles.length > 0) await replaceFolder(out, 'refused', refusedFiles);
    else await removeFolder(out, 'refused');
  });
  return {
    report,
    files: await keptFilesOnly(result, kept),
    exitCode: kept.size > 0 ? 4 : report.valid ? 0 : 1,
  };
}

/** The gate's decision, written into the report: the channels whose published feeds are kept. */
function gate(
  report: Report,
  run: PublishInputs,
  before: Awaited<ReturnType<typeof readState>>,
  options: ConvertOptions,
): Set<string> {
  const { names } = run;
  const reasons = gateReasons(report, before, run.mapping.gate, run.mapping.changes);
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
  return kept;
}

/** A refused channel's entry names its kept previous feed, and is left out when there was none. */
async function keptFilesOnly(
  files: Record<string, string>,
  kept: ReadonlySet<string>,
): Promise<Record<string, string>> {
  for (const name of kept) {
    const path = files[name];
    if (
      path !== undefined &&
      !(await access(path).then(
        () => true,
        () => false,
      ))
    )
      delete files[name];
  }
  return files;
}

/** report.json and the other report formats, as files of the run. */
function reportFiles(files: RunFiles, report: Report): Array<{ name: string; text: string }> {
  return [
    { name: 'report.json', text: renderers.json.render(report) },
    ...files.extraReports.map(({ renderer, file }) => ({ name: file, text: renderer.render(report) })),
  ];
}

/**
 * A refused channel's rejects and this run's reports go where a person looks for why; the
 * published rejects.csv keeps the published channels' rows and the kept feeds' earlier ones.
 */
async function splitRejects(
  run: PublishInputs,
  gen: string,
  kept: ReadonlySet<string>,
  report: Report,
): Promise<RefusedFile[]> {
  const { out } = run;
  const allRejects = join(gen, '.all-rejects.csv');
  await rename(join(gen, 'rejects.csv'), allRejects);
  const published = new AtomicFile(join(gen, 'rejects.csv'), true);
  const refused = new AtomicFile(join(gen, '.refused-rejects.csv'), true);
  await published.write(stringify([REJECT_COLUMNS]));
  await refused.write(stringify([REJECT_COLUMNS]));
  for await (const row of rejectRowsOf(allRejects))
    await (kept.has(row.channel) ? refused : published).write(row.raw);
  // The kept feeds' rejects stay with them.
  for await (const row of rejectRowsOf(join(out, 'rejects.csv')))
    if (kept.has(row.channel)) await published.write(row.raw);
  await published.close();
  await refused.close();
  await rm(allRejects, { force: true });
  return [
    { name: 'rejects.csv', from: refused.target },
    { name: 'report.json', text: renderers.json.render(report) },
    { name: 'report.md', text: renderers.md.render(report) },
  ];
}

/**
 * The new generation carries a kept channel's published files, unchanged, in place of this
 * run's; the published report then describes the files in place (a kept channel's entry is
 * the earlier run's).
 */
async function carryKeptChannels(
  run: PublishInputs,
  files: RunFiles,
  kept: ReadonlySet<string>,
  report: Report,
): Promise<Report> {
  if (kept.size === 0) return report;
  const { out, names } = run;
  const previousReport = await readPublishedReport(out);
  for (const [i, name] of names.entries()) {
    // This run's files of a refused channel are not published: they make room for the kept ones.
    if (kept.has(name))
      for (const path of (files.feeds[i] as FeedWriter).paths) await rm(path, { force: true });
  }
  for (const name of kept) {
    // A channel whose files are a folder (acp/) keeps the published folder whole.
    const folder = run.job.channels[names.indexOf(name)]?.output.folder;
    if (folder !== undefined) {
      await rm(join(files.gen, folder), { recursive: true, force: true });
      const from = await realpath(join(out, folder)).catch(() => undefined);
      if (from !== undefined) await cp(from, join(files.gen, folder), { recursive: true });
      continue;
    }
    const entry = previousReport?.channels?.[name];
    // Its published delta and supplemental files describe the kept feed: they stay with it.
    const output = run.job.channels[names.indexOf(name)]?.output.file ?? '';
    const beside = (await readdir(out)).filter((file) => isUpdateFile(file, output));
    for (const file of [...(entry === undefined ? [] : (entry.files ?? [entry.output])), ...beside]) {
      const from = await realpath(join(out, basename(file))).catch(() => undefined);
      if (from !== undefined) await linkOrCopy(from, join(files.gen, basename(file)));
    }
  }
  return {
    ...report,
    channels: Object.fromEntries(
      names.map((name) => [
        name,
        (kept.has(name) ? previousReport?.channels?.[name] : undefined) ??
          (report.channels[name] as Report['channels'][string]),
      ]),
    ),
  };
}

/**
 * Feeds with `quote: qualified` were written with `"`; where the report chose `'` (values hold
 * `"`, none `'`) or values hold both, the closed files are rewritten before they are published.
 */
async function requalifyFeeds(
  channels: readonly ChannelChoice[],
  feeds: readonly FeedWriter[],
  report: Report,
) {
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

/** The channels with a delta or supplemental output, with their feeds in the generation. */
function updateChannels(run: PublishInputs, files: RunFiles): UpdateChannel[] {
  return run.job.channels.flatMap((compiled, i) => {
    const settings = run.channelList[i]?.settings ?? {};
    if (settings.delta !== true && settings.supplemental === undefined) return [];
    return [
      {
        compiled,
        settings,
        feed: (files.feeds[i] as FeedWriter).paths,
        gen: files.gen,
        changeList: run.changeLists?.[i],
        against: run.against ?? run.out,
      },
    ];
  });
}
