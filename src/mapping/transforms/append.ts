import { affixTransform } from './text-transform.js';

export default affixTransform(
  'append',
  'Add text to the end of a non-empty value (`" kg"`).',
  [
    { options: ' kg', input: '0.45', output: '0.45 kg' },
    { options: ' kg', input: 0.45, output: '0.45 kg' },
    { options: 'x', input: '', output: '' },
  ],
  'end',
);
