import type { TransformDef } from '../transform.js';

const RUNS = /[\s\u00a0]+/g;

export default {
  name: 'collapse_whitespace',
  summary: 'Turn runs of spaces, tabs and line breaks into one space, and trim.',
  examples: [{ input: ' Varm \t\n  hue\u00a0 i uld ', output: 'Varm hue i uld' }],
  create: () => (value) => (typeof value === 'string' ? value.replace(RUNS, ' ').trim() : value),
} satisfies TransformDef<Record<string, never>>;
