import { entityEnd, entityText } from './entities.js';

/**
 * A tag name folded into a number, case-insensitively (base 37: exact up to 10 characters),
 * so looking a tag up needs no substring; -1 past 10 characters (no name we look for is longer).
 */
function tagKey(name: string, start: number, end: number): number {
  if (end - start > 10) return -1;
  let key = 0;
  for (let i = start; i < end; i++) {
    const c = name.charCodeAt(i);
    key = key * 37 + (c <= 57 ? c - 21 : (c | 32) - 96);
  }
  return key;
}

const keyOf = (name: string) => tagKey(name, 0, name.length);

/** Elements that separate words: they become a space, inline ones (b, span, a) vanish. */
const BLOCK = new Set(
  'address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul'
    .split(' ')
    .map(keyOf),
);
const SCRIPT = keyOf('script');
const STYLE = keyOf('style');

function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** What JavaScript's `\s` matches, ASCII first since that is nearly all of it. */
function isSpace(code: number): boolean {
  if (code <= 32)
    return code === 32 || code === 10 || code === 9 || code === 13 || code === 12 || code === 11;
  if (code < 160) return false;
  return (
    code === 160 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x1680 ||
    code === 0xfeff
  );
}

/** Neither whitespace nor the start of a tag or entity. */
function isWordChar(code: number): boolean {
  return code !== 60 && code !== 38 && !isSpace(code);
}

/**
 * One left-to-right pass that drops tags, decodes entities and collapses whitespace as it
 * goes, copying text in slices. No regex and no second pass: this runs on every description
 * of every record. Entities are decoded once: `&amp;auml;` gives `&auml;` (a second
 * `decode_entities` in the pipe handles text escaped twice).
 */
export function stripHtml(html: string): string {
  let out = '';
  let space = false;
  let start = -1;
  const n = html.length;
  let i = 0;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c === 60 /* < */) {
      const end = readTag(html, i);
      if (end !== 0) {
        if (start !== -1) {
          out += html.slice(start, i);
          start = -1;
        }
        if (end > 0) {
          space = true;
          i = end;
        } else i = -end;
        continue;
      }
    } else if (c === 38 /* & */) {
      const semi = entityEnd(html, i);
      const text = semi === -1 ? undefined : entityText(html, i + 1, semi);
      if (text !== undefined) {
        if (start !== -1) {
          out += html.slice(start, i);
          start = -1;
        }
        if (text.length === 1 && isSpace(text.charCodeAt(0))) space = true;
        else if (text !== '') {
          if (space && out.length > 0) out += ' ';
          space = false;
          out += text;
        }
        i = semi + 1;
        continue;
      }
    } else if (isSpace(c)) {
      // A single plain space between words stays inside the slice being copied.
      if (c === 32 && start !== -1 && i + 1 < n && isWordChar(html.charCodeAt(i + 1))) {
        i++;
        continue;
      }
      if (start !== -1) {
        out += html.slice(start, i);
        start = -1;
      }
      space = true;
      i++;
      continue;
    }
    if (start === -1) {
      if (space && out.length > 0) out += ' ';
      space = false;
      start = i;
    }
    i++;
    // The bulk of a description: plain characters, single spaces between words.
    while (i < n) {
      const d = html.charCodeAt(i);
      if (
        d > 38
          ? d !== 60 && (d < 160 || !isSpace(d))
          : d === 32
            ? i + 1 < n && isWordChar(html.charCodeAt(i + 1))
            : d > 32 && d !== 38
      )
        i++;
      else break;
    }
  }
  if (start !== -1) out += html.slice(start);
  return out;
}

/** The index after the `>` that closes the tag whose name ends at `from`, skipping quoted attribute values. */
function tagEnd(html: string, from: number): number {
  for (let j = from; j < html.length; j++) {
    const c = html.charCodeAt(j);
    if (c === 62 /* > */) return j + 1;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = html.indexOf(c === 34 ? '"' : "'", j + 1);
      if (close === -1) return -1;
      j = close;
    }
  }
  return -1;
}

/**
 * Read the tag, comment or script/style element at `lt`. Returns 0 when the `<` is just text
 * (`< 5 cm`, a cut-off tag), else the index after it: positive when it separates words
 * (block elements), negative when it vanishes (inline elements). One number, not an object
 * per tag.
 */
function readTag(html: string, lt: number): number {
  const next = html.charCodeAt(lt + 1);
  if (next === 33 /* ! */ || next === 63 /* ? */) {
    if (html.startsWith('!--', lt + 1)) {
      const close = html.indexOf('-->', lt + 4);
      return close === -1 ? html.length : close + 3;
    }
    const gt = html.indexOf('>', lt + 2);
    return gt === -1 ? 0 : gt + 1;
  }
  let j = lt + 1;
  const closing = next === 47; /* / */
  if (closing) j++;
  const nameStart = j;
  while (j < html.length && isNameChar(html.charCodeAt(j))) j++;
  if (j === nameStart) return 0;
  const end = tagEnd(html, j);
  if (end === -1) return 0;
  const key = tagKey(html, nameStart, j);
  if (!closing && (key === SCRIPT || key === STYLE)) {
    const close = html.toLowerCase().indexOf(key === SCRIPT ? '</script' : '</style', end);
    const gt = close === -1 ? -1 : html.indexOf('>', close);
    return gt === -1 ? html.length : gt + 1;
  }
  return BLOCK.has(key) ? end : -end;
}
