import type { ExtractLanguage } from '../config/extract.js';
import type { LookupTable } from '../config/lookups.js';
import type { Dictionary } from './extract/dictionary.js';

/**
 * What a mapping names beyond its own text, read once at load time: its lookup tables and
 * the dictionaries its `extract` uses. Plain, structured-clonable data; the compiler reads
 * nothing else.
 */
export interface MappingData {
  /** Each lookup table the mapping names, by the name it gives. */
  lookups: Readonly<Record<string, LookupTable>>;
  /** The bundled dictionaries of the languages `extract` names. */
  dictionaries: Readonly<Partial<Record<ExtractLanguage, Dictionary>>>;
}

/** No tables, no dictionaries: for a mapping that names neither. */
export const NO_MAPPING_DATA: MappingData = { lookups: {}, dictionaries: {} };
