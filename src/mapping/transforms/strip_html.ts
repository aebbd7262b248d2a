import type { TransformDef } from '../transform.js';
import { decodeEntities } from './entities.js';

/** Elements that separate words: they become a space, inline ones (b, span, a) vanish. */
const BLOCK = new Set(
  'address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);
const WHITESPACE = /[\s\u00a0]+/g;

function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/**
 * One left-to-right pass with indexOf jumps; no regex per tag. This runs on every
 * description of every record, so it has to be cheap.
 */
export function stripHtml(html: string): string {
  let out = '';
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      out += i === 0 ? html : html.slice(i);
      break;
    }
    if (lt > i) out += html.slice(i, lt);
    if (html.startsWith('!--', lt + 1)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? n : end + 3;
      out += ' ';
      continue;
    }
    let j = lt + 1;
    const closing = html.charCodeAt(j) === 47; /* / */
    if (closing) j++;
    const nameStart = j;
    while (j < n && isNameChar(html.charCodeAt(j))) j++;
    const gt = html.indexOf('>', j);
    if (j === nameStart || gt === -1) {
      // "< 5 cm" or a cut-off tag: a literal "<", not markup.
      out += '<';
      i = lt + 1;
      continue;
    }
    const name = html.slice(nameStart, j).toLowerCase();
    if (!closing && (name === 'script' || name === 'style')) {
      const end = html.toLowerCase().indexOf(`</${name}`, gt);
      const close = end === -1 ? -1 : html.indexOf('>', end);
      i = close === -1 ? n : close + 1;
      out += ' ';
      continue;
    }
    if (BLOCK.has(name)) out += ' ';
    i = gt + 1;
  }
  return decodeEntities(out).replace(WHITESPACE, ' ').trim();
}

export default {
  name: 'strip_html',
  summary: 'Remove HTML tags, decode entities, make block elements spaces, collapse whitespace.',
  examples: [
    {
      input: '<p>Blød cardigan i 100&nbsp;% uld.</p><ul><li>Knapper i træ</li><li>Håndvask</li></ul>',
      output: 'Blød cardigan i 100 % uld. Knapper i træ Håndvask',
    },
    { input: 'Str.<br/>40&ndash;43 <b>sort</b><script>track()</script>', output: 'Str. 40–43 sort' },
    { input: 'Længde < 5 cm', output: 'Længde < 5 cm' },
    { input: 'Fl&amp;auml;che', output: 'Fl&auml;che' },
  ],
  create: () => (value) => (typeof value === 'string' ? stripHtml(value) : value),
} satisfies TransformDef<Record<string, never>>;
