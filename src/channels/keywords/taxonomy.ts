import type { ErrorObject } from 'ajv';
import { inTaxonomy } from '../taxonomy.js';
import type { KeywordDef } from './keyword.js';

/**
 * `taxonomy: google`: the value is an id or a full path of Google's product taxonomy. The
 * taxonomy comes with the run's bundle (read once at load time, only when a channel needs it).
 */
export default {
  keyword: 'taxonomy',
  summary: "an id or full path of Google's product taxonomy",
  definition: ({ taxonomy: loaded }) => ({
    keyword: 'taxonomy',
    type: 'string',
    schemaType: 'string',
    errors: true,
    validate: function taxonomy(this: unknown, name: string, data: string) {
      if (name !== 'google') throw new Error(`unknown taxonomy "${name}"; taxonomies: google`);
      if (loaded === undefined) throw new Error('the google taxonomy was not loaded with the channels');
      if (inTaxonomy(loaded, data)) return true;
      (taxonomy as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        { keyword: 'taxonomy', params: { name } },
      ];
      return false;
    },
  }),
  issue: ({ field, value }) => [
    {
      type: 'invalid-category',
      field,
      value,
      expected:
        "an id or full path of Google's product taxonomy (e.g. 212 or Apparel & Accessories > Clothing > Shirts & Tops)",
    },
  ],
} satisfies KeywordDef;
