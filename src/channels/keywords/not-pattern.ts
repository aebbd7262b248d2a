import { _, type KeywordCxt } from 'ajv';
import { rememberingRegExp } from '../remember.js';
import type { KeywordDef } from './keyword.js';

/**
 * `notPattern`: what compileValidator makes of `not: { pattern }`. ajv's `not` builds the
 * inner keyword's error object and array for every valid value, then drops them: two
 * allocations per checked field and record (eleven fields of an OpenAI item).
 */
export default {
  keyword: 'notPattern',
  summary: 'the value does not match the pattern (a placeholder)',
  definition: () => ({
    keyword: 'notPattern',
    schemaType: 'string',
    code(cxt: KeywordCxt) {
      const regExp = cxt.gen.scopeValue('pattern', {
        key: `${cxt.schema}`,
        ref: rememberingRegExp(cxt.schema as string, 'u'), // as ajv compiles a pattern (unicodeRegExp)
      });
      // A pattern holds for anything but a string, so `not` refuses every other type.
      cxt.fail(_`typeof ${cxt.data} !== "string" || ${regExp}.test(${cxt.data})`);
    },
  }),
  issue: ({ field, value }) => [
    { type: 'invalid-value', field, value, expected: 'a real value (not a placeholder)' },
  ],
} satisfies KeywordDef;
