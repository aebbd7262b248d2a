import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXTRACT_FIELDS, EXTRACT_LANGUAGES } from '../../../src/config/extract.js';
import { DICTIONARY_DIR, loadDictionary } from '../../../src/mapping/extract/dictionary.js';
import { extract } from './extract.js';

/** The values Google accepts (canonical.ts; schemas/google.schema.json). */
const ENUMS: Record<string, string[]> = {
  gender: ['male', 'female', 'unisex'],
  age_group: ['newborn', 'infant', 'toddler', 'kids', 'adult'],
};

describe('bundled dictionaries', () => {
  it('one file per language the mapping schema offers', () => {
    const files = readdirSync(DICTIONARY_DIR)
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => file.slice(0, -'.yaml'.length))
      .sort();
    expect(files).toEqual([...EXTRACT_LANGUAGES].sort());
  });

  for (const language of EXTRACT_LANGUAGES) {
    describe(language, () => {
      const dictionary = loadDictionary(language);

      it('gives only values the channels accept for gender and age group', () => {
        for (const [field, allowed] of Object.entries(ENUMS)) {
          for (const value of Object.keys(dictionary.fields[field as 'gender'])) {
            expect(allowed, `${field}: ${value}`).toContain(value);
          }
        }
      });

      it('lists a word under one value of a field only', () => {
        for (const field of EXTRACT_FIELDS) {
          const seen = new Map<string, string>();
          for (const [value, words] of Object.entries(dictionary.fields[field])) {
            for (const word of words) {
              const key = word.toLowerCase();
              expect(seen.get(key) ?? value, `${field}: "${word}" under ${seen.get(key)} and ${value}`).toBe(
                value,
              );
              seen.set(key, value);
            }
          }
        }
      });

      it('reads every word as its value, in any case', () => {
        for (const field of EXTRACT_FIELDS) {
          for (const [value, words] of Object.entries(dictionary.fields[field])) {
            for (const word of words) {
              for (const title of [word, word.toUpperCase(), `Produkt ${word}, 1 stk`]) {
                const { product } = extract(language, { title }, { fields: [field] });
                expect(product[field], `${field}: "${title}"`).toBe(value);
              }
            }
          }
        }
      });

      it('reads no attribute from an ignored phrase', () => {
        for (const phrase of dictionary.ignore) {
          for (const title of [phrase, phrase.toUpperCase()]) {
            expect(extract(language, { title }).filled, title).toEqual([]);
          }
        }
      });
    });
  }
});
