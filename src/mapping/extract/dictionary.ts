import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EXTRACT_FIELDS, type ExtractField, type ExtractLanguage } from '../../config/extract.js';
import { DICTIONARY_DIR } from '../../model/paths.js';

/** One language's words, as read from its file. */
export interface Dictionary {
  language: ExtractLanguage;
  /** Words after which a size follows (`str`, `Größe`). */
  sizeMarkers: string[];
  /** Phrases skipped as a whole because they look like attributes but are not (`black friday`). */
  ignore: string[];
  /** Per field: canonical value → the words and phrases that stand for it. */
  fields: Record<ExtractField, Record<string, string[]>>;
}

export { DICTIONARY_DIR };

const cache = new Map<ExtractLanguage, Dictionary>();

/**
 * A bundled dictionary, read once per thread. The files ship with feedkit, so a malformed one
 * is a bug in feedkit, reported as such rather than as a problem of the user's mapping.
 */
export function loadDictionary(language: ExtractLanguage): Dictionary {
  const cached = cache.get(language);
  if (cached !== undefined) return cached;
  const file = join(DICTIONARY_DIR, `${language}.yaml`);
  const raw = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const words = (value: unknown, where: string): string[] => {
    if (!Array.isArray(value) || !value.every((word) => typeof word === 'string' && word.trim() !== '')) {
      throw new Error(`${file}: ${where} must be a list of words`);
    }
    return value as string[];
  };
  const fields = {} as Dictionary['fields'];
  for (const field of EXTRACT_FIELDS) {
    const section = raw[field] ?? {};
    if (typeof section !== 'object' || section === null || Array.isArray(section)) {
      throw new Error(`${file}: ${field} must map values to lists of words`);
    }
    fields[field] = Object.fromEntries(
      Object.entries(section).map(([value, list]) => [value, words(list, `${field}.${value}`)]),
    );
  }
  const known = new Set<string>([...EXTRACT_FIELDS, 'size_markers', 'ignore']);
  const unknown = Object.keys(raw).find((key) => !known.has(key));
  if (unknown !== undefined) throw new Error(`${file}: unknown section "${unknown}"`);
  const dictionary: Dictionary = {
    language,
    sizeMarkers: words(raw.size_markers ?? [], 'size_markers'),
    ignore: words(raw.ignore ?? [], 'ignore'),
    fields,
  };
  cache.set(language, dictionary);
  return dictionary;
}
