import { textTransform } from './text-transform.js';

/** `\s` covers NBSP, tabs and line breaks; a run of one plain space is left alone. */
const RUNS = /\s{2,}|[^\S ]/g;

export default textTransform(
  'collapse_whitespace',
  'Turn runs of spaces, tabs and line breaks into one space, and trim.',
  [
    { input: ' Varm \t\n  hue\u00a0 i uld ', output: 'Varm hue i uld' },
    { input: 'Hue\n\n(uld)', output: 'Hue (uld)' },
  ],
  (text) => text.replace(RUNS, ' ').trim(),
);
