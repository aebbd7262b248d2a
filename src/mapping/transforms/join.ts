import type { TransformDef } from '../transform.js';

interface Options {
  /** Text put between the elements. Default `,`. */
  separator?: string;
}

export default {
  name: 'join',
  summary: 'Join a list into text.',
  shorthand: 'separator',
  list: true,
  options: {
    type: 'object',
    additionalProperties: false,
    properties: { separator: { type: 'string', description: 'Separator (default ",").' } },
  },
  examples: [
    { options: ' > ', input: ['Gear', 'Bags'], output: 'Gear > Bags' },
    { input: 'already text', output: 'already text' },
  ],
  create({ separator = ',' }) {
    return (value) => (Array.isArray(value) ? value.join(separator) : value);
  },
} satisfies TransformDef<Options>;
