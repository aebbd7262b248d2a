import { EXTRACT_FIELDS, type ExtractField, type ExtractLanguage } from '../../config/extract.js';
import type { YamlPath } from '../../config/load.js';
import type { ExtractSettings } from '../../config/mapping.js';
import type { CanonicalField } from '../../model/canonical.js';
import type { Dictionary } from './dictionary.js';
import { compilePhrases, scanPhrases } from './phrases.js';

export {
  EXTRACT_FIELDS,
  EXTRACT_LANGUAGES,
  type ExtractField,
  type ExtractLanguage,
} from '../../config/extract.js';

/** Text fields read when the mapping does not say: the title says most, then the description. */
const DEFAULT_EXTRACT_FROM: readonly CanonicalField[] = ['title', 'description', 'product_type'];

/** Values kept per field at most, joined with `/` (Google allows up to three materials). */
const MAX_VALUES = 3;

/** How each field's values found in one text become the field's value. */
const COMBINE: Record<ExtractField, (values: readonly string[]) => string> = {
  // Several colours and materials are all true of the product, primary (first named) first.
  color: (values) => values.slice(0, MAX_VALUES).join('/'),
  material: (values) => values.slice(0, MAX_VALUES).join('/'),
  // A product has one pattern, size and age group: the first named.
  pattern: (values) => values[0] as string,
  size: (values) => values[0] as string,
  age_group: (values) => values[0] as string,
  // "Herre/Dame", "for men and women": both named means the product is for either.
  gender: (values) => (values.length === 1 ? (values[0] as string) : 'unisex'),
};

/** Extraction compiled from a mapping's `extract` section. */
export interface CompiledExtraction {
  /** Dictionaries used, in the mapping's order. */
  languages: readonly ExtractLanguage[];
  /** Fields filled where the mapping leaves them empty. */
  fields: readonly ExtractField[];
  /** Canonical text fields read, in order. */
  from: readonly CanonicalField[];
  /**
   * Fill the empty fields of `product` from its text (in place; a value the mapping made is
   * never replaced). Returns the fields filled, or undefined when none was.
   */
  run(product: Record<string, unknown>): ExtractField[] | undefined;
}

/**
 * Compile the `extract` section. Each field takes its values from the first text (in `from`
 * order) that names any, so a title's "sort" is not diluted by colours a description
 * mentions in passing ("passer til sorte bukser").
 */
export function compileExtraction(
  settings: ExtractSettings,
  mapped: ReadonlySet<CanonicalField>,
  problem: (message: string, path: YamlPath) => void,
  dictionaries: Readonly<Partial<Record<ExtractLanguage, Dictionary>>>,
): CompiledExtraction {
  const languages = [...new Set(Array.isArray(settings.language) ? settings.language : [settings.language])];
  const fields = settings.fields ?? [...EXTRACT_FIELDS];
  const from = settings.from ?? DEFAULT_EXTRACT_FROM.filter((field) => mapped.has(field));
  if (settings.from !== undefined) {
    settings.from.forEach((field, i) => {
      if (!mapped.has(field)) {
        problem(`extract reads "${field}", which the mapping does not fill`, ['extract', 'from', i]);
      }
    });
  } else if (from.length === 0) {
    problem(
      `extract reads ${DEFAULT_EXTRACT_FROM.join(', ')} by default, and the mapping fills none of them; name the text fields in "from"`,
      ['extract'],
    );
  }
  const table = compilePhrases(
    languages.map((language) => {
      const dictionary = dictionaries[language];
      if (dictionary === undefined)
        throw new Error(`the ${language} dictionary was not loaded with the mapping`);
      return dictionary;
    }),
  );
  const index = fields.map((field) => EXTRACT_FIELDS.indexOf(field));

  // Per field (EXTRACT_FIELDS order): values found in the current text, in text order.
  const values: string[][] = EXTRACT_FIELDS.map(() => []);
  let wanted = 0;
  const visit = (field: number, value: string) => {
    if ((wanted & (1 << field)) === 0) return;
    const list = values[field] as string[];
    if (!list.includes(value)) list.push(value);
  };

  return {
    languages,
    fields,
    from,
    run(product) {
      wanted = 0;
      for (let i = 0; i < index.length; i++) {
        const field = index[i] as number;
        if (product[EXTRACT_FIELDS[field] as string] === undefined) wanted |= 1 << field;
      }
      if (wanted === 0) return undefined;
      let filled: ExtractField[] | undefined;
      for (let s = 0; s < from.length && wanted !== 0; s++) {
        const text = product[from[s] as string];
        if (typeof text !== 'string' || text === '') continue;
        scanPhrases(table, text, visit);
        for (let field = 0; field < values.length; field++) {
          const list = values[field] as string[];
          if (list.length === 0) continue;
          const name = EXTRACT_FIELDS[field] as ExtractField;
          product[name] = COMBINE[name](list);
          list.length = 0;
          wanted &= ~(1 << field);
          filled ??= [];
          filled.push(name);
        }
      }
      return filled;
    },
  };
}
