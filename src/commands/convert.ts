import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { monotonicMs } from '../model/clock.js';
import type { ConvertResult, RunProgress } from '../pipeline/options.js';
import { renderConsole } from '../report/render/console.js';
import { type RendererName, renderers } from '../report/render/index.js';
import { redactUrl } from '../text/redact.js';
import {
  collect,
  count,
  instant,
  integer,
  parseHeaders,
  parseJoins,
  positive,
  probeKinds,
  reportFormats,
  threadCount,
} from './options.js';
import { progressFigures, progressLine } from './progress.js';
import { currentLogFormat, log, setLogFormat, terminal } from './terminal.js';

const color = !process.env.NO_COLOR && process.stdout.isTTY === true;

/** The options of `feedkit convert`, as commander parses them. */
type ConvertFlags = {
  mapping: string;
  channel?: string[];
  out: string;
  minScore?: number;
  threads?: number;
  print?: string;
  quiet?: boolean;
  force?: boolean;
  dryRun?: boolean;
  reportFormat?: string[];
  header?: string[];
  downloadTimeout?: number;
  maxDownloadMb?: number;
  ifChanged?: boolean;
  baseline?: string;
  maxRegression?: number;
  logFormat?: 'text' | 'json';
  join?: string[];
  maxTableMb?: number;
  now?: Date;
  publish?: 'links' | 'copy';
  readiness?: boolean;
  gaps?: string;
  gapsBelow?: number;
  probe?: Array<'image' | 'link'>;
  probeConcurrency?: number;
  probeRate?: number;
  probeTimeout?: number;
};

/** `feedkit convert`: the command and its options; the run itself is loaded when it is used. */
export function convertCommand(): Command {
  const command = new Command('convert')
    .description('convert a supplier file into a feed per channel, out/rejects.csv and out/report.json')
    .argument('<input>', 'supplier file (CSV/TSV, optionally gzipped), or - for stdin')
    .requiredOption('-m, --mapping <file>', 'mapping file (YAML)')
    .option('-c, --channel <name>', "channel to write (repeatable; default: the mapping's channels)", collect)
    .option(
      '-o, --out <dir>',
      "output folder; - writes the one channel's feed to stdout (the report to stderr, no folder kept)",
      'out',
    )
    .option('--min-score <n>', 'exit 1 when a channel scores below n (0–100)', integer)
    .option(
      '--threads <n>',
      'threads that map and validate: this one and n-1 workers (default: number of cores)',
      threadCount,
    )
    .addOption(
      new Option(
        '--print <format>',
        'print the report to stdout (default: console when stdout is a terminal)',
      ).choices(Object.keys(renderers)),
    )
    .option('-q, --quiet', 'print nothing but errors')
    .option(
      '--report-format <formats>',
      `report files to write into --out besides report.json, comma-separated or repeated: ${Object.keys(
        renderers,
      )
        .filter((name) => !['console', 'summary', 'json'].includes(name))
        .join(', ')}`,
      reportFormats,
    )
    .option(
      '-H, --header <header>',
      'HTTP header for a URL input, "Name: value" (repeatable; never printed)',
      collect,
    )
    .option(
      '--download-timeout <seconds>',
      'for a URL input: the most the whole download may take (default 1800)',
      positive,
    )
    .option('--max-download-mb <n>', 'for a URL input: the largest body accepted (default 4096)', positive)
    .option(
      '--if-changed',
      'for a URL input: stop with exit 0 when the file has not changed since the last published run',
    )
    .option(
      '--baseline <path>',
      'compare with an earlier run: a folder (an output folder, or one of snapshot files) gives the snapshots the change report and rules compare with instead of the last publish, and its report.json if any; a report.json file compares the totals only (shown in every report format)',
    )
    .option(
      '--max-regression <points>',
      'with --baseline: exit 1 when a channel score drops by more points',
      integer,
    )
    .addOption(
      new Option(
        '--log-format <format>',
        'stderr lines for people, or JSON lines for log collectors',
      ).choices(['text', 'json']),
    )
    .option(
      '--force',
      'publish even when the gate refuses (accepted items dropped, none accepted, too many rejects)',
    )
    .option(
      '--dry-run',
      'read, map and validate, then write only the report, to <out>/.feedkit/dry-run/ (nothing published is touched)',
    )
    .addOption(
      new Option(
        '--publish <mode>',
        'links: the whole run at once through .feedkit/current (default); copy: plain files renamed one by one, for servers that do not follow links',
      ).choices(['links', 'copy']),
    )
    .option(
      '--join <name=path>',
      "a join file outside the mapping's folder, by the join's name (repeatable)",
      collect,
    )
    .option(
      '--max-table-mb <n>',
      'bound of what joins, variants and acp products waiting for their variants keep in memory (default 64)',
      integer,
    )
    .option(
      '--now <iso>',
      "the run's time, for sale dates (ISO 8601 with zone, e.g. 2026-12-01T00:00Z; default: now)",
      instant,
    )
    .option('--no-readiness', 'do not score AI readiness (the report then has no readiness section)')
    .option(
      '--gaps <file>',
      'write a fill-in sheet (CSV): a row per product below --gaps-below, a column per missing field',
    )
    .option(
      '--gaps-below <n>',
      'with --gaps: the score below which a product gets a row (0–101, default 80)',
      integer,
    );
  return probeFlags(command)
    .addHelpText(
      'after',
      `
Examples:
  feedkit convert supplier.csv --mapping mappings/acme.yaml
  feedkit convert supplier.csv.gz -m acme.yaml --channel google --out feeds/
  curl -s https://supplier.example/feed.csv | feedkit convert - -m acme.yaml --quiet
  feedkit convert supplier.csv -m acme.yaml --channel google -o - > google.tsv

Exit codes: 0 done, 1 quality threshold failed, 2 usage or mapping error, 3 input or output problem,
4 not published, or not every channel (the gate refused a channel, or the input was cut off;
  the previous feeds of the refused channels kept), 5 another run holds the output folder,
70 internal error (a bug: please report it), 130/143 interrupted (SIGINT/SIGTERM; the message says
whether the run was published).`,
    )
    .action(runConvert);
}

