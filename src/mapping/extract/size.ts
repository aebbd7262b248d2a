/**
 * Sizes. Letter sizes of two letters or more (XS, XL, 3XL) are taken wherever they stand,
 * except in a range of sizes on offer (`S-XXL`). A single letter (S, M, L) or a number is
 * taken right after a size word of the language ("Str. M", "Gr. 38", "storlek 122/128",
 * "size 10.5"), and a single letter also between hyphens in a variant name
 * (`Hoodie-M-Black`); anywhere else it is as likely a model name or a quantity.
 */

const LETTER = 'xxxs|xxs|xs|s|m|l|xl|xxl|xxxl|[2-6]xl|[2-4]xs';
/** A whole word that is a letter size. */
export const LETTER_SIZE = new RegExp(`^(?:${LETTER})$`, 'i');
const NUMBER = '\\d{1,3}(?:[.,]5)?';
/** Units that make a number after a size word a measure rather than a size ("størrelse 40 cm"). */
const UNIT = '(?:cm|mm|m|ml|cl|dl|l|kg|g|x|×|%|tommer|zoll|inch|inches|in|stk|st)';

/**
 * A size at `lastIndex` (just after a size word), in any case: punctuation and spaces,
 * then a letter size, a number, a pair of letter sizes (`S/M`) or a range of numbers
 * (`38-40`, `122/128`), then no letter, digit or unit. A range of letter sizes (`S-XXL`)
 * lists the sizes on offer rather than this product's, and is not a size.
 */
const AFTER_MARKER = new RegExp(
  `[\\s.:]*((?:${NUMBER})(?:\\s?[/-]\\s?${NUMBER})?|(?:${LETTER})(?:\\s?/\\s?(?:${LETTER}))?|one\\s?size)` +
    `(?![\\p{L}\\p{N}])(?!\\s?${UNIT}(?![\\p{L}\\p{N}]))(?![-/–])`,
  'iuy',
);

/**
 * Letter sizes matched without a size word before them (lower-case), except in a range or
 * pair of letter sizes (`S-XXL`, `XS/S`), which names the sizes on offer.
 */
export const STANDALONE_SIZES = [
  'xxxs',
  'xxs',
  'xs',
  'xl',
  'xxl',
  'xxxl',
  '2xl',
  '3xl',
  '4xl',
  '5xl',
  '6xl',
  '2xs',
  '3xs',
];

/** Single-letter sizes, matched without a size word only in variant names (`Hoodie-M-Black`). */
export const VARIANT_SIZES = ['s', 'm', 'l'];

/** The size written right after `from` in `text`, formatted; undefined when none. */
export function sizeAfter(text: string, from: number): string | undefined {
  AFTER_MARKER.lastIndex = from;
  const match = AFTER_MARKER.exec(text);
  return match === null ? undefined : formatSize(match[1] as string);
}

/** `xl` → `XL`, `s / m` → `S/M`, `122 / 128` → `122/128`, `one size` stays lower-case. */
export function formatSize(raw: string): string {
  if (/^one\s?size$/i.test(raw)) return 'one size';
  return raw.replace(/\s+/g, '').toUpperCase();
}
