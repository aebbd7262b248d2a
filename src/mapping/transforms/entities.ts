/**
 * HTML entity decoding shared by `strip_html` and `decode_entities` (not a transform).
 * Named entities: the Latin-1 set plus the typographic ones suppliers' shop systems emit.
 */
const NAMED_TABLE: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  iexcl: '¡',
  cent: '¢',
  pound: '£',
  curren: '¤',
  yen: '¥',
  brvbar: '¦',
  sect: '§',
  uml: '¨',
  copy: '©',
  ordf: 'ª',
  laquo: '«',
  not: '¬',
  shy: '\u00ad',
  reg: '®',
  macr: '¯',
  deg: '°',
  plusmn: '±',
  sup2: '²',
  sup3: '³',
  acute: '´',
  micro: 'µ',
  para: '¶',
  middot: '·',
  cedil: '¸',
  sup1: '¹',
  ordm: 'º',
  raquo: '»',
  frac14: '¼',
  frac12: '½',
  frac34: '¾',
  iquest: '¿',
  Agrave: 'À',
  Aacute: 'Á',
  Acirc: 'Â',
  Atilde: 'Ã',
  Auml: 'Ä',
  Aring: 'Å',
  AElig: 'Æ',
  Ccedil: 'Ç',
  Egrave: 'È',
  Eacute: 'É',
  Ecirc: 'Ê',
  Euml: 'Ë',
  Igrave: 'Ì',
  Iacute: 'Í',
  Icirc: 'Î',
  Iuml: 'Ï',
  ETH: 'Ð',
  Ntilde: 'Ñ',
  Ograve: 'Ò',
  Oacute: 'Ó',
  Ocirc: 'Ô',
  Otilde: 'Õ',
  Ouml: 'Ö',
  times: '×',
  Oslash: 'Ø',
  Ugrave: 'Ù',
  Uacute: 'Ú',
  Ucirc: 'Û',
  Uuml: 'Ü',
  Yacute: 'Ý',
  THORN: 'Þ',
  szlig: 'ß',
  agrave: 'à',
  aacute: 'á',
  acirc: 'â',
  atilde: 'ã',
  auml: 'ä',
  aring: 'å',
  aelig: 'æ',
  ccedil: 'ç',
  egrave: 'è',
  eacute: 'é',
  ecirc: 'ê',
  euml: 'ë',
  igrave: 'ì',
  iacute: 'í',
  icirc: 'î',
  iuml: 'ï',
  eth: 'ð',
  ntilde: 'ñ',
  ograve: 'ò',
  oacute: 'ó',
  ocirc: 'ô',
  otilde: 'õ',
  ouml: 'ö',
  divide: '÷',
  oslash: 'ø',
  ugrave: 'ù',
  uacute: 'ú',
  ucirc: 'û',
  uuml: 'ü',
  yacute: 'ý',
  thorn: 'þ',
  yuml: 'ÿ',
  OElig: 'Œ',
  oelig: 'œ',
  Scaron: 'Š',
  scaron: 'š',
  Yuml: 'Ÿ',
  fnof: 'ƒ',
  circ: 'ˆ',
  tilde: '˜',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  dagger: '†',
  Dagger: '‡',
  bull: '•',
  hellip: '…',
  permil: '‰',
  prime: '′',
  Prime: '″',
  lsaquo: '‹',
  rsaquo: '›',
  euro: '€',
  trade: '™',
  larr: '←',
  rarr: '→',
  minus: '−',
  le: '≤',
  ge: '≥',
  ne: '≠',
  asymp: '≈',
  infin: '∞',
  check: '✓',
  frasl: '⁄',
};

/** Longest body of an entity we decode (`#x10FFFF`; named ones in the table are shorter). */
const MAX_BODY = 8;

/**
 * An entity name folded into a number (6 bits per character, case kept), so a lookup needs no
 * substring. Exact for names of up to 8 characters; 0 for anything that is not a name.
 */
function nameKey(text: string, start: number, end: number): number {
  if (end - start > MAX_BODY) return 0;
  let key = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    let v: number;
    if (c >= 97 && c <= 122) v = c - 96;
    else if (c >= 65 && c <= 90) v = c - 38;
    else if (c >= 48 && c <= 57) v = c + 5;
    else return 0;
    key = key * 64 + v;
  }
  return key;
}

const NAMED = new Map<number, string>();
for (const [name, text] of Object.entries(NAMED_TABLE)) NAMED.set(nameKey(name, 0, name.length), text);

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
  if (text.charCodeAt(start) !== 35 /* # */) return NAMED.get(nameKey(text, start, end));
  const second = text.charCodeAt(start + 1);
  const hex = second === 120 /* x */ || second === 88; /* X */
  const first = hex ? start + 2 : start + 1;
  if (end === first || end - first > 7) return undefined;
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
