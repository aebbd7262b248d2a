import type { TransformDef } from '../transform.js';

interface Options {
  /** Text to add. */
  value: string;
}

export default {
  name: 'prepend',
  summary: 'Add text to the start of a non-empty value.',
  shorthand: 'value',
  options: {
    type: 'object',
    additionalProperties: false,
    required: ['value'],
    properties: { value: { type: 'string', description: 'Text to add.' } },
  },
  examples: [
    { options: 'SKU-', input: '1001', output: 'SKU-1001' },
    { options: 'x', input: '', output: '' },
  ],
  create({ value: text }) {
    return (value) => (value === undefined || value === '' ? value : `${text}${String(value)}`);
  },
} satisfies TransformDef<Options>;
