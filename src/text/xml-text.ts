/**
 * False for what XML 1.0 does not allow at all: control characters other than tab and line
 * ends, and U+FFFE/U+FFFF. Suppliers' exports carry them (a vertical tab from a spreadsheet,
 * a NUL from a database), and one of them makes a whole feed unparseable.
 */
function allowed(code: number): boolean {
  return code >= 0x20 ? code < 0xfffe : code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Text content for an XML element: `&`, `<`, `>` escaped; characters XML 1.0 forbids and
 * lone surrogate halves left out. Clean text (nearly all of it) comes back as it is.
 */
export function xmlText(value: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let replacement: string | undefined;
    if (c === 0x26) replacement = '&amp;';
    else if (c === 0x3c) replacement = '&lt;';
    else if (c === 0x3e) replacement = '&gt;';
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair
        continue;
      }
      replacement = '';
    } else if (!allowed(c)) replacement = '';
    if (replacement !== undefined) {
      out += value.slice(copied, i) + replacement;
      copied = i + 1;
    }
  }
  return copied === 0 ? value : out + value.slice(copied);
}
