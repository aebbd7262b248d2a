import { Command } from 'commander';

/** `feedkit inspect`: look at a supplier file before writing its mapping. */
export function inspectCommand(): Command {
  return new Command('inspect')
    .description(
      'profile a supplier file: dialect, decimal style, and per column fill, values, type, warnings',
    )
    .argument('<input>', 'supplier file (CSV/TSV, optionally gzipped), or - for stdin')
    .option('--json', 'print the profile as JSON')
    .addHelpText(
      'after',
      `
Examples:
  feedkit inspect supplier.csv
  feedkit inspect supplier.csv.gz --json | jq '.warnings'`,
    )
    .action(async (input: string, opts: { json?: boolean }) => {
      const [{ profileInput }, { renderInspect }] = await Promise.all([
        import('../onboard/profile.js'),
        import('../onboard/inspect.js'),
      ]);
      const profile = await profileInput(input);
      process.stdout.write(opts.json ? `${JSON.stringify(profile, null, 2)}\n` : renderInspect(profile));
    });
}
