import type { TransformDef } from '../transform.js';

interface Options {
  /** JavaScript regular expression (refused when it could backtrack catastrophically). */
  pattern: string;
  /** Replacement; `$1` refers to a group (default empty). */
  to?: string;
  /** Flags among `i`, `m`, `s`, `u`; `g` is always on. */
  flags?: string;
}

const MAX_PATTERN = 500;
/** Values longer than this are left as they are: a guard on top of the pattern check. */
const MAX_INPUT = 100_000;

/**
 * Refuse patterns whose backtracking can explode: a quantified group that itself contains a
 * quantifier or an alternation (`(a+)+`, `(\w*)*`, `(a|aa)+`), and backreferences.
 */
export function catastrophic(pattern: string): string | undefined {
  if (/\\[1-9]|\\k</.test(pattern)) return 'backreferences are not allowed';
  const stack: Array<{ quantified: boolean; alternation: boolean }> = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') stack.push({ quantified: false, alternation: false });
    else if (ch === '|' && stack.length > 0)
      (stack[stack.length - 1] as { alternation: boolean }).alternation = true;
    else if (ch === ')') {
      const group = stack.pop();
      const next = pattern[i + 1];
      const quantifiedGroup = next === '*' || next === '+' || next === '{';
      if (group && quantifiedGroup && (group.quantified || group.alternation)) {
        return `nested quantifier in "${pattern.slice(0, i + 2)}" can backtrack catastrophically`;
      }
      if (group && stack.length > 0 && (group.quantified || quantifiedGroup)) {
        (stack[stack.length - 1] as { quantified: boolean }).quantified = true;
      }
    } else if ((ch === '*' || ch === '+' || ch === '{') && stack.length > 0) {
      (stack[stack.length - 1] as { quantified: boolean }).quantified = true;
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
  ],
  create({ pattern, to = '', flags = '' }) {
    const problem = catastrophic(pattern);
    if (problem !== undefined) throw new Error(problem);
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
