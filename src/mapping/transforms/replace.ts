import type { TransformDef } from '../transform.js';

interface Options {
  /** Literal text to find; every occurrence is replaced. */
  from: string;
  /** Literal replacement (`$` has no special meaning). Default empty. */
  to?: string;
}

export default {
  name: 'replace',
  summary: 'Replace every occurrence of a literal text.',
  options: {
    type: 'object',
    additionalProperties: false,
    required: ['from'],
    properties: {
      from: { type: 'string', minLength: 1, description: 'Literal text to find.' },
      to: { type: 'string', description: 'Replacement (default empty).' },
    },
  },
  examples: [
    { options: { from: '/', to: ' > ' }, input: 'Tøj/Trøjer/Cardigans', output: 'Tøj > Trøjer > Cardigans' },
    { options: { from: ' ', to: '_' }, input: 'in stock', output: 'in_stock' },
  ],
  create({ from, to = '' }) {
    // split/join, not replaceAll: a string replacement would still expand `$&` and `$1`.
    return (value) => (typeof value === 'string' && value !== '' ? value.split(from).join(to) : value);
  },
} satisfies TransformDef<Options>;
