import gtin from './gtin.js';
import type { KeywordDef } from './keyword.js';
import notEnum from './not-enum.js';
import notPattern from './not-pattern.js';
import patternMessage from './pattern-message.js';
import taxonomy from './taxonomy.js';

export type { FailedValue, KeywordContext, KeywordDef } from './keyword.js';

/** feedkit's own keywords of channel schemas, by keyword; each file holds one. */
export const keywords: Readonly<Record<string, KeywordDef>> = {
  [patternMessage.keyword]: patternMessage,
  [notPattern.keyword]: notPattern,
  [notEnum.keyword]: notEnum,
  [taxonomy.keyword]: taxonomy,
  [gtin.keyword]: gtin,
};
