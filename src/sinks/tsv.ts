import { delimitedSink } from './delimited.js';

export default delimitedSink('tsv', '\t', 'Tab-separated values with a header row (Google, Meta, Klarna).', [
  { item: { id: 'A1', title: 'Shoe, red' }, output: 'id\ttitle\nA1\tShoe, red\n' },
]);
