import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import ora from 'ora';
import { registerCategoriesCommand } from './categories/command.js';
import { builtinChannelNames, loadBuiltinChannel } from './channels/definition.js';
import { check } from './check.js';
import { progressFigures, progressLine } from './commands/progress.js';
import { convert } from './convert.js';
import { transforms } from './mapping/transforms/index.js';
import { FeedkitError, formatError, INTERNAL_ERROR_EXIT, isKnownError, outputError } from './model/errors.js';
import { VERSION } from './model/version.js';
import { registerOnboardCommands } from './onboard/commands.js';
import type { RunProgress } from './pipeline/options.js';
import {
  deferWhileCommitting,
  Interrupted,
  isCommitting,
  publishPhase,
  runInterruptCleanups,
} from './publish/interrupt.js';
import { renderConsole } from './report/render/console.js';
import { type RendererName, renderers } from './report/render/index.js';
import { redactText, redactUrl } from './text/redact.js';

const color = !process.env.NO_COLOR && process.stdout.isTTY === true;

function integer(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 100)
    throw new InvalidArgumentError('expected 0–100');
  return number;
}

function positive(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number above 0');
  return number;
}

function threadCount(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 64) throw new InvalidArgumentError('expected 1–64');
  return number;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** How stderr lines are written: for people (`feedkit: …`) or as JSON lines for log collectors. */
let logFormat: 'text' | 'json' = 'text';

/** One line on stderr: what happened, and for JSON logs the data behind it. */
function log(
  level: 'info' | 'warn' | 'error',
  event: string,
  message: string,
  data: Record<string, unknown> = {},
) {
  // Every line goes through the redaction: a URL's userinfo and query never reach a log.
  process.stderr.write(
    redactText(
      logFormat === 'json'
        ? `${JSON.stringify({ time: new Date().toISOString(), level, event, message, ...data })}\n`
        : `feedkit: ${message}\n`,
    ),
  );
}

/** `--join stock=/data/stock.csv` → { stock: '/data/stock.csv' }. */
function parseJoins(values: string[]): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const joins: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0 || eq === value.length - 1) {
      throw new FeedkitError('usage', `--join "${value}" is not "<name>=<path>"`);
    }
    joins[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return joins;
}

/**
 * `-H "Authorization: Bearer x"` → headers. A malformed one is a usage error that names the
 * header by its place and, where it has one, its name: the value is a credential and is never echoed.
 */
