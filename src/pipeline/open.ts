import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monotonicMs } from '../model/clock.js';
import type { ProbeTally } from '../probe/facts.js';
import { PROBE_DEFAULTS, probeUrls } from '../probe/run.js';
import { FEEDKIT_DIR } from '../publish/generations.js';
import { readState } from '../publish/state.js';
import type { Report } from '../report/report.js';
import { isUrl, NotModified, safeUrl } from '../sources/http.js';
import type { OpenedInput } from '../sources/input.js';
import { openSource } from '../sources/open-source.js';
import type { OpenedSource, SourceDef } from '../sources/source.js';
import { createJob, type Job, type JobSpec } from './job.js';
import type { ConvertOptions } from './options.js';
import type { RunPlan } from './plan.js';
import { needsPrepass, type Prepared, prepass } from './prepass.js';

/** The input opened and the job compiled: step 2 of {@link convert}. */
export interface OpenedRun {
  input: OpenedInput;
  /** The source format: the mapping's, or the one sniffed. */
  format: string;
  def: SourceDef;
  source: OpenedSource;
  /** The columns of the source's rows. */
  columns: string[];
  spec: JobSpec;
  job: Job;
  /** What the pre-pass collected, once {@link prepareTables} ran and the mapping needs it. */
  prepared?: Prepared;
  /** What the probe did (`--probe`), once {@link prepareTables} ran it. */
  probe?: { tally: ProbeTally; seconds: number };
}

/** The default batch size: 1 MiB. */
const BATCH_BYTES = 1 << 20;

/**
 * Open the input and compile the job. For a URL input with `ifChanged`, a server that says the
 * file has not changed ends the run here: the published report is returned instead.
 */
export async function openRun(plan: RunPlan, options: ConvertOptions): Promise<OpenedRun | Report> {
  const { loaded, out } = plan;
  const previous = options.ifChanged && isUrl(options.input) ? await readState(out) : undefined;
  const validators =
    previous?.download !== undefined && previous.download.url === safeUrl(options.input)
      ? { etag: previous.download.etag, lastModified: previous.download.last_modified }
      : undefined;
  try {
    const { input, format, def, source } = await openSource(loaded, options.input, {
      stdin: options.stdin,
      http: { ...options.http, conditional: validators },
      batchBytes: options.batchBytes ?? BATCH_BYTES,
    });
    const spec: JobSpec = {
      bundle: plan.bundle,
      channels: plan.specs,
      columns: source.columns ?? [],
      source: source.spec,
      now: (options.now ?? new Date()).getTime(),
      ...gapSpec(plan, options),
    };
    // A source without a header (XML) reads the columns the mapping names, each checked by it.
    const check = source.columns === undefined ? (name: string) => source.checkColumn?.(name) : undefined;
    const job = await createJob(spec, loaded, check);
    return { input, format, def, source, columns: spec.columns, spec, job };
  } catch (error) {
    if (!(error instanceof NotModified)) throw error;
    // The published run stands: its report is the answer.
    return JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  }
}

/**
 * For a mapping with joins or variants, the pre-pass reads what grouping needs (join tables,
 * variant groups) and the job is compiled again with the tables. Changes `run` in place.
 */
export async function prepareTables(plan: RunPlan, run: OpenedRun, options: ConvertOptions): Promise<void> {
  const { loaded, mapping, out } = plan;
  // A nested channel (acp) needs to know where each product group ends.
  const groups =
    run.job.channels.some((compiled) => compiled.nested !== undefined) &&
    run.job.mapping.fields.has('item_group_id');
  const probe = options.probe;
  if (!needsPrepass(mapping, groups, probe !== undefined)) return;
  const settings = mapping.source ?? {};
  const prepared = await prepass({
    loaded,
    input: run.input,
    path: options.input,
    format: run.format,
    settings,
    columns: run.columns,
    batchBytes: options.batchBytes ?? BATCH_BYTES,
    out,
    joinFiles: options.joins,
    data: plan.bundle.data,
    maxTableBytes: options.maxTableBytes,
    groups,
    ...(probe !== undefined
      ? { probe: { kinds: probe.kinds, max: probe.maxUrls ?? PROBE_DEFAULTS.maxUrls } }
      : {}),
  });
  run.prepared = prepared;
  if (prepared.input !== undefined) {
    run.input = prepared.input;
    run.source = run.def.open(run.input, {
      settings,
      path: options.input,
      batchBytes: options.batchBytes ?? BATCH_BYTES,
    });
  }
  run.spec.tables = prepared.tables;
  if (probe !== undefined && prepared.probeUrls !== undefined) {
    const started = monotonicMs();
    const { facts, tally } = await probeUrls(prepared.probeUrls.urls, join(out, FEEDKIT_DIR, 'probe'), probe);
    tally.not_probed = prepared.probeUrls.over;
    run.spec.probe = { kinds: probe.kinds, facts: [...facts.values()] };
    run.probe = { tally, seconds: Math.round(monotonicMs() - started) / 1000 };
  }
  // Only joins and variants change what the job maps; the probe's answers what it judges.
  if (needsPrepass(mapping) || run.spec.probe !== undefined) run.job = await createJob(run.spec, loaded);
}

/** The fill-in sheet's threshold, when the run writes one (`--gaps`). */
function gapSpec(plan: RunPlan, options: ConvertOptions): { gaps?: { below: number } } {
  const rules = plan.bundle.readiness?.rules;
  if (options.gaps === undefined || rules === undefined) return {};
  return { gaps: { below: options.gapsBelow ?? rules.gaps_below } };
}
