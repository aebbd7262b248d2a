import { linearRegExp } from '../../text/linear-regexp.js';
import type { TransformDef } from '../transform.js';

interface Options {
  /**
   * JavaScript regular expression, at most 500 characters. It runs in time linear in the value
   * (see {@link linearRegExp}); lookaheads and backreferences, which cannot, are refused.
   */
  pattern: string;
  /** Replacement; `$1` refers to a group. Default empty. */
  to?: string;
  /** Flags among `i`, `m`, `s`, `u`; `g` is always on. Default none. */
  flags?: string;
}

const MAX_PATTERN = 500;

export default {
  name: 'regex_replace',
  summary: 'Replace matches of a regular expression (linear time; no lookaheads).',
  options: {
    type: 'object',
    additionalProperties: false,
    required: ['pattern'],
    properties: {
      pattern: { type: 'string', minLength: 1, maxLength: MAX_PATTERN, description: 'Regular expression.' },
      to: { type: 'string', description: 'Replacement; $1 for a group (default empty).' },
      flags: { type: 'string', pattern: '^[imsu]*$', description: 'Flags among i, m, s, u.' },
    },
  },
  examples: [
    { options: { pattern: '\\s*\\(udgået\\)$', flags: 'i' }, input: 'Hue (UDGÅET)', output: 'Hue' },
    { options: { pattern: '^(\\d+)x(\\d+)$', to: '$1 × $2 cm' }, input: '130x180', output: '130 × 180 cm' },
    { options: { pattern: '[^\\p{L}\\p{N} ]+', flags: 'u' }, input: 'Uldhue™ (ny!)', output: 'Uldhue ny' },
  ],
  create({ pattern, to = '', flags = '' }) {
    const regex = linearRegExp(pattern, flags);
    return (value) => (typeof value === 'string' ? regex.replace(value, to) : value);
  },
} satisfies TransformDef<Options>;
