import type { TransformDef } from '../transform.js';

/** The options object is the value table itself: `{ map: { Ny: new, Brugt: used } }`. */
type Options = Record<string, string | number | boolean>;

export default {
  name: 'map',
  summary: 'Map values through a table (exact, then case-insensitive); others pass unchanged.',
  options: {
    type: 'object',
    additionalProperties: { type: ['string', 'number', 'boolean'] },
  },
  examples: [
    { options: { Ny: 'new', Brugt: 'used' }, input: 'Brugt', output: 'used' },
    { options: { Herre: 'male', Dame: 'female' }, input: ' dame ', output: 'female' },
    { options: { Ny: 'new' }, input: 'Demo', output: 'Demo' },
  ],
  create(table) {
    const exact = new Map<string, string>();
    const loose = new Map<string, string>();
    for (const [key, value] of Object.entries(table)) {
      exact.set(key, String(value));
      loose.set(key.trim().toLowerCase(), String(value));
    }
    return (value) => {
      if (value === undefined || value === '') return value;
      const key = String(value);
      return exact.get(key) ?? loose.get(key.trim().toLowerCase()) ?? value;
    };
  },
} satisfies TransformDef<Options>;
