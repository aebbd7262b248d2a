import type { LanguageDef } from './language.js';

export default {
  name: 'de',
  locale: 'de-DE',
  title: 'German',
  // Plural and case endings: Jacke/Jacken, Kleid/Kleider, Schuh/Schuhe, Shirt/Shirts.
  endings: ['ern', 'en', 'er', 'es', 'e', 'n', 's'],
  minStem: 3,
  compounds: true,
  and: new Set(['und', 'oder']),
  stopWords: new Set([
    // function words
    ...['und', 'oder', 'für', 'fur', 'mit', 'ohne', 'von', 'vom', 'zum', 'zur', 'aus', 'bei', 'im', 'in'],
    ...['der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'sonstige', 'sonstiges', 'diverse'],
    ...['alle', 'weitere', 'andere'],
    // who it is for
    ...['damen', 'dame', 'herren', 'herr', 'frauen', 'frau', 'männer', 'mann', 'unisex'],
    ...['kinder', 'kind', 'mädchen', 'jungen', 'junge', 'jungs', 'erwachsene'],
  ]),
  fold: { ä: 'a', ö: 'o', ü: 'u', ß: 'ss' },
} satisfies LanguageDef;
