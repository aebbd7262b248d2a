/** Length from which a value's answer is remembered. */
const REMEMBER_FROM = 32;

/**
 * A check of strings that remembers its last four answers. The channels of a run check the
 * same record's values in turn (its link, description), so from the second channel on a
 * check is a comparison with the strings just seen. Short strings are checked afresh: a
 * pattern or a check digit on a few characters costs less than comparing with four others,
 * and one engine serves many fields (the placeholder pattern reads ten fields of an OpenAI
 * item), which would push every long value out of the four.
 */
export function remembering<T>(check: (value: string) => T): (value: string) => T {
  const seen: Array<string | undefined> = [undefined, undefined, undefined, undefined];
  const answers: T[] = [];
  let next = 0;
  return (value) => {
    if (value.length < REMEMBER_FROM) return check(value);
    for (let i = 0; i < 4; i++) if (seen[i] === value) return answers[i] as T;
    const answer = check(value);
    seen[next] = value;
    answers[next] = answer;
    next = (next + 1) & 3;
    return answer;
  };
}

/** ajv's regular expression engine for `pattern`: plain RegExps whose tests remember (see remembering). */
export const rememberingRegExp = Object.assign(
  (pattern: string, flags: string) => {
    const regExp = new RegExp(pattern, flags);
    // ajv shares one engine object per distinct pattern across schemas, keyed by toString().
    return { test: remembering((value) => regExp.test(value)), toString: () => regExp.toString() };
  },
  { code: 'rememberingRegExp' },
);
