import { affixTransform } from './text-transform.js';

export default affixTransform(
  'prepend',
  'Add text to the start of a non-empty value.',
  [
    { options: 'SKU-', input: '1001', output: 'SKU-1001' },
    { options: 'x', input: '', output: '' },
  ],
  'start',
);
