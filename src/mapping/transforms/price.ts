import { formatMoney } from '../../model/canonical.js';
import { parseNumber } from '../../text/number.js';
import type { TransformDef } from '../transform.js';
import { invalid } from '../value.js';

interface Options {
  /**
   * ISO 4217 code (`DKK`). Default: the mapping's `source.currency`. A code written in the
   * value itself (`1299,95 SEK`) wins over both.
   */
  currency?: string;
  /** Decimal separator, as for `number`. Default: the mapping's `source.decimal`. */
  decimal?: 'auto' | ',' | '.';
}

/** A currency code before or after the amount, `DKK 1.299,95` or `1.299,95 dkk`. */
const CODE = /^([A-Za-z]{3})\s*(.+)$|^(.+?)\s*([A-Za-z]{3})$/;

function isLetter(code: number): boolean {
  return (code | 32) >= 97 && (code | 32) <= 122;
}

export default {
  name: 'price',
  summary: 'Amount (+ currency) → "1299.95 DKK", as channels want prices.',
  shorthand: 'currency',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      currency: {
        type: 'string',
        pattern: '^[A-Z]{3}$',
        description: 'ISO 4217 code (default: source.currency); a code in the value wins.',
      },
      decimal: { enum: ['auto', ',', '.'], description: 'Decimal separator (default: source.decimal).' },
    },
  },
  examples: [
    { options: 'DKK', input: '1.299,95', output: '1299.95 DKK' },
    { options: 'DKK', input: '1299,95 SEK', output: '1299.95 SEK' },
    { options: { currency: 'ISK', decimal: ',' }, input: '12.990', output: '12990 ISK' },
    { input: '12,50', output: { issue: 'invalid-price' } },
    { options: 'EUR', input: 'CHF', output: undefined },
  ],
  create({ currency, decimal }, context) {
    const fallback = currency ?? context.currency;
    const mode = decimal ?? context.decimal;
    return (value) => {
      if (value === '' || value === undefined) return value;
      let code = fallback;
      let amount: number | undefined;
      if (typeof value === 'number') amount = value;
      else {
        const text = String(value).trim();
        // A currency without an amount (`{{ amount }} {{ currency }}` with no amount) is no price.
        if (/^[A-Za-z]{3}$/.test(text)) return undefined;
        // Only text that starts or ends with a letter can carry a code: skip the regex otherwise.
        const match =
          isLetter(text.charCodeAt(0)) || isLetter(text.charCodeAt(text.length - 1)) ? CODE.exec(text) : null;
        if (match) {
          code = (match[1] ?? match[4] ?? '').toUpperCase();
          amount = parseNumber(match[2] ?? match[3] ?? '', mode);
        } else amount = parseNumber(text, mode);
      }
      if (amount === undefined || !Number.isFinite(amount) || amount < 0)
        return invalid('invalid-price', 'a non-negative amount');
      if (code === undefined)
        return invalid('invalid-price', 'a currency code (option, source.currency or in the value)');
      return formatMoney({ amount, currency: code });
    };
  },
} satisfies TransformDef<Options>;
