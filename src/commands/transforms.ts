import { Command } from 'commander';

/** `feedkit transforms`: list the transforms a mapping can use. */
export function transformsCommand(): Command {
  return new Command('transforms')
    .description('list the transforms a mapping can use')
    .option('--json', 'print name, summary, options schema and examples of each, as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { transforms } = await import('../mapping/transforms/index.js');
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
}
