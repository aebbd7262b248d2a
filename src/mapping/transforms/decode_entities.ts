import { decodeEntities } from './entities.js';
import { textTransform } from './text-transform.js';

export default textTransform(
  'decode_entities',
  'Decode HTML entities (`&amp;` `&oslash;` `&#230;` `&#xE6;`), leave tags alone.',
  [
    { input: 'R&oslash;d &amp; bl&#229;', output: 'Rød & blå' },
    { input: 'Fl&auml;che 2 m&amp;sup2;', output: 'Fläche 2 m&sup2;' },
  ],
  decodeEntities,
);
