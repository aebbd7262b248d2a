import { formatMoney } from '../../canonical.js';
import type { TransformDef } from '../transform.js';
import { invalid } from '../value.js';
import { parseNumber } from './number.js';

interface Options {
  /** ISO 4217 currency (default: the mapping's `source.currency`); a code in the value wins. */
  currency?: string;
  /** Decimal separator (default: `source.decimal`). */
  decimal?: 'auto' | ',' | '.';
}

const CODE = /^([A-Z]{3})\s*(.+)$|^(.+?)\s*([A-Z]{3})$/;

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
        description: 'ISO 4217 code (default: source.currency).',
      },
      decimal: { enum: ['auto', ',', '.'], description: 'Decimal separator (default: source.decimal).' },
    },
  },
  examples: [
    { options: 'DKK', input: '1.299,95', output: '1299.95 DKK' },
    { context: { currency: 'EUR' }, input: 19.9, output: '19.90 EUR' },
    { input: '1299,95 SEK', output: '1299.95 SEK' },
    { options: 'JPY', input: '1200', output: '1200 JPY' },
    { input: '12,50', output: { issue: 'invalid-price' } },
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
        const match = CODE.exec(text);
        if (match) {
          code = match[1] ?? match[4];
          amount = parseNumber(match[2] ?? match[3] ?? '', mode);
        } else amount = parseNumber(text, mode);
      }
      if (amount === undefined || amount < 0) return invalid('invalid-price', 'a non-negative amount');
      if (code === undefined)
        return invalid('invalid-price', 'a currency (option, source.currency or in the value)');
      return formatMoney({ amount, currency: code });
    };
  },
} satisfies TransformDef<Options>;
