import { describe, expect, it } from 'vitest';
import { FeedkitError } from '../../src/model/errors.js';
import { XmlRecordReader } from '../../src/sources/xml/index.js';
import type { XmlReaderOptions, XmlRecord } from '../../src/sources/xml/options.js';
import { random } from '../helpers/random.js';

// The fast scan of record content (src/sources/xml/fast-record.ts) against saxes alone: the
// same records, lines, columns, values, counts and errors for every generated document, cut
// into chunks anywhere (inside a name, a reference, a UTF-8 character).

const G = 'http://base.google.com/ns/1.0';
const COLUMNS = [
  'title',
  'g:price',
  '@id',
  'a',
  'a/b',
  '//c',
  '.',
  'a/@k',
  'b/@g:k',
  "a[@k='v']",
  'item/title',
];

/** Well-formed pieces, some of which the fast scan declines (saxes reads those records). */
const TEXTS = [
  'plain',
  ' ',
  '\n  ',
  'a &amp; b',
  '&lt;p&gt;The &quot;best&quot; &apos;one&apos;&lt;/p&gt;',
  '&#233;t&#xE9;&#x00e9;',
  '&#x1F600; &#128512;',
  '😀 emoji',
  'é ø æ',
  'x\r\ny',
  'x\ry',
  '\r\n\r\n',
  '&nbsp;',
  'a]]b',
  '>',
  '\t tab',
  '&#13;&#10;',
];
/** Pieces saxes refuses. */
const BAD_TEXTS = [
  '& bare',
  '&#1;',
  '&#X41;',
  '&#xD800;',
  '&;',
  'a]]>b',
  '\u0001',
  '\uFFFE',
  '\ud800',
  '&#x110000;',
];
const NAMES = [
  'title',
  'g:price',
  'a',
  'b',
  'c',
  'item',
  'A.b-c_d',
  '_u',
  'a1',
  'größe',
  'g:größe',
  'b\u00b7c',
];
const BAD_NAMES = ['x:y', 'g:', 'xmlns:q', '1a', 'a:b:c'];
const ATTRIBUTES = [
  'k="v"',
  "k='v'",
  'id="7"',
  'g:k="1"',
  'k="a&amp;b"',
  'k="t\tab\nnl\r\ncrlf"',
  'k="&#65;&#x42;&#10;"',
  'k="&nbsp;"',
  'xmlns:z="urn:z"',
  'xmlns="urn:d"',
  'z:k="1" xmlns:z="urn:z"',
  'k = "spaced"',
  'k="é😀"',
  "k='a\"b'",
  'k="x>y"',
  'k="1" g:k="1"',
  'xml:lang="da"',
];
const BAD_ATTRIBUTES = ['k="<"', 'k="1" k="2"', 'g:k="1" g:k="2"', 'z:k="1"', 'k', 'k="1"j="2"', 'k="&x;"'];
const MARKUP = [
  '<![CDATA[raw <b>&amp;</b>]]>',
  '<![CDATA[]]>',
  '<![CDATA[a\r\nb]]]]>',
  '<!-- c -->',
  '<!---->',
  '<?pi data?>',
];
const BAD_MARKUP = ['<!-- a--b -->', '<!-- x --->', '</wrong>', '< a>', '<!DOCTYPE x>', '<![CDATA[x]>'];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)] as T;
}

/** Generates one document; `bad` is the chance of each piece being one saxes refuses. */
class Generator {
  constructor(
    private readonly next: () => number,
    private readonly bad: number,
  ) {}

  choose<T>(good: readonly T[], bad: readonly T[]): T {
    return this.next() < this.bad ? pick(this.next, bad) : pick(this.next, good);
  }

  content(depth: number): string {
    const next = this.next;
    let out = '';
    const count = Math.floor(next() * 5);
    for (let i = 0; i < count; i++) {
      const kind = next();
      if (kind < 0.3) out += this.choose(TEXTS, BAD_TEXTS);
      else if (kind < 0.36) out += this.choose(MARKUP, BAD_MARKUP);
      else out += this.element(depth + 1);
    }
    return out;
  }

