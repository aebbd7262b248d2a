import type { TransformDef } from '../transform.js';

interface Options {
  /** Maximum length in UTF-16 code units (characters, an emoji counts 2), ellipsis included. */
  limit: number;
  /** Text added when the value was cut, e.g. `…`. Default none; must be shorter than `limit`. */
  ellipsis?: string;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 160 || code === 9 || code === 10 || code === 13;
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
    { options: 8, input: 'Merinouldstrik', output: 'Merinoul' },
  ],
  create({ limit, ellipsis = '' }) {
    if (ellipsis.length >= limit)
      throw new Error(`the ellipsis "${ellipsis}" leaves no room for text within limit ${limit}`);
    const room = limit - ellipsis.length;
    // A word boundary is used when it keeps at least 70 % of the room; else the cut is hard.
    const earliest = Math.floor(room * 0.7);
    return (value) => {
      if (typeof value !== 'string' || value.length <= limit) return value;
      let cut = room;
      const code = value.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
      let space = cut;
      while (space > earliest && !isSpace(value.charCodeAt(space))) space--;
      if (space > earliest) cut = space;
      while (cut > 0 && isSpace(value.charCodeAt(cut - 1))) cut--;
      return value.slice(0, cut) + ellipsis;
    };
  },
} satisfies TransformDef<Options>;
