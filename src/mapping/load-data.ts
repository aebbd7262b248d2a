import { EXTRACT_LANGUAGES, type ExtractLanguage } from '../config/extract.js';
import type { LoadedYaml } from '../config/load.js';
import { lookupNames, readLookupTable } from '../config/lookups.js';
import type { MappingFile } from '../config/mapping.js';
import type { MappingData } from './data.js';
import { loadDictionary } from './extract/dictionary.js';

/**
 * Read what the mapping names (lookup tables beside it, the dictionaries of its `extract`),
 * on the main thread, once: the compiler takes the result and reads no file itself.
 */
export function loadMappingData(loaded: LoadedYaml): MappingData {
  const mapping = (loaded.value ?? {}) as MappingFile;
  const lookups = Object.fromEntries(
    lookupNames(loaded.value).map((name) => [name, readLookupTable(loaded.path, name)]),
  );
  const language = mapping.extract?.language;
  const languages = language === undefined ? [] : Array.isArray(language) ? language : [language];
  const dictionaries: MappingData['dictionaries'] = Object.fromEntries(
    [...new Set<ExtractLanguage>(languages)]
      .filter((name) => EXTRACT_LANGUAGES.includes(name))
      .map((name) => [name, loadDictionary(name)]),
  );
  return { lookups, dictionaries };
}
