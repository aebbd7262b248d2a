import type { TransformDef } from '../transform.js';

/**
 * The options object is the value table itself, source value → new value:
 * `{ map: { Ny: new, Brugt: used } }`. No key is reserved, so any source value can be mapped;
 * the table has no `values:` wrapper and no shorthand.
 */
type Options = Record<string, string | number | boolean>;

export default {
  name: 'map',
  summary: 'Map values through a table (exact, then ignoring case); others pass unchanged.',
  options: {
    type: 'object',
    minProperties: 1,
    additionalProperties: { type: ['string', 'number', 'boolean'] },
  },
  examples: [
    { options: { Ny: 'new', Brugt: 'used' }, input: 'Brugt', output: 'used' },
    { options: { Herre: 'male', Dame: 'female' }, input: ' dame ', output: 'female' },
    {
      options: { 'På lager': 'in_stock', 'Ikke på lager': 'out_of_stock' },
      input: 'IKKE PÅ LAGER',
      output: 'out_of_stock',
    },
    { options: { Ny: 'new' }, input: 'Demo', output: 'Demo' },
  ],
  // Values not in the table pass unchanged; `default` after `map` covers a fallback. Numbers
  // and booleans in the table become text, as the source values they stand in for are text.
  create(table) {
    const exact = new Map<string, string>();
    const loose = new Map<string, string>();
    for (const [key, value] of Object.entries(table)) {
      exact.set(key, String(value));
      const folded = key.trim().toLowerCase();
      // The first of two keys that differ only in case or spaces wins the loose match.
      if (!loose.has(folded)) loose.set(folded, String(value));
    }
    return (value) => {
      if (value === undefined || value === '') return value;
      const key = String(value);
      return exact.get(key) ?? loose.get(key.trim().toLowerCase()) ?? value;
    };
  },
} satisfies TransformDef<Options>;
