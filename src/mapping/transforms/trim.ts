import { textTransform } from './text-transform.js';

export default textTransform(
  'trim',
  'Remove whitespace (including non-breaking spaces) at both ends.',
  [
    { input: '  Uldsokker\u00a0 ', output: 'Uldsokker' },
    { input: '\t Hue i uld\r\n', output: 'Hue i uld' },
  ],
  // String#trim strips what `\s` matches, NBSP and BOM included, without a regex that could
  // backtrack quadratically on long runs of inner whitespace.
  (text) => text.trim(),
);
