import type { TransformDef } from '../transform.js';

interface Options {
  /**
   * JavaScript regular expression, at most 500 characters. Refused when it could backtrack
   * catastrophically (see {@link catastrophic}).
   */
  pattern: string;
  /** Replacement; `$1` refers to a group. Default empty. */
  to?: string;
  /** Flags among `i`, `m`, `s`, `u`; `g` is always on. Default none. */
  flags?: string;
}

const MAX_PATTERN = 500;
/**
 * Values longer than this are left as they are: a cap on the polynomial backtracking the
 * pattern check lets through (`\d+\d+x`). Unchanged rather than invalid, because such a value
 * is rare and a channel's length limit reports it anyway.
 */
const MAX_INPUT = 100_000;

/** Length of a `{2}`, `{2,}` or `{2,5}` quantifier at `i`, or 0 when the brace is a literal. */
function braceQuantifier(pattern: string, i: number): number {
  const match = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i, i + 24));
  return match === null ? 0 : match[0].length;
}

/**
 * Why a pattern is refused, or undefined when it is accepted. Refused: backreferences, and a
 * repeated group (`*`, `+`, `{n}`) that contains a quantifier (`?` included) or an
 * alternation: `(a+)+`, `(\w*)*`, `(a|aa)+`, `(.*a){10}`. Those are the shapes whose
 * backtracking grows exponentially with the input. Lookahead and lookbehind are fine.
 */
export function catastrophic(pattern: string): string | undefined {
  if (/\\[1-9]|\\k</.test(pattern)) return 'backreferences are not allowed';
  const stack: Array<{ risky: boolean }> = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const escaped = pattern[i + 1];
      i++;
      // \p{Letter}, \u{1F600}: the braces belong to the escape, not a quantifier.
      if ((escaped === 'p' || escaped === 'P' || escaped === 'u') && pattern[i + 1] === '{') {
        const close = pattern.indexOf('}', i);
        if (close !== -1) i = close;
      }
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (ch === '[') inClass = true;
    else if (ch === '(') {
      stack.push({ risky: false });
      if (pattern[i + 1] === '?') i++; // (?: (?= (?<name> – not a quantifier
    } else if (ch === '|') {
      if (top) top.risky = true;
    } else if (ch === ')') {
      const group = stack.pop();
      const next = pattern[i + 1];
      const repeated = next === '*' || next === '+' || (next === '{' && braceQuantifier(pattern, i + 1) > 0);
      if (group?.risky && repeated) {
        return `nested quantifier in "${pattern.slice(0, i + 2)}" can backtrack catastrophically`;
      }
      const parent = stack[stack.length - 1];
      if (parent && (group?.risky || repeated)) parent.risky = true;
    } else if (ch === '*' || ch === '+' || ch === '?') {
      if (top) top.risky = true;
    } else if (ch === '{') {
      const length = braceQuantifier(pattern, i);
      if (length > 0) {
        if (top) top.risky = true;
        i += length - 1;
      }
    }
  }
  return undefined;
}

export default {
  name: 'regex_replace',
  summary: 'Replace matches of a regular expression (catastrophic patterns are refused).',
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
    const problem = catastrophic(pattern);
    if (problem !== undefined) throw new Error(problem);
    if (new Set(flags).size !== flags.length) throw new Error(`flags "${flags}" repeat a flag`);
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, `g${flags}`);
    } catch (error) {
      throw new Error(`invalid pattern: ${(error as Error).message}`);
    }
    return (value) =>
      typeof value === 'string' && value.length <= MAX_INPUT ? value.replace(regex, to) : value;
  },
} satisfies TransformDef<Options>;
