import { _, type KeywordCxt } from 'ajv';
import type { KeywordDef } from './keyword.js';

/** `notEnum`: what compileValidator makes of `not: { enum: [texts] }` (see notPattern). */
export default {
  keyword: 'notEnum',
  summary: 'the value is none of the listed texts (placeholders)',
  definition: () => ({
    keyword: 'notEnum',
    schemaType: 'array',
    code(cxt: KeywordCxt) {
      const refused = cxt.gen.scopeValue('obj', { ref: new Set(cxt.schema as unknown[]) });
      cxt.fail(_`${refused}.has(${cxt.data})`);
    },
  }),
  issue: ({ field, value }) => [
    { type: 'invalid-value', field, value, expected: 'a real value (not a placeholder)' },
  ],
} satisfies KeywordDef;
