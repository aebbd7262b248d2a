import { decodeEntities } from '../../text/entities.js';
import { textTransform } from './text-transform.js';

export default textTransform(
  'decode_entities',
  'Decode HTML entities once (`&oslash;` `&#230;` `&#xE6;`); tags stay.',
  [
    { input: 'R&oslash;d &amp; bl&#229;', output: 'Rød & blå' },
    { input: 'Fl&auml;che 2 m&amp;sup2;', output: 'Fläche 2 m&sup2;' },
    { input: 'Men&#146;s <b>&#xE6;ble</b>', output: 'Men’s <b>æble</b>' },
  ],
  decodeEntities,
);
