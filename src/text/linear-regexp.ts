import { RE2JS } from 're2js';
import './v8-flags.js';
import { catastrophic } from './regexp-shapes.js';

/**
 * A regular expression from a mapping, compiled to run in time linear in the value it reads:
 * a mapping is data from outside the program, and a pattern like `\d+\d+x` on a 5,000-digit
 * value would otherwise backtrack for minutes.
 *
 * Two engines, chosen per pattern. V8's own is 10–20× faster than re2js on the short values of
 * a feed (0.5 against 7.9 µs for `^(?:.*,)?size=([^,]*).*$`), and V8 has a linear-time engine
 * it switches to after excessive backtracking (the flag model/v8-flags.ts sets; results are the same with it, only the engine that finds them changes) — for patterns without the `i`
 * and `u` flags, lookarounds and backreferences, which that engine cannot run, and without the
 * shapes whose backtracking grows exponentially. Every other pattern runs on re2js, a port of
 * RE2 (linear by construction), lookbehinds included. Lookaheads and backreferences have no
 * linear-time engine and are refused.
 */
export interface LinearRegExp {
  /** Which engine runs it: `v8` (with its linear-time fallback) or `re2`. */
  readonly engine: 'v8' | 're2';
  /** Every match replaced by `to` (`$1`, `$<name>`, `$&`, `$$` as in `String.prototype.replace`). */
  replace(value: string, to: string): string;
  /** True when the pattern matches somewhere in the value. */
  test(value: string): boolean;
}

/** Flags a mapping may give: `i`, `m`, `s`, `u`. */
export const PATTERN_FLAGS = /^[imsu]*$/;

/** A pattern no linear-time engine can run, or that does not parse; the message says which. */
export class PatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatternError';
  }
}

/** Compile `pattern` with `flags` (among `imsu`); throws {@link PatternError}. */
export function linearRegExp(pattern: string, flags = ''): LinearRegExp {
  if (!PATTERN_FLAGS.test(flags) || new Set(flags).size !== flags.length)
    throw new PatternError(`flags "${flags}" are not among i, m, s, u, each once`);
  if (/\\[1-9]|\\k</.test(pattern)) throw new PatternError('backreferences cannot run in linear time');
  if (/\(\?[=!]/.test(withoutEscapesAndClasses(pattern)))
    throw new PatternError('lookaheads (?= …) and (?! …) cannot run in linear time');
  const lookbehind = /\(\?<[=!]/.test(withoutEscapesAndClasses(pattern));
  if (!/[iu]/.test(flags) && !lookbehind && catastrophic(pattern) === undefined) {
    let native: RegExp;
    try {
      native = new RegExp(pattern, `g${flags}`);
    } catch (error) {
      throw new PatternError(`invalid pattern: ${(error as Error).message}`);
    }
    return {
      engine: 'v8',
      replace: (value, to) => value.replace(native, to),
      test: (value) => {
        native.lastIndex = 0;
        return native.test(value);
      },
    };
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(
      RE2JS.translateRegExp(pattern),
      (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) |
        (flags.includes('m') ? RE2JS.MULTILINE : 0) |
        (flags.includes('s') ? RE2JS.DOTALL : 0) |
        (lookbehind ? RE2JS.LOOKBEHINDS : 0),
    );
  } catch (error) {
    throw new PatternError(
      `invalid pattern: ${(error as Error).message.replace(/^error parsing regexp: /, '')}`,
    );
  }
  return {
    engine: 're2',
    replace: (value, to) => re.matcher(value).replaceAll(to),
    test: (value) => re.test(value),
  };
}

/** The pattern with escapes and character classes blanked, so `\(?=` or `[(?=]` are not taken for groups. */
function withoutEscapesAndClasses(pattern: string): string {
  return pattern.replace(/\\./gs, '__').replace(/\[(?:[^\]\\]|\\.)*\]/g, (m) => '_'.repeat(m.length));
}
