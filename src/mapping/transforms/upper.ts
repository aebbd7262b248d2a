import { textTransform } from './text-transform.js';

export default textTransform(
  'upper',
  'Upper-case the text.',
  [
    { input: 'dkk', output: 'DKK' },
    { input: 'straße', output: 'STRASSE' },
  ],
  (text) => text.toUpperCase(),
);
