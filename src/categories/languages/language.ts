/**
 * A language `feedkit categories` can match in: which taxonomy file to read and how to turn
 * words of that language into comparable stems. One definition object per language, one file
 * each, named as the user types it after `--lang`.
 */
export interface LanguageDef {
  /** Name users type after `--lang` (`da`). */
  name: string;
  /** Locale of Google's taxonomy file in this language (`schemas/taxonomy/google.<locale>.txt`). */
  locale: string;
  /** English name of the language, for messages. */
  title: string;
  /** Inflection endings stripped from the end of a word, tried in this order; the first that fits wins. */
  endings: readonly string[];
  /** Shortest stem an ending may leave. */
  minStem: number;
  /**
   * True when the language writes compounds as one word (`vinterjakke`, `Damenpullover`):
   * a supplier word then also matches a taxonomy word it ends with, and the other way round.
   */
  compounds: boolean;
  /**
   * Words that say nothing about what a product is: function words (articles, prepositions,
   * conjunctions) and who a product is for (women, men, children), which suppliers put in
   * their category paths but Google's taxonomy leaves to `gender` and `age_group`.
   */
  stopWords: ReadonlySet<string>;
  /**
   * Words joining alternatives in a category name (`og` in "Frakker og jakker"): one of them
   * matching explains the name. `&` and `,` join alternatives in every language.
   */
  and: ReadonlySet<string>;
  /** Letters folded before stemming (German umlauts, whose plurals add them: Mantel, Mäntel). */
  fold?: Readonly<Record<string, string>>;
  /** A last rewrite of the stem (English knife/knives: a final f becomes v). */
  finish?: (stem: string) => string;
}

/** Lower-cased words of a text: runs of letters (and digits, which are then dropped). */
export function words(text: string): string[] {
  return tokens(text).filter((word) => word.length >= 2 && !/^[\p{N}&,]+$/u.test(word));
}

/** Lower-cased runs of letters or digits, and the `&` and `,` between them. */
export function tokens(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+|[&,]/gu) ?? []
  );
}

/**
 * A category name as groups of alternatives of stems: "Huer til babyer og småbørn" is
 * `[[[hu]], [[baby], [småbørn]]]`: stop words start a new group, `og`, `&` and `,` a new
 * alternative within it.
 */
export function nameGroups(language: LanguageDef, name: string): string[][][] {
  const groups: string[][][] = [[[]]];
  for (const token of tokens(name)) {
    const group = groups[groups.length - 1] as string[][];
    if (token === '&' || token === ',' || language.and.has(token)) {
      if ((group[group.length - 1] as string[]).length > 0) group.push([]);
      continue;
    }
    const stemmed = token.length < 2 ? undefined : stem(language, token);
    if (stemmed === undefined) {
      if ((group[0] as string[]).length > 0) groups.push([[]]);
      continue;
    }
    (group[group.length - 1] as string[]).push(stemmed);
  }
  return groups
    .map((group) => group.filter((alternative) => alternative.length > 0))
    .filter((group) => group.length > 0);
}

/** The stem of a lower-cased word, or undefined for a stop word. */
export function stem(language: LanguageDef, word: string): string | undefined {
  if (language.stopWords.has(word)) return undefined;
  let text = word;
  if (language.fold !== undefined) {
    const fold = language.fold;
    text = text.replace(/./gu, (letter) => fold[letter] ?? letter);
  }
  for (const ending of language.endings) {
    if (text.length - ending.length >= language.minStem && text.endsWith(ending)) {
      // An s after s, u, i or a is rarely a plural ending (dress, bus, Glas).
      if (ending === 's' && /[suia]s$/.test(text)) continue;
      text = text.slice(0, -ending.length);
      break;
    }
  }
  // A doubled final consonant is undoubled, so that plural and singular meet (Danish sok/sokker).
  if (/([^aeiouyæøåäöü])\1$/u.test(text) && text.length > 3) text = text.slice(0, -1);
  return language.finish?.(text) ?? text;
}
