import type { TransformDef } from '../transform.js';
import { invalid } from '../value.js';

interface Options {
  /**
   * What to do with a GTIN that fails the check: `keep` it so the channel rejects the record
   * and the value shows in the rejects (default), `drop` it so the record goes on without a
   * GTIN, or `reject` it as a mapping issue.
   */
  invalid?: 'keep' | 'drop' | 'reject';
  /**
   * How a valid GTIN is written: as the supplier wrote it (`keep`, default), as GTIN-14 with
   * leading zeros (`gtin14`, the form to compare GTINs of different lengths), or in the
   * shortest GTIN length that holds its digits (`shortest`: `00012345678905` → `012345678905`).
   */
  form?: 'keep' | 'gtin14' | 'shortest';
}

/** Leading zeros never change a GS1 check digit, so these rewrite a valid GTIN's length safely. */
function reform(digits: string, form: Options['form']): string {
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
const MANGLED = /^\d[.,]\d+e\+?\d+$/i;

/** True when `text` is a GTIN a spreadsheet turned into a number (`5.70123E+12`): its digits are lost. */
export function isMangledGtin(text: string): boolean {
  return MANGLED.test(text.trim());
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
function clean(raw: string): string {
  if (isDigits(raw)) return raw;
  return /e[+-]?\d/i.test(raw) ? raw.trim() : raw.replace(SEPARATORS, '');
}

export default {
  name: 'gtin',
  summary: 'Strip spaces, dashes and dots from a GTIN/EAN and check its GS1 check digit.',
  shorthand: 'invalid',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      invalid: {
        enum: ['keep', 'drop', 'reject'],
        description: 'keep (default: the channel rejects it), drop (no GTIN) or reject (mapping issue).',
      },
      form: {
        enum: ['keep', 'gtin14', 'shortest'],
        description: 'keep (default), gtin14 (zero-padded to 14) or shortest (fewest leading zeros).',
      },
    },
  },
  examples: [
    { input: '570 1234-000013', output: '5701234000013' },
    { input: '5701234000038', output: '5701234000038' },
    { options: 'drop', input: '5701234000038', output: undefined },
    { options: 'reject', input: '5701234000038', output: { issue: 'invalid-gtin' } },
    { input: '5.70123E+12', output: { issue: 'mangled-gtin' } },
  ],
  create({ invalid: onInvalid = 'keep', form = 'keep' }) {
    return (value) => {
      if (value === '' || value === undefined) return value;
      // A spreadsheet wrote it as a number: the digits are gone, so it is never a GTIN, whatever `invalid` says.
      if (MANGLED.test(String(value).trim())) return invalid('mangled-gtin', 'the GTIN exported as text');
      const digits = clean(String(value));
      if (isValidGtin(digits)) return reform(digits, form);
      if (onInvalid === 'drop') return undefined;
      if (onInvalid === 'reject') return invalid('invalid-gtin', 'a GTIN with a valid check digit');
      return digits;
    };
  },
} satisfies TransformDef<Options>;
