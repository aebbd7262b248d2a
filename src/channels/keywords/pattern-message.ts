import type { KeywordDef } from './keyword.js';

/**
 * `patternMessage`: what a pattern means, in words, for the report — `expected text without
 * HTML tags` reads better than the regex. An annotation only; it validates nothing.
 */
export default {
  keyword: 'patternMessage',
  summary: 'the words the report prints for a value a pattern refuses',
  definition: () => ({ keyword: 'patternMessage', schemaType: 'string' }),
} satisfies KeywordDef;
