import { formatMoney, parseMoney } from '../../model/canonical.js';
import type { TransformDef } from '../transform.js';
import { invalid } from '../value.js';

interface Options {
  /** VAT rate in percent (`25` for Denmark); the net amount is multiplied by 1 + rate/100. */
  rate?: number;
  /**
   * The rate per record instead: an expression (as in `when:`) giving the product's rate,
   * in percent or, below 1, as a factor (BMEcat's `TAX` is `0.19` for 19 %). Where it gives
   * nothing, the value passes unchanged: a price that already holds VAT (a gross price type).
   */
  tax?: string;
}

/** Cents, rounded half away from zero, so `99.995` does not become `99.99` by float error. */
const round2 = (amount: number) => Math.round((amount + Number.EPSILON) * 100) / 100;

export default {
  name: 'vat',
  summary: "Net to gross: add VAT at `rate` percent, or at the record's own rate (`tax`).",
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      rate: { type: 'number', minimum: 0, maximum: 100, description: 'VAT in percent.' },
      tax: {
        type: 'string',
        minLength: 1,
        description:
          "An expression giving the record's VAT rate, in percent or below 1 as a factor (BMEcat TAX 0.19); empty: the value passes unchanged.",
      },
    },
  },
  shorthand: 'rate',
  examples: [
    { options: 25, input: '99.00 DKK', output: '123.75 DKK' },
    { options: 19, input: 10, output: 11.9 },
    { options: 25, input: 'gratis', output: { issue: 'invalid-price' } },
  ],
  create({ rate, tax }, context) {
    const fixed = rate === undefined ? undefined : 1 + rate / 100;
    const perRecord = tax === undefined ? undefined : context.expression?.(tax, 'tax');
    if (fixed !== undefined && perRecord !== undefined) throw new Error('give rate or tax, not both');
    if (fixed === undefined && perRecord === undefined) throw new Error('needs rate (percent) or tax');
    return (value, record) => {
      if (value === '' || value === undefined) return value;
      let factor = fixed;
      if (perRecord !== undefined) {
        const given = perRecord(record);
        if (given === undefined || given === '' || given === false) return value;
        const number = Number(String(given).trim().replace(',', '.'));
        if (!Number.isFinite(number) || number < 0 || number > 100)
          return invalid('missing-vat', 'a VAT rate in percent or as a factor (TAX 0.19)');
        factor = 1 + (number < 1 ? number : number / 100);
      }
      if (typeof value === 'number') return round2(value * (factor as number));
      const money = parseMoney(String(value).trim());
      if (money === undefined) return invalid('invalid-price', 'a net amount (use number or price first)');
      return formatMoney({ amount: round2(money.amount * (factor as number)), currency: money.currency });
    };
  },
} satisfies TransformDef<Options>;