function parseHeaders(values: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  values.forEach((value, index) => {
    const colon = value.indexOf(':');
    const name = colon > 0 ? value.slice(0, colon).trim() : '';
    const which = `--header ${index + 1}${name && /^[!#$%&'*+.^_`|~\w-]+$/.test(name) ? ` (${name})` : ''}`;
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~\w-]+$/.test(name))
      throw new FeedkitError('usage', `${which} is not "Name: value" (a name of letters, digits and -)`);
    const text = value.slice(colon + 1).trim();
    // A CR or LF would end the header early; HTTP/1.1 carries Latin-1 only.
    if (/[\r\n\0]/.test(text)) throw new FeedkitError('usage', `${which} has a line break in its value`);
    if (/[^\t\x20-\x7e\x80-\xff]/.test(text))
      throw new FeedkitError('usage', `${which} has a character HTTP headers cannot carry (outside Latin-1)`);
    headers[name.toLowerCase()] = text;
  });
  return headers;
}

/**
 * Progress of a run: on a terminal, the spinner's one line, at most ten times a second; with
 * `--log-format json`, a progress event every five seconds (for log collectors); else nothing.
 */
function progressReporter(spinner: { text: string } | undefined): ((p: RunProgress) => void) | undefined {
  if (spinner === undefined && logFormat !== 'json') return undefined;
  const started = performance.now();
  let shown = 0;
  let logged = started;
  return (progress) => {
    const now = performance.now();
    const elapsed = (now - started) / 1000;
    if (spinner !== undefined && now - shown >= 100) {
      shown = now;
      spinner.text = progressLine(progress, elapsed);
    }
    if (logFormat === 'json' && now - logged >= 5000) {
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

/** `--now 2026-12-01T00:00Z`: an instant with its zone (a date alone is midnight UTC). */
function instant(value: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i.test(value);
  const date = new Date(value);
  if (!ok || Number.isNaN(date.getTime()))
    throw new InvalidArgumentError(`"${value}" is not an ISO 8601 time with a zone (2026-12-01T00:00Z)`);
  return date;
}

/** The spinner of the command running now, stopped (cursor shown) when a signal ends it. */
let activeSpinner: { stop(): unknown } | undefined;

/** `--report-format md,html --report-format junit` → each known format once. */
function reportFormats(value: string, previous: string[] = []): string[] {
  const known = Object.keys(renderers).filter((name) => !['console', 'summary'].includes(name));
  const out = [...previous];
  for (const name of value.split(',').map((part) => part.trim())) {
    if (!known.includes(name)) {
      throw new InvalidArgumentError(`unknown report format "${name}"; formats: ${known.join(', ')}`);
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

const program = new Command('feedkit')
  .description(
    'Stream supplier CSV through a YAML mapping into validated product feeds, a rejects file and a report.',
  )
  .version(VERSION, '-V, --version')
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .exitOverride();

program
  .command('convert')
  .description('convert a supplier file into a feed per channel, out/rejects.csv and out/report.json')
  .argument('<input>', 'supplier file (CSV/TSV, optionally gzipped), or - for stdin')
  .requiredOption('-m, --mapping <file>', 'mapping file (YAML)')
  .option('-c, --channel <name>', "channel to write (repeatable; default: the mapping's channels)", collect)
  .option('-o, --out <dir>', 'output folder', 'out')
  .option('--min-score <n>', 'exit 1 when a channel scores below n (0–100)', integer)
  .option('--threads <n>', 'worker threads (default: number of cores; 1 = no workers)', threadCount)
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
    '--baseline <report.json>',
    'compare with the report of an earlier run (shown in every report format)',
  )
  .option(
    '--max-regression <points>',
    'with --baseline: exit 1 when a channel score drops by more points',
    integer,
  )
  .addOption(
    new Option('--log-format <format>', 'stderr lines for people, or JSON lines for log collectors').choices([
      'text',
      'json',
    ]),
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
  .option('--max-table-mb <n>', 'bound of the tables joins and variants keep in memory (default 64)', integer)
  .option(
    '--now <iso>',
    "the run's time, for sale dates (ISO 8601 with zone, e.g. 2026-12-01T00:00Z; default: now)",
    instant,
  )
  .addHelpText(
    'after',
    `
Examples:
  feedkit convert supplier.csv --mapping mappings/acme.yaml
  feedkit convert supplier.csv.gz -m acme.yaml --channel google --out feeds/
  curl -s https://supplier.example/feed.csv | feedkit convert - -m acme.yaml --quiet

Exit codes: 0 done, 1 quality threshold failed, 2 usage or mapping error, 3 input or output problem,
4 not published, or not every channel (the gate refused a channel, or the input was cut off;
  the previous feeds of the refused channels kept), 5 another run holds the output folder,
70 internal error (a bug: please report it), 130/143 interrupted (SIGINT/SIGTERM; the message says
whether the run was published).`,
  )
  .action(
    async (
      input: string,
      opts: {
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
      },
    ) => {
      logFormat = opts.logFormat ?? 'text';
      // discardStdin off: ora's raw-mode stdin turns Ctrl-C into a keystroke, and the terminal's
      // own SIGINT is what the handler in main() answers.
      const spinner =
        process.stderr.isTTY && !opts.quiet
          ? ora({ text: 'reading', stream: process.stderr, discardStdin: false }).start()
          : undefined;
      activeSpinner = spinner;
      try {
        const result = await convert({
          input,
          mapping: opts.mapping,
          channels: opts.channel,
          out: opts.out,
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
          onProgress: progressReporter(spinner),
        });
        spinner?.stop();
        if (result.unchanged) {
          if (!opts.quiet)
            log(
              'info',
              'unchanged',
              `${redactUrl(input)} unchanged since the last published run; nothing to do`,
            );
          return;
        }
        if (!opts.quiet) {
          const print = opts.print ?? (process.stdout.isTTY ? 'console' : undefined);
          if (print === 'console') process.stdout.write(renderConsole(result.report, color));
          else if (print !== undefined)
            process.stdout.write(renderers[print as RendererName]?.render(result.report) ?? '');
          else if (logFormat === 'json') {
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
                  `${name}: most rejected for ${top.join(', ')}; see ${join(opts.out, '.feedkit', 'refused')}/`,
                  {
                    channel: name,
                  },
                );
            }
          }
        }
        // In a GitHub Actions job, the Markdown report goes to the job's summary page.
        const summaryFile = process.env.GITHUB_STEP_SUMMARY;
        if (summaryFile) appendFileSync(summaryFile, `${renderers.md.render(result.report)}\n`);
        process.exitCode = result.exitCode;
      } finally {
        spinner?.stop();
        activeSpinner = undefined;
      }
    },
  );

program
  .command('check')
  .description('lint mappings without reading data')
  .argument('<mapping...>', 'mapping files (YAML); each is checked, and every problem of each is listed')
  .option('-c, --channel <name>', 'channel to check against (repeatable)', collect)
  .option('--json', 'print the results as JSON (one object per mapping: ok, fields, channels, problems)')
  .action(async (mappings: string[], opts: { channel?: string[]; json?: boolean }) => {
    const results: Array<Record<string, unknown>> = [];
    let exitCode = 0;
    for (const mapping of mappings) {
      try {
        const result = await check(mapping, opts.channel);
        results.push({ mapping, ok: true, fields: result.fields, channels: result.channels, problems: [] });
        if (!opts.json)
          process.stdout.write(
            `${result.mapping}: ok (${result.fields.length} fields, channels: ${result.channels.join(', ')})\n`,
          );
      } catch (error) {
        if (!isKnownError(error)) throw error;
        const errors = error instanceof FeedkitError ? [error] : error.errors;
        exitCode = Math.max(exitCode, error.exitCode);
        results.push({
          mapping,
          ok: false,
          problems: errors.map((e) => ({
            code: e.code,
            message: e.message,
            ...(e.file !== undefined ? { file: e.file } : {}),
            ...(e.line !== undefined ? { line: e.line, col: e.col } : {}),
            ...(e.expected !== undefined ? { expected: e.expected } : {}),
            ...(e.suggestion !== undefined ? { suggestion: e.suggestion } : {}),
          })),
        });
        if (!opts.json)
          for (const e of errors)
            log('error', 'failed', formatError(e), { code: e.code, file: e.file, line: e.line, col: e.col });
      }
    }
    if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    process.exitCode = exitCode;
  });

program
  .command('channels')
  .description("list the channels, or one channel's fields")
  .argument('[name]', 'channel name')
  .option('--json', 'print the list, or the channel, as JSON')
  .action((name: string | undefined, opts: { json?: boolean }) => {
    if (opts.json) {
      const names = name === undefined ? builtinChannelNames() : [name];
      const described = names.map((channel) => {
        const { definition } = loadBuiltinChannel(channel);
        return {
          name: channel,
          title: definition.title,
          outputs: definition.outputs.map((o) => ({ format: o.format, file: o.file })),
          fields: definition.fields.map((f) => ({ name: f.name, group: f.group })),
        };
      });
      process.stdout.write(`${JSON.stringify(name === undefined ? described : described[0], null, 2)}\n`);
      return;
    }
    if (name === undefined) {
      for (const channel of builtinChannelNames()) {
        const { definition } = loadBuiltinChannel(channel);
        process.stdout.write(
          `${channel.padEnd(10)} ${definition.title} (${definition.outputs.map((o) => o.format).join(', ')}, ${definition.fields.length} fields)\n`,
        );
      }
      return;
    }
    const { definition, schema } = loadBuiltinChannel(name);
    const properties = (schema.properties ?? {}) as Record<
      string,
      { type?: string; maxLength?: number; maxItems?: number; enum?: string[]; format?: string }
    >;
    process.stdout.write(
      `${definition.name}: ${definition.title} (${definition.outputs.map((o) => `${o.format} → ${o.file}`).join(', ')})\n`,
    );
    for (const field of definition.fields) {
      const p = properties[field.name] ?? {};
      const limit =
        p.maxLength !== undefined
          ? `≤${p.maxLength}`
          : p.maxItems !== undefined
            ? `≤${p.maxItems} values`
            : '';
      const kind = p.enum ? p.enum.join('|') : (p.format ?? p.type ?? '');
      process.stdout.write(
        `  ${field.name.padEnd(26)} ${field.group.padEnd(12)} ${kind} ${limit}\n`.replace(/ +\n$/, '\n'),
      );
    }
  });

program
  .command('transforms')
  .description('list the transforms a mapping can use')
  .option('--json', 'print name, summary, options schema and examples of each, as JSON')
  .action((opts: { json?: boolean }) => {
    if (opts.json) {
      const list = Object.entries(transforms).map(([name, def]) => ({
        name,
        summary: def.summary,
        ...(def.shorthand !== undefined ? { shorthand: def.shorthand } : {}),
        options: def.options,
        examples: def.examples,
      }));
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    for (const [name, def] of Object.entries(transforms))
      process.stdout.write(`${name.padEnd(20)} ${def.summary}\n`);
  });

registerOnboardCommands(program);
registerCategoriesCommand(program);

async function main(): Promise<void> {
  // `feedkit channels google | head`: a reader that stops early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  // SIGINT/SIGTERM: remove this run's temporary files and its lock, keep the previous feeds.
  // `on`, not `once`: ora's cursor restorer (signal-exit) re-raises a signal that has no other
  // listener left, which would kill the process before the clean-ups finish. A second signal
  // while they run ends the process at once.
  // During a commit the signal waits for it to end (it is short), and the message then says
  // truthfully whether the run was published.
  let interrupted = false;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      if (interrupted) {
        if (!isCommitting()) process.exit(code);
        return;
      }
      interrupted = true;
      activeSpinner?.stop();
      const stop = () => {
        const published = publishPhase() === 'published';
        log(
          'error',
          'interrupted',
          published
            ? `interrupted (${signal}) after the run was published; its feeds are in place`
            : `interrupted (${signal}); nothing published, previous outputs kept`,
          { published },
        );
        void runInterruptCleanups().finally(() => process.exit(code));
      };
      if (!deferWhileCommitting(stop)) stop();
    });
  }
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    // A run an interrupt stops: the signal handler says so and exits.
    if (interrupted || error instanceof Interrupted) return;
    const known = isKnownError(error) ? error : outputError(error);
    if (known !== undefined) {
      const errors = known instanceof FeedkitError ? [known] : known.errors;
      for (const e of errors)
        log('error', 'failed', formatError(e), { code: e.code, file: e.file, line: e.line, col: e.col });
      process.exitCode = known.exitCode;
      return;
    }
    // A bug: its stack trace helps whoever fixes it (secrets redacted all the same).
    const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    log(
      'error',
      'internal-error',
      `internal error (a bug in feedkit), please report this with the lines below:\n${stack}`,
      {
        stack,
      },
    );
    process.exitCode = INTERNAL_ERROR_EXIT;
  }
}

await main();
