import { delimitedSink } from './delimited.js';

export default delimitedSink('csv', ',', 'Comma-separated values with a header row.', [
  { item: { id: 'A1', title: 'Shoe, red' }, output: 'id,title\nA1,"Shoe, red"\n' },
]);
