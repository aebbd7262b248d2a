import type { ExtractSettings } from '../../../src/config/mapping.js';
import { loadDictionary } from '../../../src/mapping/extract/dictionary.js';
import { compileExtraction } from '../../../src/mapping/extract/index.js';
import type { CanonicalField, CanonicalProduct } from '../../../src/model/canonical.js';

/**
 * Run extraction as the mapping does, on a product whose fields are the mapped ones: returns
 * the product after extraction and the fields it filled.
 */
export function extract(
  language: ExtractSettings['language'],
  product: CanonicalProduct,
  settings: Omit<ExtractSettings, 'language'> = {},
): { product: CanonicalProduct; filled: string[] } {
  const extraction = compileExtraction(
    { language, ...settings },
    new Set(Object.keys(product) as CanonicalField[]),
    (message) => {
      throw new Error(message);
    },
    Object.fromEntries((Array.isArray(language) ? language : [language]).map((l) => [l, loadDictionary(l)])),
  );
  const copy: Record<string, unknown> = { ...product };
  const filled = extraction.run(copy) ?? [];
  return { product: copy as CanonicalProduct, filled };
}

/** The extracted attributes of a title alone. */
export function fromTitle(language: ExtractSettings['language'], title: string): CanonicalProduct {
  const { product } = extract(language, { title });
  const { title: _, ...attributes } = product;
  return attributes;
}
