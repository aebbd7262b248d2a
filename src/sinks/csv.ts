import { delimitedSink } from './delimited.js';

export default delimitedSink('csv', ',', 'Comma-separated values with a header row.');
