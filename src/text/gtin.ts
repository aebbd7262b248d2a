/** Leading zeros never change a GS1 check digit, so these rewrite a valid GTIN's length safely. */
export function reformGtin(digits: string, form: 'keep' | 'gtin14' | 'shortest' | undefined): string {
  if (form === 'gtin14') return digits.padStart(14, '0');
  if (form !== 'shortest') return digits;
  const significant = digits.replace(/^0+/, '').length;
  const length = [8, 12, 13, 14].find((n) => n >= significant) ?? 14;
  return digits.padStart(14, '0').slice(14 - length);
}

/**
 * True when `digits` is a GTIN-8, -12, -13 or -14 (digits only, no separators) whose last
 * digit is the GS1 check digit: weights 3, 1, 3, … from the rightmost digit before it, check
 * digit = (10 − sum mod 10) mod 10. Prefixes are not checked.
 */
export function isValidGtin(digits: string): boolean {
  const n = digits.length;
  if (n !== 8 && n !== 12 && n !== 13 && n !== 14) return false;
  let sum = 0;
  for (let i = n - 2, weight = 3; i >= 0; i--, weight = 4 - weight) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * weight;
  }
  const check = digits.charCodeAt(n - 1) - 48;
  return check === (10 - (sum % 10)) % 10;
}

/** `5.70123E+12`, `5,70123E+12`: a GTIN a spreadsheet read as a number. */
export const MANGLED_GTIN = /^\d[.,]\d+e\+?\d+$/i;

/** True when `text` is a GTIN a spreadsheet turned into a number (`5.70123E+12`): its digits are lost. */
export function isMangledGtin(text: string): boolean {
  return MANGLED_GTIN.test(text.trim());
}

const SEPARATORS = /[\s.\-\u00a0]/g;

/** True when the text is digits only: the common case, which needs no cleaning. */
function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The GTIN with separators removed. A spreadsheet-mangled `5.70123E+12` is returned as it
 * is (trimmed): its digits are lost, and removing the dot would make it look almost valid.
 */
export function cleanGtin(raw: string): string {
  if (isDigits(raw)) return raw;
  return /e[+-]?\d/i.test(raw) ? raw.trim() : raw.replace(SEPARATORS, '');
}
