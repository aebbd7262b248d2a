import type { TransformDef } from '../transform.js';

interface Options {
  /**
   * Maximum length in characters as channels count them (JSON Schema's `maxLength`: Unicode
   * code points), ellipsis included. The cut never splits what a reader sees as one character:
   * a letter and its accent, an emoji with its modifiers, a flag.
   */
  limit: number;
  /** Text added when the value was cut, e.g. `…`. Default none; must be shorter than `limit`. */
  ellipsis?: string;
}

// Made at the first value that is cut: loading ICU's break rules takes ~20 ms of a start.
let graphemes: Intl.Segmenter | undefined;

/** Code points in `text`: its UTF-16 units less the second half of each surrogate pair. */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 160 || code === 9 || code === 10 || code === 13;
}

export default {
  name: 'truncate',
  summary: 'Cut text to a maximum length at a word boundary, never inside a character.',
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
    if (codePoints(ellipsis) >= limit)
      throw new Error(`the ellipsis "${ellipsis}" leaves no room for text within limit ${limit}`);
    const room = limit - codePoints(ellipsis);
    // A word boundary is used when it keeps at least 70 % of the room; else the cut is hard.
    const earliest = Math.floor(room * 0.7);
    return (value) => {
      // UTF-16 units are never fewer than code points: most values end here, unsegmented.
      if (typeof value !== 'string' || value.length <= limit || codePoints(value) <= limit) return value;
      let count = 0;
      let cut = 0;
      let early = 0;
      // Only the head is segmented: ICU's segmenter slows with the length of the whole text
      // (5,000 graphemes of a 300 kB value took 6 s). Boundaries before the head's end depend
      // on what precedes them only; its last segment may be cut short, so it never counts.
      const head = value.slice(0, 2 * limit + 64);
      graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
      for (const { segment, index } of graphemes.segment(head)) {
        const size = codePoints(segment);
        if (count + size > room || index + segment.length >= head.length) break;
        count += size;
        cut = index + segment.length;
        if (count <= earliest) early = cut;
      }
      let space = cut;
      while (space > early && !isSpace(value.charCodeAt(space))) space--;
      if (space > early) cut = space;
      while (cut > 0 && isSpace(value.charCodeAt(cut - 1))) cut--;
      return value.slice(0, cut) + ellipsis;
    };
  },
} satisfies TransformDef<Options>;
