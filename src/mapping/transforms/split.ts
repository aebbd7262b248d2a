import type { TransformDef } from '../transform.js';

interface Options {
  /** Literal text between the parts. Default `,`. */
  separator?: string;
  /** Trim whitespace around each part. Default true. */
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
    { input: ['S,M', 'L'], output: ['S', 'M', 'L'] },
  ],
  create({ separator = ',', trim = true }) {
    const into = (text: string, out: string[]) => {
      for (const part of text.split(separator)) {
        const piece = trim ? part.trim() : part;
        if (piece !== '') out.push(piece);
      }
      return out;
    };
    return (value) => {
      if (typeof value === 'string') return value === '' ? value : into(value, []);
      // A list (from an earlier split) is split further and flattened: `a|b, c` → a, b, c.
      if (Array.isArray(value)) {
        const out: string[] = [];
        for (const element of value) into(element, out);
        return out;
      }
      return value;
    };
  },
} satisfies TransformDef<Options>;
