import type { TransformDef } from '../transform.js';

const WORD = /\p{L}[\p{L}\p{M}'’]*/gu;

export default {
  name: 'title_case',
  summary: 'Capitalise the first letter of each word, lower-case the rest.',
  examples: [
    { input: 'STRIKKET TRØJE i ØKOLOGISK uld', output: 'Strikket Trøje I Økologisk Uld' },
    { input: 'größe xl', output: 'Größe Xl' },
  ],
  create: () => (value) =>
    typeof value === 'string'
      ? value.replace(WORD, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
      : value,
} satisfies TransformDef<Record<string, never>>;
