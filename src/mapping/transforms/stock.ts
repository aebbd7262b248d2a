import { parseNumber } from '../../text/number.js';
import type { TransformDef } from '../transform.js';
import { invalid } from '../value.js';

interface Options {
  /** Units from which an item is in stock. Default 1. */
  threshold?: number;
  /** What fewer units mean: `out_of_stock` (default), `backorder` or `preorder` (orders are still taken). */
  below?: 'out_of_stock' | 'backorder' | 'preorder';
}

export default {
  name: 'stock',
  summary: 'Turn a stock quantity into an availability: in_stock from `threshold` units on.',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      threshold: {
        type: 'number',
        minimum: 0,
        description: 'Units from which an item is in stock (default 1).',
      },
      below: {
        enum: ['out_of_stock', 'backorder', 'preorder'],
        description: 'Availability below the threshold (default out_of_stock).',
      },
    },
  },
  shorthand: 'threshold',
  examples: [
    { input: '12', output: 'in_stock' },
    { input: '0', output: 'out_of_stock' },
    { options: { threshold: 5, below: 'backorder' }, input: '3', output: 'backorder' },
    { input: 'many', output: { issue: 'invalid-number' } },
  ],
  create({ threshold = 1, below = 'out_of_stock' }, context) {
    return (value) => {
      if (value === '' || value === undefined) return value;
      const units = typeof value === 'number' ? value : parseNumber(String(value), context.decimal);
      if (units === undefined) return invalid('invalid-number', 'a stock quantity');
      return units >= threshold ? 'in_stock' : below;
    };
  },
} satisfies TransformDef<Options>;
