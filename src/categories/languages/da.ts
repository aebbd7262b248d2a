import type { LanguageDef } from './language.js';

export default {
  name: 'da',
  locale: 'da-DK',
  title: 'Danish',
  // Plural and definite endings: trøje/trøjer, jakke/jakkerne, hue/huer.
  endings: ['erne', 'ene', 'er', 'e'],
  minStem: 2,
  compounds: true,
  and: new Set(['og', 'eller']),
  stopWords: new Set([
    // function words
    ...['og', 'eller', 'til', 'af', 'for', 'fra', 'med', 'uden', 'på', 'om', 'under', 'over', 'ved'],
    ...['en', 'et', 'den', 'det', 'de', 'alle', 'andre', 'andet', 'mv', 'mm', 'diverse', 'øvrige'],
    // who it is for
    ...['dame', 'damer', 'herre', 'herrer', 'kvinde', 'kvinder', 'mand', 'mænd', 'unisex'],
    ...['børn', 'barn', 'junior', 'pige', 'piger', 'dreng', 'drenge', 'voksen', 'voksne'],
  ]),
} satisfies LanguageDef;
