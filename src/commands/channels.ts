import { Command } from 'commander';

/** `feedkit channels`: list the channels, or one channel's fields. */
export function channelsCommand(): Command {
  return new Command('channels')
    .description("list the channels, or one channel's fields")
    .argument('[name]', 'channel name')
    .option('--json', 'print the list, or the channel, as JSON')
    .action(async (name: string | undefined, opts: { json?: boolean }) => {
      const { builtinChannelNames, loadBuiltinChannel } = await import('../channels/definition.js');
      if (opts.json) {
        const names = name === undefined ? builtinChannelNames() : [name];
        const described = names.map((channel) => {
          const { definition } = loadBuiltinChannel(channel);
          return {
            name: channel,
            title: definition.title,
            source: definition.source,
            spec_date: definition.spec_date,
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
          process.stdout.write(
            `${''.padEnd(10)} spec ${definition.spec_date ?? 'undated'}: ${definition.source ?? 'no source given'}\n`,
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
        `${definition.name}: ${definition.title} (${definition.outputs.map((o) => `${o.format} → ${o.folder === undefined ? '' : `${o.folder}/`}${o.file}`).join(', ')})\n`,
      );
      // A nested channel's fields are one record's view; each lands somewhere in the product.
      const nested = definition.outputs[0]?.format === 'acp';
      const { NESTED_PLACES } = await import('../channels/nest.js');
      process.stdout.write(
        `spec ${definition.spec_date ?? 'undated'}: ${definition.source ?? 'no source given'}\n`,
      );
      for (const field of definition.fields) {
        const p = properties[field.name] ?? {};
        const limit =
          p.maxLength !== undefined
            ? `≤${p.maxLength}`
            : p.maxItems !== undefined
              ? `≤${p.maxItems} values`
              : '';
        const place = nested ? `→ ${NESTED_PLACES[field.name] ?? ''}` : undefined;
        const kind = place ?? (p.enum ? p.enum.join('|') : (p.format ?? p.type ?? ''));
        process.stdout.write(
          `  ${field.name.padEnd(26)} ${field.group.padEnd(12)} ${kind} ${limit}\n`.replace(/ +\n$/, '\n'),
        );
      }
    });
}
