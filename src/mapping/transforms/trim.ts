import type { TransformDef } from '../transform.js';

const EDGES = /^[\s\u00a0\ufeff]+|[\s\u00a0\ufeff]+$/g;

export default {
  name: 'trim',
  summary: 'Remove whitespace (including non-breaking spaces) at both ends.',
  examples: [
    { input: '  Uldsokker\u00a0 ', output: 'Uldsokker' },
    { input: '', output: '' },
  ],
  create: () => (value) => (typeof value === 'string' ? value.replace(EDGES, '') : value),
} satisfies TransformDef<Record<string, never>>;
