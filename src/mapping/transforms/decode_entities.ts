import type { TransformDef } from '../transform.js';
import { decodeEntities } from './entities.js';

export default {
  name: 'decode_entities',
  summary: 'Decode HTML entities (`&amp;` `&oslash;` `&#230;` `&#xE6;`), leave tags alone.',
  examples: [
    { input: 'R&oslash;d &amp; bl&#229;', output: 'Rød & blå' },
    { input: 'Fl&auml;che 2 m&amp;sup2;', output: 'Fläche 2 m&sup2;' },
  ],
  create: () => (value) => (typeof value === 'string' ? decodeEntities(value) : value),
} satisfies TransformDef<Record<string, never>>;
