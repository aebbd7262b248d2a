import { Command } from 'commander';
import { FeedkitError, formatError, isKnownError } from '../model/errors.js';
import { collect } from './options.js';
import { log } from './terminal.js';

/** `feedkit check`: lint mappings without reading data. */
export function checkCommand(): Command {
  return new Command('check')
    .description('lint mappings without reading data')
    .argument('<mapping...>', 'mapping files (YAML); each is checked, and every problem of each is listed')
    .option('-c, --channel <name>', 'channel to check against (repeatable)', collect)
    .option('--json', 'print the results as JSON (one object per mapping: ok, fields, channels, problems)')
    .action(async (mappings: string[], opts: { channel?: string[]; json?: boolean }) => {
      const { check } = await import('../check.js');
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
              log('error', 'failed', formatError(e), {
                code: e.code,
                file: e.file,
                line: e.line,
                col: e.col,
              });
        }
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      process.exitCode = exitCode;
    });
}
