import type { TransformDef } from '../transform.js';

interface Options {
  /** A CSV file beside the mapping (or below its folder): first column the key, second the value. */
  file: string;
  /** A value the table does not have: `keep` it (default) or `drop` it. */
  missing?: 'keep' | 'drop';
}

export default {
  name: 'lookup',
  summary: 'Replace a value by its row in a CSV table beside the mapping.',
  options: {
    type: 'object',
    additionalProperties: false,
    required: ['file'],
    properties: {
      file: {
        type: 'string',
        pattern: '\\.csv$',
        description: 'CSV file relative to the mapping, inside its folder.',
      },
      missing: { enum: ['keep', 'drop'], description: 'keep (default) or drop a value the table lacks.' },
    },
  },
  shorthand: 'file',
  examples: [
    {
      options: 'categories.csv',
      context: { lookupFile: () => new Map([['tøj/trøjer', '212']]) },
      input: 'Tøj/Trøjer',
      output: '212',
    },
    {
      options: { file: 'categories.csv', missing: 'drop' },
      context: { lookupFile: () => new Map([['tøj/trøjer', '212']]) },
      input: 'Sko',
      output: undefined,
    },
  ],
  create({ file, missing = 'keep' }, context) {
    if (context.lookupFile === undefined) throw new Error('lookup tables are read only from a mapping file');
    const table = context.lookupFile(file);
    return (value) => {
      if (value === '' || value === undefined) return value;
      // Keys are compared trimmed and case-insensitively: supplier categories vary in both.
      const found = table.get(String(value).trim().toLowerCase());
      return found ?? (missing === 'keep' ? value : undefined);
    };
  },
} satisfies TransformDef<Options>;
