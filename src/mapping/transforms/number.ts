import { parseNumber } from '../../text/number.js';
import type { TransformContext, TransformDef } from '../transform.js';
import { type Invalid, invalid } from '../value.js';

interface Options {
  /**
   * Decimal separator: `,`, `.`, or `auto` to decide per value. Default: the mapping's
   * `source.decimal`.
   */
  decimal?: 'auto' | ',' | '.';
}

/** The parse step of `number`, shared with `price`. */
export function numberFn(decimal: Options['decimal'], context: TransformContext) {
  const mode = decimal ?? context.decimal;
  return (value: string | number): number | Invalid => {
    if (typeof value === 'number') return value;
    return parseNumber(value, mode) ?? invalid('invalid-number', 'a number');
  };
}

export default {
  name: 'number',
  summary: 'Read a number from supplier text: "1.299,95" and "1,299.95" are both 1299.95.',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      decimal: { enum: ['auto', ',', '.'], description: 'Decimal separator (default: source.decimal).' },
    },
  },
  examples: [
    { input: '1.299,95', output: 1299.95 },
    { input: ' 12,5 ', output: 12.5 },
    { input: '1.299', output: 1.299 },
    { options: { decimal: ',' }, input: '1.299', output: 1299 },
    { input: 'kr. 1.299,95', output: { issue: 'invalid-number' } },
  ],
  create({ decimal }, context) {
    const parse = numberFn(decimal, context);
    return (value) => (typeof value === 'string' ? (value === '' ? value : parse(value)) : value);
  },
} satisfies TransformDef<Options>;
