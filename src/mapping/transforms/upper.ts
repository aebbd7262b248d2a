import type { TransformDef } from '../transform.js';

export default {
  name: 'upper',
  summary: 'Upper-case the text.',
  examples: [
    { input: 'dkk', output: 'DKK' },
    { input: 'straße', output: 'STRASSE' },
  ],
  create: () => (value) => (typeof value === 'string' ? value.toUpperCase() : value),
} satisfies TransformDef<Record<string, never>>;
