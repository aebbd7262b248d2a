import { textTransform } from './text-transform.js';

export default textTransform(
  'lower',
  'Lower-case the text.',
  [
    { input: 'IN_STOCK', output: 'in_stock' },
    { input: 'ÆBLE', output: 'æble' },
  ],
  (text) => text.toLowerCase(),
);
