import { textTransform } from './text-transform.js';

const EDGES = /^[\s\u00a0\ufeff]+|[\s\u00a0\ufeff]+$/g;

export default textTransform(
  'trim',
  'Remove whitespace (including non-breaking spaces) at both ends.',
  [
    { input: '  Uldsokker\u00a0 ', output: 'Uldsokker' },
    { input: '', output: '' },
  ],
  (text) => text.replace(EDGES, ''),
);
