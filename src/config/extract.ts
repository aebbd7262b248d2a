/** Languages with a bundled dictionary (`schemas/dictionaries/<language>.yaml`). */
export const EXTRACT_LANGUAGES = ['da', 'de', 'en', 'sv'] as const;

/** A language with a bundled dictionary. */
export type ExtractLanguage = (typeof EXTRACT_LANGUAGES)[number];

/** The canonical fields extraction can fill, in the order they are reported. */
export const EXTRACT_FIELDS = ['color', 'material', 'pattern', 'size', 'gender', 'age_group'] as const;

/** A canonical field extraction can fill. */
export type ExtractField = (typeof EXTRACT_FIELDS)[number];
