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
