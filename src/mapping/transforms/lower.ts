import type { TransformDef } from '../transform.js';

export default {
  name: 'lower',
  summary: 'Lower-case the text.',
  examples: [
    { input: 'IN_STOCK', output: 'in_stock' },
    { input: 'ÆBLE', output: 'æble' },
  ],
  create: () => (value) => (typeof value === 'string' ? value.toLowerCase() : value),
} satisfies TransformDef<Record<string, never>>;
