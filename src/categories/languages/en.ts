import type { LanguageDef } from './language.js';

export default {
  name: 'en',
  locale: 'en-US',
  title: 'English',
  // Plurals: boxes/box, hats/hat, knives/knife and accessories/accessory (with the rewrite below).
  endings: ['es', 's', 'e'],
  minStem: 2,
  compounds: false,
  and: new Set(['and', 'or']),
  stopWords: new Set([
    // function words
    ...['and', 'or', 'for', 'of', 'the', 'a', 'an', 'with', 'without', 'to', 'in', 'on', 'by', 'from'],
    ...['other', 'others', 'misc', 'miscellaneous', 'all', 'various', 'etc'],
    // who it is for
    ...['women', 'woman', 'womens', 'ladies', 'lady', 'men', 'man', 'mens', 'unisex'],
    ...['kids', 'kid', 'children', 'child', 'childrens', 'girls', 'girl', 'boys', 'boy', 'adult', 'adults'],
  ]),
  // A final y becomes i and f becomes v, as in the plural: accessory/accessori(es), knife/knive(s).
  finish: (stem) => stem.replace(/y$/, 'i').replace(/f$/, 'v'),
} satisfies LanguageDef;
