import type { TransformDef } from '../transform.js';

interface Options {
  /** Separator (default `,`). */
  separator?: string;
  /** Trim each part (default true). */
  trim?: boolean;
}

export default {
  name: 'split',
  summary: 'Split text into a list; empty parts are dropped.',
  shorthand: 'separator',
  list: true,
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      separator: { type: 'string', minLength: 1, description: 'Separator (default ",").' },
      trim: { type: 'boolean', description: 'Trim each part (default true).' },
    },
  },
  examples: [
    { options: '|', input: '/b/1.jpg| /b/2.jpg ||', output: ['/b/1.jpg', '/b/2.jpg'] },
    { input: 'rød, grøn', output: ['rød', 'grøn'] },
  ],
  create({ separator = ',', trim = true }) {
    return (value) => {
      if (typeof value !== 'string') return value;
      const out: string[] = [];
      for (const part of value.split(separator)) {
        const text = trim ? part.trim() : part;
        if (text !== '') out.push(text);
      }
      return out;
    };
  },
} satisfies TransformDef<Options>;
