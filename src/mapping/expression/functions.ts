import { parseNumber } from '../../text/number.js';
import { isEmpty, type Value } from '../value.js';
import { contains, text } from './values.js';

/**
 * A function of the expression language, defined once: its name, how many arguments it
 * takes, what it does, and its implementation. `unary`/`binary` are applied to the
 * arguments' values; functions without one (`column`, `matches`, `coalesce`) read their
 * arguments at compile time or lazily, and `compile.ts` builds them.
 */
export interface FunctionDef {
  /** Name users write in `when:` and `exclude:`. */
  name: string;
  /** Fewest arguments. */
  min: number;
  /** Most arguments. */
  max: number;
  /** One line on what it returns. */
  doc: string;
  /** Implementation of a one-argument function. */
  unary?: (a: Value) => Value;
  /** Implementation of a two-argument function. */
  binary?: (a: Value, b: Value) => Value;
}

function mapText(f: (s: string) => string): (a: Value) => Value {
  return (a) => (a === undefined ? undefined : Array.isArray(a) ? a.map(f) : f(text(a)));
}

/** Characters as people count them (code points), not UTF-16 units. */
function codePoints(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) count++;
  }
  return count;
}

const DEFINITIONS: FunctionDef[] = [
  { name: 'lower', min: 1, max: 1, doc: 'the text in lower case', unary: mapText((s) => s.toLowerCase()) },
  { name: 'upper', min: 1, max: 1, doc: 'the text in upper case', unary: mapText((s) => s.toUpperCase()) },
  { name: 'trim', min: 1, max: 1, doc: 'the text without spaces around it', unary: mapText((s) => s.trim()) },
  {
    name: 'length',
    min: 1,
    max: 1,
    doc: 'characters in a text, items in a list',
    unary: (a) => (a === undefined ? 0 : Array.isArray(a) ? a.length : codePoints(text(a))),
  },
  {
    name: 'empty',
    min: 1,
    max: 1,
    doc: 'true for no value, an empty list or a blank text',
    unary: (a) => isEmpty(a) || (typeof a === 'string' && a.trim() === ''),
  },
  {
    name: 'number',
    min: 1,
    max: 1,
    doc: 'the number a text is written as (`1.299,95`), or no value',
    unary: (a) =>
      typeof a === 'number'
        ? Number.isNaN(a)
          ? undefined
          : a
        : typeof a === 'string'
          ? parseNumber(a, 'auto')
          : undefined,
  },
  { name: 'contains', min: 2, max: 2, doc: 'a text holds a text, or a list an item', binary: contains },
  {
    name: 'starts_with',
    min: 2,
    max: 2,
    doc: 'a text starts with a text',
    binary: (a, b) => !isEmpty(a) && !isEmpty(b) && text(a).startsWith(text(b)),
  },
  {
    name: 'ends_with',
    min: 2,
    max: 2,
    doc: 'a text ends with a text',
    binary: (a, b) => !isEmpty(a) && !isEmpty(b) && text(a).endsWith(text(b)),
  },
  { name: 'coalesce', min: 2, max: 32, doc: 'the first argument that is not empty' },
  { name: 'column', min: 1, max: 1, doc: 'the column of that name, in quotes (`column("Lager status")`)' },
  {
    name: 'matches',
    min: 2,
    max: 2,
    doc: 'the text matches the pattern in quotes (linear-time regular expression)',
  },
];

/** The whitelisted functions by name (a Map, so `toString` and friends are not found). */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(DEFINITIONS.map((def) => [def.name, def]));
