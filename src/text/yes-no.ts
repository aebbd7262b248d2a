/**
 * Spellings of yes and no in supplier files (English, Danish, German, Swedish), lower-case, as
 * the pairs a yes/no column holds. Every yes/no list of the project is derived from these.
 */
export const YES_NO_PAIRS: ReadonlyArray<readonly [yes: string, no: string]> = [
  ['1', '0'],
  ['true', 'false'],
  ['yes', 'no'],
  ['ja', 'nej'],
  ['ja', 'nein'],
  ['y', 'n'],
  ['j', 'n'],
];

/** Every spelling of yes. */
export const YES: ReadonlySet<string> = new Set(YES_NO_PAIRS.map(([yes]) => yes));
/** Every spelling of no. */
export const NO: ReadonlySet<string> = new Set(YES_NO_PAIRS.map(([, no]) => no));

/**
 * A ticked box in a spreadsheet column: read as yes where a value must be yes or no, but never
 * enough to call a column yes/no (a column of `x` alone is as likely a size or a marker).
 */
export const TICKED = 'x';

/** True when `value` (any case) is one of the spellings of yes or no. */
export function isYesNo(value: string): boolean {
  const text = value.toLowerCase();
  return YES.has(text) || NO.has(text);
}

/**
 * Read a value that must be yes or no (the `boolean` coercion): a spelling of yes or `x` is
 * true, a spelling of no or an empty value is false, anything else undefined.
 */
export function readYesNo(value: string): boolean | undefined {
  const text = value.trim().toLowerCase();
  if (YES.has(text) || text === TICKED) return true;
  if (NO.has(text) || text === '') return false;
  return undefined;
}