/** The probe's options (`--probe images,links` and how it asks). */
function probeFlags(command: Command): Command {
  return command
    .option(
      '--probe <kinds>',
      "probe the records' URLs before the main pass: images (a ranged GET reads format and size), links (HEAD); cached 24 h in <out>/.feedkit/probe/",
      probeKinds,
    )
    .option('--probe-concurrency <n>', 'with --probe: requests under way at once (default 16)', count)
    .option('--probe-rate <n>', 'with --probe: requests per host and second at most (default 8)', count)
    .option(
      '--probe-timeout <seconds>',
      'with --probe: seconds a URL may take to answer (default 10)',
      positive,
    );
}

/** Run a conversion, print its report as asked, say what the gate refused; sets the exit code. */
async function runConvert(input: string, opts: ConvertFlags): Promise<void> {
  const { convert } = await import('../convert.js');
  setLogFormat(opts.logFormat ?? 'text');
  // `-o -`: the feed to stdout, the report to stderr.
  const toStdout = opts.out === '-' ? await (await import('./stdout-feed.js')).stdoutFeed(opts) : undefined;
  // discardStdin off: ora's raw-mode stdin turns Ctrl-C into a keystroke, and the terminal's
  // own SIGINT is what the handler in main() answers.
  // A pseudo-terminal of no size (`script` from a job, `docker -t` without a size) cannot lay out
  // a line: ora then clears ever more lines per frame. It gets the plain summary instead.
  // ora (and its emoji width tables) loads only for a terminal: 35 ms of a small run's start.
  const spinner =
    process.stderr.isTTY && (process.stderr.columns ?? 0) > 0 && !opts.quiet
      ? (await import('ora'))
          .default({ text: 'reading', stream: process.stderr, discardStdin: false })
          .start()
      : undefined;
  terminal.activeSpinner = spinner;
  try {
    const result = await convert({
      input,
      mapping: opts.mapping,
      channels: opts.channel,
      out: toStdout?.out ?? opts.out,
      minScore: opts.minScore,
      threads: opts.threads,
      force: opts.force,
      dryRun: opts.dryRun,
      reportFormats: opts.reportFormat,
      http: {
        headers: parseHeaders(opts.header ?? []),
        ...(opts.downloadTimeout !== undefined ? { deadline: opts.downloadTimeout * 1000 } : {}),
        ...(opts.maxDownloadMb !== undefined ? { maxBytes: opts.maxDownloadMb * (1 << 20) } : {}),
      },
      ifChanged: opts.ifChanged,
      baseline: opts.baseline,
      maxRegression: opts.maxRegression,
      joins: parseJoins(opts.join ?? []),
      maxTableBytes: opts.maxTableMb === undefined ? undefined : opts.maxTableMb * (1 << 20),
      now: opts.now,
      publish: opts.publish,
      readiness: opts.readiness,
      gaps: opts.gaps,
      gapsBelow: opts.gapsBelow,
      ...(opts.probe !== undefined
        ? {
            probe: {
              kinds: opts.probe,
              concurrency: opts.probeConcurrency,
              rate: opts.probeRate,
              ...(opts.probeTimeout !== undefined ? { timeout: opts.probeTimeout * 1000 } : {}),
            },
          }
        : {}),
      onProgress: progressReporter(spinner),
    });
    spinner?.stop();
    await toStdout?.write(result);
    if (result.unchanged) {
      if (!opts.quiet)
        log('info', 'unchanged', `${redactUrl(input)} unchanged since the last published run; nothing to do`);
      return;
    }
    printResult(result, opts, toStdout ? process.stderr : process.stdout);
    sayRefused(result, opts, toStdout !== undefined);
    // In a GitHub Actions job, the Markdown report goes to the job's summary page.
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) appendFileSync(summaryFile, `${renderers.md.render(result.report)}\n`);
    process.exitCode = result.exitCode;
  } finally {
    spinner?.stop();
    terminal.activeSpinner = undefined;
    await toStdout?.cleanup();
  }
}

