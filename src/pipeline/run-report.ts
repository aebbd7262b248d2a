import { basename, join } from 'node:path';
import { monotonicMs } from '../model/clock.js';
import { FeedkitError } from '../model/errors.js';
import { VERSION } from '../model/version.js';
import type { FeedWriter } from '../publish/feed-writer.js';
import { compareReports, regressions } from '../report/baseline.js';
import { buildReport, channelReport } from '../report/build.js';
import { probeReport } from '../report/probe.js';
import type { Report } from '../report/report.js';
import type { ChannelStats } from '../report/stats.js';
import { suggestCategories } from '../report/suggest-categories.js';
import { isUrl, safeUrl } from '../sources/http.js';
import type { BatchMerger } from './merge.js';
import type { OpenedRun } from './open.js';
import type { ConvertOptions } from './options.js';
import type { RunPlan } from './plan.js';
import { groupReport } from './prepass.js';
import { readinessReport } from './readiness-report.js';

/** The report of a run whose batches are all merged: step 4 of {@link convert}. */
export async function runReport(
  plan: RunPlan,
  run: OpenedRun,
  merger: BatchMerger,
  feeds: readonly FeedWriter[],
  names: readonly string[],
  options: ConvertOptions,
  started: number,
): Promise<Report> {
  const { mapping, out, baseline } = plan;
  const { job, input, source, format, columns, prepared } = run;
  const channels = Object.fromEntries(
    job.channels.map((compiled, i) => {
      const readerPath = (path: string) => join(out, compiled.output.folder ?? '', basename(path));
      const grouper = merger.groupers[i];
      return [
        names[i] as string,
        channelReport(
          compiled,
          merger.stats[i] as ChannelStats,
          (feeds[i] as FeedWriter).paths.map(readerPath),
          grouper && { products: grouper.products, variants: grouper.variants },
        ),
      ];
    }),
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
      ...(merger.referenceRecords !== undefined
        ? { parser: { fast: merger.records - merger.referenceRecords, csv_parse: merger.referenceRecords } }
        : {}),
      lines: merger.lines,
      seconds: Math.round(monotonicMs() - started) / 1000,
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
  Object.assign(report, readinessReport(job, merger, names, options));
  if (run.probe !== undefined && options.probe !== undefined)
    report.probe = probeReport(
      run.probe,
      options.probe.kinds,
      names.map((name, i) => [name, merger.stats[i] as ChannelStats] as const),
    );
  await suggestCategories(report);
  if (baseline !== undefined && options.baseline !== undefined) {
    report.baseline = compareReports(report, baseline, options.baseline);
    const regressed = regressions(report.baseline, options.maxRegression ?? Number.POSITIVE_INFINITY);
    report.quality.failures.push(...regressed);
    if (regressed.length > 0) report.valid = false;
  }
  return report;
}

/** An input with no batch at all is an error (exit 3), before any report is made. */
export function checkNotEmpty(batches: number, options: ConvertOptions): void {
  if (batches === 0) throw new FeedkitError('input-empty', 'input is empty', { file: options.input });
}
