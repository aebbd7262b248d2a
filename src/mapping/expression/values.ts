import { isEmpty, type Value } from '../value.js';

/**
 * Truthiness used by `when`/`exclude`: `undefined`, `''`, `0`, `false`, `NaN` and the empty
 * list are false; everything else (including the texts `"0"` and `"false"`) is true.
 */
export function truthy(value: Value): boolean {
  if (typeof value === 'string') return value !== '';
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'boolean') return value;
  if (value === undefined) return false;
  return value.length > 0;
}

/** A value as text: lists joined with `, `, no value as empty text. */
export function text(value: Value): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

const PLAIN_NUMBER = /^\s*[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)\s*$/;
/** More digits than this lose precision as a double; such texts (long IDs, GTINs) compare as text. */
const MAX_NUMERIC_DIGITS = 15;

/**
 * The number a value stands for in comparisons and arithmetic: a number, or a text that is a
 * plain decimal (`42`, `-3`, `12,5`, `12.5`). Thousands separators make it text: use number().
 */
export function numeric(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !PLAIN_NUMBER.test(value)) return undefined;
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  if (digits > MAX_NUMERIC_DIGITS) return undefined;
  return Number(value.trim().replace(',', '.'));
}

/** `==`: no JS coercion. Empty values are equal; plain numbers compare as numbers; lists by items. */
export function equals(a: Value, b: Value): boolean {
  const emptyA = isEmpty(a);
  const emptyB = isEmpty(b);
  if (emptyA || emptyB) return emptyA && emptyB;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i])) return false;
    return true;
  }
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x === y;
  return text(a) === text(b);
}

/** Negative, zero or positive; NaN when a number is NaN, so every ordering is false. */
export function compare(a: Value, b: Value): number {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.NaN;
  const s = text(a);
  const t = text(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Substring test; an empty needle or haystack never matches. */
function containsText(haystack: Value, needle: Value): boolean {
  if (isEmpty(needle) || isEmpty(haystack)) return false;
  return text(haystack).includes(text(needle));
}

/** `contains(a, b)`: a list holds the item, or a text the text. */
export function contains(haystack: Value, needle: Value): boolean {
  if (Array.isArray(haystack)) {
    for (const item of haystack) if (equals(item, needle)) return true;
    return false;
  }
  return containsText(haystack, needle);
}

/** `in`: a list on the left is in when any of its items is. */
export function member(needle: Value, haystack: Value): boolean {
  if (Array.isArray(needle)) {
    for (const item of needle) if (contains(haystack, item)) return true;
    return false;
  }
  return contains(haystack, needle);
}

function arithmetic(op: (x: number, y: number) => number): (a: Value, b: Value) => Value {
  return (a, b) => {
    const x = numeric(a);
    if (x === undefined) return undefined;
    const y = numeric(b);
    if (y === undefined) return undefined;
    const result = op(x, y);
    return Number.isFinite(result) ? result : undefined;
  };
}

const add = arithmetic((x, y) => x + y);

/** The binary operators' implementations. */
export const BINARY = new Map<string, (a: Value, b: Value) => Value>([
  ['==', equals],
  ['!=', (a, b) => !equals(a, b)],
  ['<', (a, b) => compare(a, b) < 0],
  ['<=', (a, b) => compare(a, b) <= 0],
  ['>', (a, b) => compare(a, b) > 0],
  ['>=', (a, b) => compare(a, b) >= 0],
  ['in', member],
  // Adds when both sides are numbers or plain-number texts (CSV columns are text); else joins text.
  ['+', (a, b) => (numeric(a) !== undefined && numeric(b) !== undefined ? add(a, b) : text(a) + text(b))],
  ['-', arithmetic((x, y) => x - y)],
  ['*', arithmetic((x, y) => x * y)],
  ['/', arithmetic((x, y) => x / y)],
  ['%', arithmetic((x, y) => x % y)],
]);
