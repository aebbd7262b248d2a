import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { FeedkitError } from '../model/errors.js';
import { initMapping } from './init.js';
import { renderInspect } from './inspect.js';
import { profileInput } from './profile.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `feedkit inspect` and `feedkit init`: look at a supplier file, then start a mapping for it. */
export function registerOnboardCommands(program: Command): void {
  program
    .command('inspect')
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
      const profile = await profileInput(input);
      process.stdout.write(opts.json ? `${JSON.stringify(profile, null, 2)}\n` : renderInspect(profile));
    });

  program
    .command('init')
    .description('write a starter mapping for a supplier file, guessed from its column names and values')
    .argument('<input>', 'supplier file (CSV/TSV, optionally gzipped), or - for stdin')
    .option('-c, --channel <name>', 'channel the mapping writes (repeatable; default google)', collect)
    .option('-o, --output <file>', 'write the mapping here instead of to stdout')
    .option('--force', 'overwrite the --output file when it exists')
    .addHelpText(
      'after',
      `
Examples:
  feedkit init supplier.csv -o mappings/acme.yaml
  feedkit init supplier.csv --channel google --channel meta > acme.yaml
  feedkit convert supplier.csv --mapping mappings/acme.yaml`,
    )
    .action(async (input: string, opts: { channel?: string[]; output?: string; force?: boolean }) => {
      const result = await initMapping(input, { channels: opts.channel, output: opts.output });
      const missing =
        result.missing.length === 0
          ? ''
          : `feedkit: no column found for ${result.missing.join(', ')}, which the channels require: items are rejected until the mapping fills them (see the comments)\n`;
      if (opts.output === undefined) {
        process.stdout.write(result.yaml);
        process.stderr.write(missing);
        return;
      }
      try {
        await writeFile(opts.output, result.yaml, { flag: opts.force ? 'w' : 'wx' });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new FeedkitError(
          code === 'EEXIST' ? 'usage' : 'output-failed',
          code === 'EEXIST'
            ? `${opts.output} exists; use --force to overwrite it`
            : `cannot write ${opts.output}: ${code ?? String(error)}`,
          { file: opts.output },
        );
      }
      process.stderr.write(
        `feedkit: wrote ${opts.output}: ${result.mapped.length} fields mapped, ${result.unmapped.length} left as comments\n${missing}`,
      );
    });
}