/**
 * The report on `stream` (stdout, or stderr when the feed goes to stdout), or the summary on
 * stderr, unless --quiet: then only a failed quality check.
 */
function printResult(result: ConvertResult, opts: ConvertFlags, stream: NodeJS.WriteStream): void {
  if (!opts.quiet) {
    const print = opts.print ?? (stream.isTTY && stream === process.stdout ? 'console' : undefined);
    if (print === 'console') stream.write(renderConsole(result.report, color));
    else if (print !== undefined) stream.write(renderers[print as RendererName]?.render(result.report) ?? '');
    else if (currentLogFormat() === 'json') {
      const r = result.report;
      log(
        r.valid ? 'info' : 'warn',
        'done',
        (renderers.summary?.render(r) ?? '').replace(/^feedkit: |\n$/g, ''),
        {
          records: r.source.records,
          channels: Object.fromEntries(
            Object.entries(r.channels).map(([name, c]) => [name, { ...c.records, score: c.score }]),
          ),
          published: r.publish?.published ?? false,
        },
      );
    } else process.stderr.write(renderers.summary?.render(result.report) ?? '');
  } else if (!result.report.valid) {
    for (const failure of result.report.quality.failures) log('warn', 'quality', `quality: ${failure}`);
  }
}

/** Always said, even with --quiet: a feed that was not replaced is what cron must report. */
function sayRefused(result: ConvertResult, opts: ConvertFlags, toStdout: boolean): void {
  const publish = result.report.publish;
  if (publish !== undefined && publish.refused.length > 0) {
    // Always said, even with --quiet: a feed that was not replaced is what cron must report.
    const refusedChannels = Object.entries(publish.channels ?? {})
      .filter(([, c]) => !c.published)
      .map(([name]) => name);
    const verb = publish.published
      ? publish.forced
        ? 'published anyway (--force)'
        : `published but for ${refusedChannels.join(', ')}, whose previous feeds are kept`
      : publish.dry_run
        ? 'the gate would refuse (--dry-run)'
        : 'not published, previous feeds kept';
    log(
      publish.forced || publish.dry_run ? 'warn' : 'error',
      publish.forced ? 'forced' : 'refused',
      `${verb}: ${publish.refused.join('; ')}`,
      { reasons: publish.refused, channels: refusedChannels },
    );
    if (!publish.forced && !publish.dry_run) {
      for (const name of refusedChannels) {
        // The three biggest reasons its records were rejected, so no one has to open JSON.
        const top = (result.report.channels[name]?.issues ?? [])
          .slice(0, 3)
          .map((issue) => `${issue.type} (${issue.count})`);
        if (top.length > 0)
          log(
            'error',
            'refused-reasons',
            `${name}: most rejected for ${top.join(', ')}${toStdout ? '' : `; see ${join(opts.out, '.feedkit', 'refused')}/`}`,
            {
              channel: name,
            },
          );
      }
    }
  }
}

/**
 * Progress of a run: on a terminal, the spinner's one line, at most ten times a second; with
 * `--log-format json`, a progress event every five seconds (for log collectors); else nothing.
 */
function progressReporter(spinner: { text: string } | undefined): ((p: RunProgress) => void) | undefined {
  if (spinner === undefined && currentLogFormat() !== 'json') return undefined;
  const started = monotonicMs();
  let shown = 0;
  let logged = started;
  return (progress) => {
    const now = monotonicMs();
    const elapsed = (now - started) / 1000;
    if (spinner !== undefined && now - shown >= 100) {
      shown = now;
      spinner.text = progressLine(progress, elapsed);
    }
    if (currentLogFormat() === 'json' && now - logged >= 5000) {
      logged = now;
      const f = progressFigures(progress, elapsed);
      log('info', 'progress', progressLine(progress, elapsed), {
        records: f.records,
        bytes: progress.bytes,
        ...(progress.totalBytes !== undefined ? { total_bytes: progress.totalBytes } : {}),
        ...(f.percent !== undefined ? { percent: f.percent } : {}),
        records_per_second: Math.round(f.rate),
        ...(f.eta !== undefined ? { eta_seconds: Math.round(f.eta) } : {}),
        channels: progress.channels,
      });
    }
  };
}
