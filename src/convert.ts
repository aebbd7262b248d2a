import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { monotonicMs } from './model/clock.js';
import { outputError } from './model/errors.js';
import { finishGapsFile, openGapsFile } from './pipeline/gaps-file.js';
import { BatchMerger } from './pipeline/merge.js';
import { type OpenedRun, openRun, prepareTables } from './pipeline/open.js';
import type { ConvertOptions, ConvertResult, PublishMode } from './pipeline/options.js';
import { planRun, type RunPlan } from './pipeline/plan.js';
import { runBatches } from './pipeline/run.js';
import { checkNotEmpty, runReport } from './pipeline/run-report.js';
import { prepareOutput } from './publish/generations.js';
import { onInterrupt, startRun } from './publish/interrupt.js';
import { OutputLock } from './publish/lock.js';
import { publishRun } from './publish/publish-run.js';
import { openRunFiles, startRunFiles } from './publish/run-files.js';
import { finishSnapshots } from './publish/snapshots.js';

/**
 * Convert one supplier file into a feed per channel, a rejects file and a report.
 * Streams with bounded memory; every output is published only when the whole run succeeded.
 * Throws {@link FeedkitError} for known problems (exit 2 or 3); nothing is published then.
 *
 * The main sequence, one step a module:
 * 1. plan (`pipeline/plan.ts`): load and check the mapping, choose the channels and their
 *    outputs, check the output folder, read the baseline — before anything is read;
 * 2. open (`pipeline/open.ts`): open the input (a URL that has not changed ends the run here),
 *    compile the job; after taking the folder's lock, the pre-pass for joins and variants;
 * 3. run (`pipeline/run.ts`): the scheduler reads batches, the executor (`pipeline/executor.ts`:
 *    in this thread or in workers) runs the per-batch path (`pipeline/job.ts`), the merger
 *    (`pipeline/merge.ts`) puts the results in input order into the run's files;
 * 4. report (`pipeline/run-report.ts`): the report, with categories and the baseline;
 * 5. publish (`publish/publish-run.ts`): the gate, then commit, dry-run report or refusal.
 */
export async function convert(options: ConvertOptions): Promise<ConvertResult> {
  const started = monotonicMs();
  const plan = await planRun(options);
  const run = await openRun(plan, options);
  if (!('job' in run)) return { report: run, files: {}, exitCode: 0, unchanged: true };
  const { out } = plan;
  await mkdir(out, { recursive: true });
  const lock = await OutputLock.acquire(out);
  const stopUnlock = onInterrupt(() => lock.release());
  startRun();
  try {
    const publishMode = options.publish ?? defaultPublishMode();
    // What a killed run left is cleared first (a per-file publish finished, a generation it
    // never published removed): the folder moves from one complete run to the next, never to a mix.
    await prepareOutput(out, publishMode === 'links');
    await prepareTables(plan, run, options);
    return await runAndPublish(plan, run, options, publishMode, started);
  } catch (error) {
    throw outputError(error) ?? error;
  } finally {
    await run.prepared?.cleanup();
    stopUnlock();
    await lock.release();
  }
}

/** Node's permission model allows symlink() only with unrestricted file access: plain renames then. */
function defaultPublishMode(): PublishMode {
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  return permission !== undefined && !(permission.has('fs.read') && permission.has('fs.write'))
    ? 'copy'
    : 'links';
}

/** Steps 3–5 inside the run's generation folder, which an error or an interrupt removes. */
async function runAndPublish(
  plan: RunPlan,
  run: OpenedRun,
  options: ConvertOptions,
  publishMode: PublishMode,
  started: number,
): Promise<ConvertResult> {
  const { job } = run;
  const files = await openRunFiles(plan.out, job, options.reportFormats ?? [], run.spec.now);
  const gaps = await openGapsFile(job, options);
  try {
    await startRunFiles(files);
    const merger = new BatchMerger(
      job,
      files.feeds,
      files.rejectsFile,
      run.prepared?.tables.joins?.map((table) => table.rows),
      { ends: run.prepared?.groupEnds, limit: options.maxTableBytes ?? 64 << 20 },
      files.snapshots,
    );
    merger.gaps = gaps;
    const names = job.channels.map((compiled, i) => plan.channelList[i]?.name ?? compiled.name);
    const onBatch = options.onProgress && (() => options.onProgress?.(progress(run, merger, names)));
    const batches = await runBatches(run.spec, job, run.source, run.columns, merger, options, onBatch);
    await merger.finish();
    checkNotEmpty(batches, options);
    // A channel with a delta output gets the comparison's change list (a dot file of the generation).
    const changeLists = plan.channelList.map((c, i) =>
      c.settings.delta === true ? join(files.gen, `.changes-${i}`) : undefined,
    );
    const changes = await finishSnapshots(
      files,
      plan.out,
      names,
      plan.mapping.changes,
      plan.baselineSnapshots,
      changeLists,
    );
    const report = await runReport(plan, run, merger, files.feeds, names, options, started);
    if (changes !== undefined) report.changes = changes;
    const against = plan.baselineSnapshots?.against ?? plan.out;
    const inputs = { ...plan, job, input: run.input, names, publishMode, changeLists, against };
    const result = await publishRun(inputs, files, report, options);
    await finishGapsFile(gaps, true);
    return result;
  } catch (error) {
    await files.discard();
    await finishGapsFile(gaps, false);
    throw error;
  } finally {
    files.stopCleanup();
  }
}

/** How far the run has come, for {@link ConvertOptions.onProgress}. */
function progress(run: OpenedRun, merger: BatchMerger, names: readonly string[]) {
  const read = run.input.info.progress();
  return {
    records: merger.records,
    bytes: read.bytes,
    ...(read.total !== undefined ? { totalBytes: read.total } : {}),
    channels: Object.fromEntries(
      merger.stats.map((s, i) => [names[i] as string, { accepted: s.accepted, rejected: s.rejected }]),
    ),
  };
}
