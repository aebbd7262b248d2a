/**
 * Text as the fast record scan takes it from a record's content: what needs more than a copy,
 * and that text made what saxes would give, or undefined where saxes is to judge it.
 */

/** Text that needs more than a copy: a reference, a CR, a character XML 1.0 forbids or may forbid, `]]>`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids are what it finds
export const SPECIAL = /[&\r\0-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|]]>/;
/** A character XML 1.0 forbids: a control character, U+FFFE or U+FFFF, a lone surrogate. */
export const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids are what it finds
  /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The digits of a character reference saxes reads (`#` removed; saxes wants a lower-case `x`). */
const CHARACTER_REFERENCE = /^(?:[0-9]{1,7}|x[0-9a-fA-F]{1,6})$/;

/** The character a reference names, when XML 1.0 allows it (`Char`). */
function allowed(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * Text as saxes gives it (line ends normalized, references replaced; in an attribute value,
 * white space as spaces), or undefined when it holds anything else: an unknown entity, a
 * forbidden character, `]]>` in text. saxes then reads the record and says what is wrong.
 */
export function clean(
  raw: string,
  kind: 'text' | 'attribute' | 'cdata',
  entities: Undeclared,
): string | undefined {
  if (kind === 'text' && raw.includes(']]>')) return undefined;
  if (FORBIDDEN.test(raw)) return undefined;
  let text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (kind === 'attribute') text = text.replace(/[\t\n]/g, ' ');
  if (kind === 'cdata' || !text.includes('&')) return text;
  return decodeReferences(text, entities);
}

/**
 * References to entities XML does not predefine (`&nbsp;`, or one a DTD declares, which is
 * never read): saxes keeps them as written and counts them. The scan does so too once the
 * document has had one, whose position saxes gave; before that it declines.
 */
export interface Undeclared {
  /** Whether such a reference may be kept (the document's first was saxes's to place). */
  keep: boolean;
  /** References kept in the record being read. */
  count: number;
}

/** An entity name saxes calls undefined, not malformed (the ASCII part of XML's `Name`). */
const ENTITY_NAME = /^[A-Za-z_:][A-Za-z0-9._:-]*$/;

/**
 * The text with its references replaced: the five predefined entities and character
 * references to characters XML 1.0 allows; other entities kept as written when `entities`
 * allows it. Undefined for any other `&` (saxes reads those).
 * One pass with `indexOf`: about twice as fast as a chain of `replaceAll`, and without the
 * intermediate copies.
 */
function decodeReferences(text: string, entities: Undeclared): string | undefined {
  let out = '';
  let from = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', from)) {
    const c = text.charCodeAt(amp + 1);
    let value: string;
    let length: number;
    if (c === 0x6c && text.startsWith('lt;', amp + 1)) {
      value = '<';
      length = 4;
    } else if (c === 0x67 && text.startsWith('gt;', amp + 1)) {
      value = '>';
      length = 4;
    } else if (c === 0x61 && text.startsWith('amp;', amp + 1)) {
      value = '&';
      length = 5;
    } else if (c === 0x71 && text.startsWith('quot;', amp + 1)) {
      value = '"';
      length = 6;
    } else if (c === 0x61 && text.startsWith('apos;', amp + 1)) {
      value = "'";
      length = 6;
    } else if (c === 0x23) {
      const semi = text.indexOf(';', amp + 2);
      if (semi < 0) return undefined;
      const digits = text.slice(amp + 2, semi);
      if (!CHARACTER_REFERENCE.test(digits)) return undefined;
      const code = digits[0] === 'x' ? Number.parseInt(digits.slice(1), 16) : Number.parseInt(digits, 10);
      if (!allowed(code)) return undefined;
      value = String.fromCodePoint(code);
      length = semi + 1 - amp;
    } else {
      const semi = text.indexOf(';', amp + 1);
      if (!entities.keep || semi < 0 || !ENTITY_NAME.test(text.slice(amp + 1, semi))) return undefined;
      entities.count++;
      value = text.slice(amp, semi + 1);
      length = semi + 1 - amp;
    }
    out += text.slice(from, amp) + value;
    from = amp + length;
  }
  return out + text.slice(from);
}
