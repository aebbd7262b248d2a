import { textTransform } from './text-transform.js';

const RUNS = /[\s\u00a0]+/g;

export default textTransform(
  'collapse_whitespace',
  'Turn runs of spaces, tabs and line breaks into one space, and trim.',
  [{ input: ' Varm \t\n  hue\u00a0 i uld ', output: 'Varm hue i uld' }],
  (text) => text.replace(RUNS, ' ').trim(),
);
