import type { LanguageDef } from './language.js';

export default {
  name: 'sv',
  locale: 'sv-SE',
  title: 'Swedish',
  // Plural and definite endings: jacka/jackor, kläder, mössa/mössorna, kniv/knivar, sko/skor.
  endings: ['orna', 'arna', 'erna', 'or', 'ar', 'er', 'na', 'en', 'et', 'a', 'e', 'r'],
  minStem: 3,
  compounds: true,
  and: new Set(['och', 'eller']),
  stopWords: new Set([
    // function words
    ...['och', 'eller', 'till', 'av', 'för', 'från', 'med', 'utan', 'på', 'om', 'under', 'över', 'vid'],
    ...['en', 'ett', 'den', 'det', 'de', 'alla', 'andra', 'annat', 'övrigt', 'övriga', 'diverse'],
    // who it is for
    ...['dam', 'damer', 'herr', 'herrar', 'kvinna', 'kvinnor', 'man', 'män', 'unisex'],
    ...['barn', 'junior', 'flicka', 'flickor', 'pojke', 'pojkar', 'vuxen', 'vuxna'],
  ]),
} satisfies LanguageDef;
