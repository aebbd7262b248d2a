import { languages } from './languages/index.js';
import { type LanguageDef, stem, words } from './languages/language.js';
import { expand, googleTaxonomyIndex, MATCH } from './taxonomy-index.js';

/** The language matched in, and why. */
export interface ChosenLanguage {
  language: LanguageDef;
  /** True when guessed from the data (no `lang` option). */
  guessed: boolean;
  /** Share of the categories' words found in this language's taxonomy (or its function words). */
  known: number;
}

/** Categories looked at to guess the language: enough to tell, few enough to stay quick. */
const GUESS_SAMPLE = 2000;

/** The language whose taxonomy (and function words) knows most of the categories' words. */
export function guessLanguage(paths: readonly string[]): ChosenLanguage {
  let best: ChosenLanguage | undefined;
  for (const language of Object.values(languages)) {
    const known = knownShare(language, paths.slice(0, GUESS_SAMPLE));
    if (best === undefined || known > best.known) best = { language, guessed: true, known };
  }
  // With no words at all, English: the taxonomy's original.
  return best !== undefined && best.known > 0
    ? best
    : { language: languages.en as LanguageDef, guessed: true, known: 0 };
}

export function knownShare(language: LanguageDef, paths: readonly string[]): number {
  const index = googleTaxonomyIndex(language);
  let all = 0;
  let known = 0;
  for (const path of paths) {
    for (const word of words(path)) {
      all++;
      const stemmed = stem(language, word);
      if (stemmed === undefined) known++;
      else {
        for (const strength of expand(index, stemmed).values()) {
          if (strength >= MATCH.head) {
            known++;
            break;
          }
        }
      }
    }
  }
  return all === 0 ? 0 : known / all;
}
