/**
 * Hostile and odd inputs, one generator per class, at a size that runs fast in CI. Each case
 * says what a run of the CLI on it must end with: the exit code and a line of stderr.
 */
import { gzipSync } from 'node:zlib';
import { MINIMAL_FIELDS } from '../../helpers/run.js';

/** One hostile input and what feedkit must answer. */
export interface HostileCase {
  /** What the case is, for the test's name. */
  name: string;
  /** The input file's bytes. */
  input: Buffer;
  /** `xml` for an XML input (the mapping reads `/items/item`). */
  format?: 'xml';
  /** The mapping's text, when not the format's own ({@link CSV_MAPPING}, {@link XML_MAPPING}). */
  mapping?: string;
  /** Exit codes a correct feedkit may end with. */
  codes: number[];
  /** A line stderr must have, when the answer is an error. */
  stderr?: RegExp;
  /** Peak memory of the run, at most (MB). */
  maxRssMb: number;
}

const MB = 1 << 20;
const HEADER = 'sku,title,price\n';
const row = (i: number) => `S-${i},Item ${i},"${i + 1},00"\n`;
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i)).join('');

/** The CSV mapping every CSV case runs through (its own fields added by a case). */
export const CSV_MAPPING = `source: { currency: DKK }
${MINIMAL_FIELDS}`;

/** The XML mapping of the XML cases: records `/items/item` with a `sku`, `title` and `price`. */
export const XML_MAPPING = `source: { format: xml, record: /items/item, currency: DKK }
${MINIMAL_FIELDS}`;

const done = [0, 1, 4];

/** Every class of the hostile-input issue, at `size` bytes where a case has a size (default 4 MB). */
export function hostileCases(size = 4 * MB): HostileCase[] {
  const csv = (name: string, body: string | Buffer, codes: number[], stderr?: RegExp, maxRssMb = 300) => ({
    name,
    input: Buffer.concat([Buffer.from(HEADER), typeof body === 'string' ? Buffer.from(body) : body]),
    codes,
    stderr,
    maxRssMb,
  });
  const xml = (name: string, body: string, codes: number[], stderr?: RegExp): HostileCase => ({
    name,
    input: Buffer.from(`<?xml version="1.0"?>\n${body}`),
    format: 'xml',
    codes,
    stderr,
    maxRssMb: 300,
  });
  return [
    csv('a huge quoted field of commas', `${row(1)}1,"${','.repeat(size)}",10\n${row(2)}`, done),
    csv(
      'a huge unquoted run of commas',
      `${row(1)}1,${','.repeat(size)}\n${row(2)}`,
      [3],
      /more than 100000 fields/,
    ),
    csv('a huge quoted field of quotes', `${row(1)}1,"${'""'.repeat(size / 2)}",10\n${row(2)}`, done),
    csv('a huge field of spaces', `${row(1)}1,${' '.repeat(size)},10\n${row(2)}`, done),
    csv('a huge field of one letter', `${row(1)}1,${'x'.repeat(size)},10\n${row(2)}`, done),
    csv('a flood of blank lines', `${row(1)}${'\n'.repeat(size)}${row(2)}`, done),
    {
      // 16 KB on disk, four times the size inflated: the same bounds as the flood as a file.
      name: 'a gzip stream that inflates to a flood of blank lines',
      input: gzipSync(Buffer.from(`${HEADER}${row(1)}${'\n'.repeat(size * 4)}${row(2)}`)),
      codes: done,
      maxRssMb: 300,
    },
    csv('a flood of CRLF blank lines', `${row(1)}${'\r\n'.repeat(size / 2)}${row(2)}`, done),
    csv('a flood of empty records', `${',,\n'.repeat(size / 3)}${row(2)}`, done),
    csv('a flood of one-field lines', `${'x\n'.repeat(size / 4)}${row(2)}`, done),
    csv(
      'a record over the record limit',
      `${row(1)}1,"${'x'.repeat(17 * MB)}",10\n`,
      [3],
      /longer than|not closed within/,
    ),
    csv('a quote never closed', `${row(1)}1,"${'x'.repeat(size)}`, [3, 4], /quoted field/),
    csv('a long last line without a newline', `${row(1)}1,${'y'.repeat(size)},10`, done),
    csv('many small records', rows(Math.floor(size / 24)), done),
    {
      name: 'a header of a million columns',
      input: Buffer.from(`${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n1,2\n`),
      codes: [2, 3],
      maxRssMb: 300,
    },
    csv('CR-only line ends', rows(1000).replaceAll('\n', '\r'), done),
    csv(
      'a stray byte in UTF-8',
      Buffer.concat([Buffer.from(`${row(1)}é,`), Buffer.from([0xff]), Buffer.from(`,1\n${row(2)}`)]),
      done,
    ),
    csv('NUL bytes in a field', `${row(1)}1,a\u0000b,10\n`, [3], /not delimited text \(binary data\)/),
    xml(
      'deeply nested XML',
      `<items><item><sku>1</sku>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</item></items>`,
      [3],
      /nest deeper/,
    ),
    xml(
      'very wide XML',
      `<items><item><sku>1</sku>${'<x>y</x>'.repeat(size / 8)}</item></items>`,
      [0, 1, 3, 4],
    ),
    xml(
      'huge attribute counts',
      `<items><item ${Array.from({ length: 200_000 }, (_, i) => `a${i}="v"`).join(' ')}><sku>1</sku></item></items>`,
      [0, 1, 3, 4],
    ),
    xml(
      'a huge text node',
      `<items><item><sku>1</sku><title>${'t'.repeat(size)}</title></item></items>`,
      [0, 1, 3, 4],
    ),
    xml(
      'an entity expansion',
      `<!DOCTYPE items [<!ENTITY a "${'x'.repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><items><item><sku>&b;</sku></item></items>`,
      [0, 1, 3, 4],
    ),
    {
      name: 'a catastrophic pattern on a long value',
      input: Buffer.from(`${HEADER}1,${'1'.repeat(5000)},10\n`),
      mapping: `${CSV_MAPPING.replace('  title: title\n', '  title: { from: title, pipe: [{ regex_replace: { pattern: "\\\\d+\\\\d+x", flags: i } }] }\n')}`,
      codes: done,
      maxRssMb: 300,
    },
  ];
}
