import type { CanonicalField } from '../model/canonical.js';
import { HEADER_NAMES, type HeaderLanguage, NEVER_GUESSED, NEVER_GUESSED_WORDS } from './header-names.js';

/** One canonical field a column name may stand for. */
export interface HeaderMatch {
  /** The canonical field. */
  field: CanonicalField;
  /**
   * How sure the match is: 100 for the name itself, less for a name further down the list,
   * a name inside a longer header (`Variant Price`) or a compound ending in it (`Verkaufspreis`).
   */
  score: number;
  /** Language of the name that matched. */
  language: HeaderLanguage;
}

/** `Google Shopping / Age Group` → `google shopping age group`: case, punctuation and separators folded. */
export function normalizeHeader(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface Entry {
  field: CanonicalField;
  language: HeaderLanguage;
  name: string;
  tokens: string[];
  rank: number;
}

const ENTRIES: Entry[] = [];
for (const [field, languages] of Object.entries(HEADER_NAMES)) {
  for (const [language, names] of Object.entries(languages)) {
    names.forEach((raw, rank) => {
      const name = normalizeHeader(raw);
      ENTRIES.push({
        field: field as CanonicalField,
        language: language as HeaderLanguage,
        name,
        tokens: name.split(' '),
        rank,
      });
    });
  }
}
const NEVER = new Set(NEVER_GUESSED.map(normalizeHeader));
const NEVER_TOKENS = new Set(NEVER_GUESSED_WORDS.map(normalizeHeader));

/**
 * The canonical fields a column name may stand for, best first (at most one per field).
 * Exact names score highest; a listed name whose words all occur in the header
 * (`Variant SKU` holds `SKU`) scores less, the more other words the header has; a one-word
 * header ending in a listed one-word name (`Verkaufspreis`, `Salgspris`) scores least.
 */
export function matchHeader(header: string): HeaderMatch[] {
  const name = normalizeHeader(header);
  if (name === '' || NEVER.has(name)) return [];
  const tokens = name.split(' ');
  if (tokens.some((token) => NEVER_TOKENS.has(token))) return [];
  const best = new Map<CanonicalField, HeaderMatch>();
  for (const entry of ENTRIES) {
    let score = 0;
    if (entry.name === name) score = 100 - entry.rank;
    else if (entry.tokens.every((token) => tokens.includes(token)))
      score = 60 + (20 * entry.tokens.length) / tokens.length - entry.rank;
    else if (
      tokens.length === 1 &&
      entry.tokens.length === 1 &&
      entry.name.length >= 3 &&
      name.endsWith(entry.name)
    )
      score = 40 - entry.rank;
    if (score <= 0) continue;
    const before = best.get(entry.field);
    if (before === undefined || score > before.score)
      best.set(entry.field, { field: entry.field, score, language: entry.language });
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

/**
 * The language most of the column names are in (exact matches only, since a shared name
 * like `EAN` or `Link` says nothing), or undefined when none matched.
 */
export function headerLanguage(headers: readonly string[]): HeaderLanguage | undefined {
  const votes = new Map<HeaderLanguage, number>();
  for (const header of headers) {
    const name = normalizeHeader(header);
    const languages = new Set(ENTRIES.filter((e) => e.name === name).map((e) => e.language));
    // A name every language shares (`EAN`) is no vote; one shared by two (`Pris`) counts half.
    if (languages.size === 0 || languages.size === 4) continue;
    for (const language of languages) votes.set(language, (votes.get(language) ?? 0) + 1 / languages.size);
  }
  let best: HeaderLanguage | undefined;
  let bestVotes = 0;
  for (const [language, count] of votes) {
    if (count > bestVotes) {
      best = language;
      bestVotes = count;
    }
  }
  return best;
}
