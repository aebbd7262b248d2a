import type { TransformDef } from '../transform.js';

interface Options {
  /** Maximum length in characters, ellipsis included. */
  limit: number;
  /** Text added when the value was cut (default none). */
  ellipsis?: string;
}

export default {
  name: 'truncate',
  summary: 'Cut text to a maximum length at a word boundary.',
  shorthand: 'limit',
  options: {
    type: 'object',
    additionalProperties: false,
    required: ['limit'],
    properties: {
      limit: { type: 'integer', minimum: 1, description: 'Maximum length, ellipsis included.' },
      ellipsis: { type: 'string', description: 'Added when cut (default none).' },
    },
  },
  examples: [
    { options: 20, input: 'Strikket cardigan i blød merinould', output: 'Strikket cardigan i' },
    {
      options: { limit: 21, ellipsis: '…' },
      input: 'Strikket cardigan i blød merinould',
      output: 'Strikket cardigan i…',
    },
    { options: 10, input: 'Kort tekst', output: 'Kort tekst' },
  ],
  create({ limit, ellipsis = '' }) {
    const room = Math.max(0, limit - ellipsis.length);
    return (value) => {
      if (typeof value !== 'string' || value.length <= limit) return value;
      let cut = room;
      // Never split a surrogate pair.
      const code = value.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
      const space = value.lastIndexOf(' ', cut);
      // Prefer a word boundary when it does not throw away more than 30 % of the room.
      if (space > room * 0.7) cut = space;
      return value.slice(0, cut).trimEnd() + ellipsis;
    };
  },
} satisfies TransformDef<Options>;