  element(depth: number): string {
    const next = this.next;
    const name = next() < 0.9 ? pick(next, NAMES.slice(0, 8)) : this.choose(NAMES, BAD_NAMES);
    let attributes = '';
    if (next() < 0.3) attributes += ` ${pick(next, ATTRIBUTES.slice(0, 8))}`;
    if (next() < 0.1) attributes += ` ${this.choose(ATTRIBUTES, BAD_ATTRIBUTES)}`;
    if (next() < 0.1) attributes += next() < 0.5 ? '\n  ' : ' ';
    if (next() < 0.12) return `<${name}${attributes}/>`;
    const inner = depth < 4 ? this.content(depth) : this.choose(TEXTS, BAD_TEXTS);
    const close = next() < 0.05 ? `${name} \r\n` : next() < this.bad ? 'other' : name;
    return `<${name}${attributes}>${inner}</${close}>`;
  }
}

function document(next: () => number): string {
  const generate = new Generator(next, next() < 0.7 ? 0 : 0.05);
  const head = [
    '',
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<?xml version="1.1"?>\n',
    '<!DOCTYPE rss [<!ENTITY e "x">]>\n',
  ][next() < 0.8 ? Math.floor(next() * 2) : Math.floor(next() * 4)] as string;
  const declare = next() < 0.7 ? ` xmlns:g="${G}"` : '';
  const lineEnd = next() < 0.2 ? '\r\n' : '\n';
  let body = '';
  const records = 1 + Math.floor(next() * 6);
  for (let r = 0; r < records; r++) {
    const tag =
      next() < 0.9
        ? 'item'
        : pick(next, ['item id="r1"', 'item\n', 'g:item', 'item/', 'item xmlns:g="urn:other"']);
    if (tag === 'item/') body += `<item/>${lineEnd}`;
    else {
      const entity = next() < 0.05 ? '&amp;e;&e;' : '';
      body += `<${tag}>${generate.content(0)}${entity}</${tag.split(/\s/)[0]}>${lineEnd}`;
    }
    if (next() < 0.1) body += `<!-- between -->${lineEnd}`;
    if (next() < 0.05) body += `<other>${generate.element(0)}</other>${lineEnd}`;
  }
  const tail = next() < 0.03 ? '' : `</channel>${lineEnd}</rss>${lineEnd}`;
  return `${head}<rss${declare}>${lineEnd}<channel>${lineEnd}${body}${tail}`;
}

/** Bytes in chunks of random sizes (small ones often, so every kind of cut happens). */
function chunks(next: () => number, bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const size = next() < 0.5 ? 1 + Math.floor(next() * 8) : 1 + Math.floor(next() * 400);
    out.push(bytes.subarray(i, i + size));
    i += size;
  }
  return out;
}

interface Outcome {
  records: XmlRecord[];
  stats: unknown;
  error?: Record<string, unknown>;
  fast: number;
}

function read(parts: readonly Uint8Array[], options: XmlReaderOptions): Outcome {
  const reader = new XmlRecordReader(options);
  const records: XmlRecord[] = [];
  try {
    for (const part of parts) records.push(...reader.write(part));
    records.push(...reader.end());
  } catch (error) {
    if (!(error instanceof FeedkitError)) throw error;
    const { code, message, line, col, found, expected } = error as FeedkitError & Record<string, unknown>;
    // A malformed document fails the run: which records were handed out before does not matter.
    return { records: [], stats: undefined, error: { code, message, line, col, found, expected }, fast: 0 };
  }
  const { fastRecords, ...stats } = reader.stats;
  return { records, stats, fast: fastRecords };
}

describe('XML fast record scan against saxes', () => {
  it('gives the same records, positions, values and errors on generated documents', () => {
    const CASES = 4000;
    let records = 0;
    let fast = 0;
    let failed = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const next = random(seed);
      const xml = document(next);
      const parts = chunks(next, new TextEncoder().encode(xml));
      const options: XmlReaderOptions = { record: '//item', columns: COLUMNS, namespaces: { g: G } };
      const ours = read(parts, options);
      const reference = read(parts, { ...options, fast: false });
      const { fast: count, ...same } = ours;
      const { fast: _none, ...expected } = reference;
      expect({ seed, ...same }, JSON.stringify(xml)).toEqual({ seed, ...expected });
      records += reference.records.length;
      fast += count;
      if (reference.error !== undefined) failed++;
    }
    // The documents exercise both sides: most records read fast, and many documents fail.
    expect(records).toBeGreaterThan(CASES);
    expect(fast / records).toBeGreaterThan(0.3);
    expect(failed / CASES).toBeGreaterThan(0.1);
    expect(failed / CASES).toBeLessThan(0.9);
    console.log(
      `xml fast scan: ${CASES} generated documents, ${records} records, ${fast} read fast, ${failed} malformed`,
    );
  });
});
