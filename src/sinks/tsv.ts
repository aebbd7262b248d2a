import { delimitedSink } from './delimited.js';

export default delimitedSink('tsv', '\t', 'Tab-separated values with a header row (Google, Meta, Klarna).');
