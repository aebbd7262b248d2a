import { textTransform } from './text-transform.js';

const WORD = /\p{L}[\p{L}\p{M}'’]*/gu;

export default textTransform(
  'title_case',
  'Capitalise the first letter of each word, lower-case the rest.',
  [
    { input: 'STRIKKET TRØJE i ØKOLOGISK uld', output: 'Strikket Trøje I Økologisk Uld' },
    { input: 'größe xl', output: 'Größe Xl' },
  ],
  (text) => text.replace(WORD, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()),
);
