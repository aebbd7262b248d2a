import { decodeHTMLStrict } from 'entities';

/**
 * HTML entity decoding shared by `strip_html` and `decode_entities` (not a transform).
 * Named entities: the whole HTML5 table (2,231 names), from the `entities` package, which
 * browsers' own table is kept in; numeric references are read here, as below.
 */

/** Longest body of an entity we decode: a named one (`CounterClockwiseContourIntegral`, 31). */
const MAX_BODY = 32;
/** Longest numeric body (`#x10FFFF`). */
const MAX_NUMERIC = 8;

/** The few names nearly every escaped text uses, looked up without building a string. */
const COMMON = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
]);

/** The text a named entity's body `text[start, end)` stands for, or undefined when it is no HTML5 name. */
function namedEntity(text: string, start: number, end: number): string | undefined {
  if (end - start <= 4) {
    const common = COMMON.get(text.slice(start, end));
    if (common !== undefined) return common;
  }
  const entity = text.slice(start - 1, end + 1);
  const decoded = decodeHTMLStrict(entity);
  return decoded === entity ? undefined : decoded;
}

/**
 * `&#128;`–`&#159;` name C1 controls, but pages written in Windows-1252 use them for the
 * typographic characters of that code page (`&#146;` for ’); browsers read them so, as do we.
 */
const WINDOWS_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * The index of the `;` closing an entity-shaped run (`&name;`, `&#230;`, `&#xE6;`) that
 * starts with the `&` at `amp`, or -1. Looks at most a few characters ahead, so a text full
 * of `&` and no `;` stays linear.
 */
export function entityEnd(text: string, amp: number): number {
  const limit = Math.min(text.length, amp + MAX_BODY + 2);
  for (let i = amp + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 59 /* ; */) return i > amp + 1 ? i : -1;
    const alnum = (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
    if (!alnum && !(c === 35 /* # */ && i === amp + 1)) return -1;
  }
  return -1;
}

/**
 * The text the entity body `text[start, end)` (`amp`, `#230`, `#xE6`) stands for, or
 * undefined when it is none. A numeric reference to a control character or a non-character
 * stands for nothing (`''`): it is markup noise, not text.
 */
export function entityText(text: string, start: number, end: number): string | undefined {
  if (text.charCodeAt(start) !== 35 /* # */) return namedEntity(text, start, end);
  const second = text.charCodeAt(start + 1);
  const hex = second === 120 /* x */ || second === 88; /* X */
  const first = hex ? start + 2 : start + 1;
  if (end === first || end - start > MAX_NUMERIC) return undefined;
  let code = 0;
  for (let i = first; i < end; i++) {
    const c = text.charCodeAt(i);
    let digit: number;
    if (c >= 48 && c <= 57) digit = c - 48;
    else if (hex && c >= 97 && c <= 102) digit = c - 87;
    else if (hex && c >= 65 && c <= 70) digit = c - 55;
    else return undefined;
    code = code * (hex ? 16 : 10) + digit;
  }
  if (code >= 128 && code <= 159) {
    const mapped = WINDOWS_1252[code - 128] as string;
    return mapped.charCodeAt(0) < 160 ? '' : mapped;
  }
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
  if (code < 32 && code !== 9 && code !== 10 && code !== 13) return '';
  return String.fromCodePoint(code);
}

/**
 * Decode HTML entities once: `&amp;auml;` becomes `&auml;`, not `ä`. Text escaped twice (as
 * some supplier exports are) needs a second `decode_entities`; decoding repeatedly by
 * default would corrupt text that really means `&auml;`.
 */
export function decodeEntities(text: string): string {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let out = '';
  let copied = 0;
  while (amp !== -1) {
    const semi = entityEnd(text, amp);
    const decoded = semi === -1 ? undefined : entityText(text, amp + 1, semi);
    if (decoded !== undefined) {
      out += text.slice(copied, amp) + decoded;
      copied = semi + 1;
    }
    amp = text.indexOf('&', amp + 1);
  }
  return copied === 0 ? text : out + text.slice(copied);
}
