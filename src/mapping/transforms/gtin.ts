import { cleanGtin, isValidGtin, MANGLED_GTIN, reformGtin } from '../../text/gtin.js';
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
      if (MANGLED_GTIN.test(String(value).trim()))
        return invalid('mangled-gtin', 'the GTIN exported as text');
      const digits = cleanGtin(String(value));
      if (isValidGtin(digits)) return reformGtin(digits, form);
      if (onInvalid === 'drop') return undefined;
      if (onInvalid === 'reject') return invalid('invalid-gtin', 'a GTIN with a valid check digit');
      return digits;
    };
  },
} satisfies TransformDef<Options>;
