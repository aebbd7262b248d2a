import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { FeedkitError } from '../model/errors.js';
import { collect } from './options.js';

/** `feedkit init`: start a mapping for a supplier file, guessed from its column names and values. */
export function initCommand(): Command {
  return new Command('init')
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
      const [{ initMapping }, { schemaLine }] = await Promise.all([
        import('../onboard/init.js'),
        import('../onboard/schema-line.js'),
      ]);
      const drafted = await initMapping(input, { channels: opts.channel, output: opts.output });
      const result = { ...drafted, yaml: schemaLine(opts.output) + drafted.yaml };
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
        // `-o mappings/acme.yaml` in a fresh repository: the folder is made, as the run's --out is.
        await mkdir(dirname(opts.output), { recursive: true });
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
