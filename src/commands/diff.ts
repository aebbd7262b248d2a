import { Command, Option } from 'commander';

/** The options of `feedkit diff`, as commander parses them. */
type DiffFlags = {
  channel?: string;
  format: 'console' | 'md' | 'json';
  mapping?: string;
  failOnRules?: boolean;
};

/** `feedkit diff`: the change report between two feeds or two output folders. */
export function diffCommand(): Command {
  return new Command('diff')
    .description(
      'compare two feed files of a channel, or two output folders (every channel in both), item by item: the change report convert prints',
    )
    .argument('<old>', 'the earlier feed file or output folder')
    .argument('<new>', 'the later one (a file with a file, a folder with a folder)')
    .option(
      '-c, --channel <name>',
      'the channel the files were written for (default: by the file name, else by its header); with folders, only this channel',
    )
    .addOption(
      new Option('--format <format>', 'console (one line per channel), md (the PR comment) or json')
        .choices(['console', 'md', 'json'])
        .default('console'),
    )
    .option(
      '-m, --mapping <file>',
      "check the mapping's change rules (its changes section; default: max_removed 0.2)",
    )
    .option('--fail-on-rules', 'exit 4 when a change rule breaks')
    .addHelpText(
      'after',
      `
Examples:
  feedkit diff main/google.tsv pr/google.tsv
  feedkit diff main-out/ pr-out/ --format md -m mappings/acme.yaml --fail-on-rules

Exit codes: 0 done, 2 usage error, 3 a file cannot be read, 4 a change rule broke (--fail-on-rules).`,
    )
    .action(runDiff);
}

async function runDiff(before: string, after: string, opts: DiffFlags): Promise<void> {
  const { diffFeeds } = await import('../changes/diff.js');
  const rules = opts.mapping === undefined ? undefined : await mappingRules(opts.mapping);
  const result = await diffFeeds(before, after, {
    ...(opts.channel !== undefined ? { channel: opts.channel } : {}),
    ...(rules !== undefined ? { rules } : {}),
  });
  const report = { changes: result.changes };
  if (opts.format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (opts.format === 'md') {
    const { changesMarkdown } = await import('../report/render/changes-md.js');
    process.stdout.write(`# feedkit diff\n${changesMarkdown(report).join('\n')}\n`);
  } else {
    const { changesConsole } = await import('../report/render/changes-text.js');
    const failed = Object.values(result.changes).flatMap((c) => c.failed ?? []);
    process.stdout.write(
      [...changesConsole(report), ...failed.map((rule) => `change rule broken: ${rule}`)]
        .map((line) => `${line}\n`)
        .join(''),
    );
  }
  const broken = Object.values(result.changes).some((c) => (c.failed ?? []).length > 0);
  process.exitCode = opts.failOnRules && broken ? 4 : 0;
}

/** A mapping's change rules (`changes`, with `gate.max_drop` as `max_removed`'s older name). */
async function mappingRules(path: string) {
  const { loadMapping } = await import('../pipeline/plan.js');
  const { mapping } = await loadMapping(path);
  const maxRemoved = mapping.changes?.max_removed ?? mapping.gate?.max_drop;
  return { ...mapping.changes, ...(maxRemoved !== undefined ? { max_removed: maxRemoved } : {}) };
}
