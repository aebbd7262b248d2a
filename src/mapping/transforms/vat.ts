import { formatMoney, parseMoney } from '../../canonical.js';
import type { TransformDef } from '../transform.js';
import { invalid } from '../value.js';

interface Options {
  /** VAT rate in percent (`25` for Denmark); the net amount is multiplied by 1 + rate/100. */
  rate: number;
}

/** Cents, rounded half away from zero, so `99.995` does not become `99.99` by float error. */
const round2 = (amount: number) => Math.round((amount + Number.EPSILON) * 100) / 100;

export default {
  name: 'vat',
  summary: 'Net to gross: add VAT at `rate` percent to a number or a price (`99.00 DKK`).',
  options: {
    type: 'object',
    additionalProperties: false,
    required: ['rate'],
    properties: { rate: { type: 'number', minimum: 0, maximum: 100, description: 'VAT in percent.' } },
  },
  shorthand: 'rate',
  examples: [
    { options: 25, input: '99.00 DKK', output: '123.75 DKK' },
    { options: 19, input: 10, output: 11.9 },
    { options: 25, input: 'gratis', output: { issue: 'invalid-price' } },
  ],
  create({ rate }) {
    const factor = 1 + rate / 100;
    return (value) => {
      if (value === '' || value === undefined) return value;
      if (typeof value === 'number') return round2(value * factor);
      const money = parseMoney(String(value).trim());
      if (money === undefined) return invalid('invalid-price', 'a net amount (use number or price first)');
      return formatMoney({ amount: round2(money.amount * factor), currency: money.currency });
    };
  },
} satisfies TransformDef<Options>;
