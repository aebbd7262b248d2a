/**
 * Characters XML 1.0 does not allow at all (control characters other than tab and line
 * ends, U+FFFE/U+FFFF, and lone surrogate halves). Suppliers' exports carry them (a vertical
 * tab from a spreadsheet, a NUL from a database); one of them makes the whole feed unparseable.
 */
const INVALID =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SPECIAL = /[&<>]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Text content for an XML element: escaped, and without characters XML 1.0 forbids. */
export function xmlText(value: string): string {
  let text = value;
  INVALID.lastIndex = 0;
  if (INVALID.test(text)) text = text.replace(INVALID, '');
  SPECIAL.lastIndex = 0;
  return SPECIAL.test(text) ? text.replace(SPECIAL, (c) => ENTITY[c] as string) : text;
}
