import { stringify } from 'csv-stringify/sync';
import type { ProjectedField } from '../channels/project.js';
import type { ChannelItem } from '../channels/validate.js';
import type { SinkDef } from './sink.js';

/**
 * Delimited text through csv-stringify: one header row of channel field names, one row per
 * item, values quoted only when they hold the delimiter, a quote or a line break, lists
 * joined with the field's `join` (default `,`). UTF-8 without BOM, `\n` line ends.
 */
export function delimitedSink(name: string, delimiter: string, summary: string): SinkDef {
  const options = { delimiter, record_delimiter: '\n', quoted_empty: false } as const;
  return {
    name,
    summary,
    header: (fields) => stringify([fields.map((f) => f.field.name)], options),
    compile(fields: readonly ProjectedField[]) {
      const names = fields.map((f) => f.field.name);
      const joins = fields.map((f) => f.field.join ?? ',');
      const row: string[] = new Array(fields.length).fill('');
      return (item: ChannelItem) => {
        for (let i = 0; i < names.length; i++) {
          const value = item[names[i] as string];
          row[i] = value === undefined ? '' : Array.isArray(value) ? value.join(joins[i]) : value;
        }
        return stringify([row], options);
      };
    },
    footer: () => '',
  };
}
