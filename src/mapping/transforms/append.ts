import type { TransformDef } from '../transform.js';

interface Options {
  /** Text to add. */
  value: string;
}

export default {
  name: 'append',
  summary: 'Add text to the end of a non-empty value (`" kg"`).',
  shorthand: 'value',
  options: {
    type: 'object',
    additionalProperties: false,
    required: ['value'],
    properties: { value: { type: 'string', description: 'Text to add.' } },
  },
  examples: [
    { options: ' kg', input: '0.45', output: '0.45 kg' },
    { options: ' kg', input: 0.45, output: '0.45 kg' },
    { options: 'x', input: '', output: '' },
  ],
  create({ value: text }) {
    return (value) => (value === undefined || value === '' ? value : `${String(value)}${text}`);
  },
} satisfies TransformDef<Options>;
