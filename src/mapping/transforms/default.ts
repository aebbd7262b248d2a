import type { TransformDef } from '../transform.js';

interface Options {
  /** Value used when the input is empty (no value or `''`); other input passes unchanged. */
  value: string | number;
}

export default {
  name: 'default',
  summary: 'Use a value when the input is empty.',
  shorthand: 'value',
  options: {
    type: 'object',
    additionalProperties: false,
    required: ['value'],
    properties: { value: { type: ['string', 'number'], description: 'Value for empty input.' } },
  },
  examples: [
    { options: 'new', input: '', output: 'new' },
    { options: 'new', input: 'used', output: 'used' },
    { options: 0, input: undefined, output: 0 },
  ],
  create({ value: fallback }) {
    return (value) => (value === undefined || value === '' ? fallback : value);
  },
} satisfies TransformDef<Options>;
