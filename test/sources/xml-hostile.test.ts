import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FeedkitError } from '../../src/model/errors.js';
import { type XmlReaderOptions, type XmlRecord, XmlRecordReader } from '../../src/sources/xml/index.js';
import { tempDir } from '../helpers/run.js';

const OPTIONS: XmlReaderOptions = { record: '//item', columns: ['title', '.'], file: 'feed.xml' };

function bytesOf(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
}

/** Read everything; the records, or the known error it ended with and how many chunks it took. */
function attempt(chunks: Iterable<Uint8Array>, options: Partial<XmlReaderOptions> = {}) {
  const reader = new XmlRecordReader({ ...OPTIONS, ...options });
  const records: XmlRecord[] = [];
  let fed = 0;
  try {
    for (const chunk of chunks) {
      fed++;
      records.push(...reader.write(chunk));
    }
    records.push(...reader.end());
  } catch (error) {
    if (!(error instanceof FeedkitError)) throw error;
    return { error, records, fed, reader };
  }
  return { error: undefined, records, fed, reader };
}

function* split(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The error reading `input` ends with: the same whole and one byte at a time. */
function failure(input: string | Uint8Array, options: Partial<XmlReaderOptions> = {}) {
  const bytes = bytesOf(input);
  const whole = attempt([bytes], options);
  const bytewise = attempt(split(bytes, 1), options);
  if (whole.error === undefined) throw new Error('expected the input to be rejected');
  expect(pick(bytewise.error)).toEqual(pick(whole.error));
  return whole.error;
}

const pick = (e: FeedkitError | undefined) =>
  e && { code: e.code, message: e.message, file: e.file, line: e.line, col: e.col, found: e.found };

/** `count` chunks of `size` bytes of `fill`, after `head`: a large input without holding it. */
function* stream(head: string, fill: string, size: number, count: number): Generator<Uint8Array> {
  yield Buffer.from(head);
  const chunk = Buffer.from(fill.repeat(Math.max(1, Math.floor(size / fill.length))));
  for (let i = 0; i < count; i++) yield chunk;
}

describe('XML source: not XML, empty, truncated', () => {
  it('rejects an empty input', () => {
    expect(failure('')).toMatchObject({
      code: 'input-empty',
      message: 'the input is empty',
      file: 'feed.xml',
    });
  });

  it.each([
    ['whitespace', ' \n\t\n'],
    ['a declaration only', '<?xml version="1.0" encoding="UTF-8"?>\n'],
    ['a comment only', '<?xml version="1.0"?>\n<!-- nothing here -->\n'],
  ])('rejects %s as having no root element', (_, input) => {
    expect(failure(input)).toMatchObject({
      code: 'input-empty',
      message: expect.stringContaining('no root element'),
    });
  });

  it('rejects CSV given as XML, at its first character', () => {
    expect(failure('sku,title,price\n1,Mug,4.50\n')).toMatchObject({
      code: 'input-malformed',
      message: 'not XML: text before the first element',
      line: 1,
      col: 1,
      found: '"s"',
    });
  });

  it('points at stray text before the root after a declaration', () => {
    expect(failure('<?xml version="1.0"?>\n\n  oops <r/>')).toMatchObject({
      code: 'input-malformed',
      line: 3,
      col: 3,
    });
  });

  it('rejects garbage after the root element', () => {
    expect(failure('<r><item><title>a</title></item></r>\n\n  trailing')).toMatchObject({
      code: 'input-malformed',
      message: 'not well-formed XML: text after the end of the root element',
      line: 3,
      col: 3,
      found: '"t"',
    });
  });

  it('rejects a second root element', () => {
    expect(failure('<r/>\n  <s/>')).toMatchObject({
      code: 'input-malformed',
      message: 'not well-formed XML: a second root element <s> after the end of the document',
      line: 2,
      col: 3,
    });
  });

  it('rejects mismatched tags at the end tag, naming both', () => {
    expect(failure('<r>\n  <item><title>a</b></item></r>')).toMatchObject({
      code: 'input-malformed',
      message: 'not well-formed XML: the end tag does not match <title> (line 2)',
      line: 2,
      col: 17,
      expected: '</title>',
      found: '</b>',
    });
  });

  it('rejects a file cut in the middle of a record', () => {
    const error = failure('<r>\n<item><title>a</title></item>\n<item>\n  <title>b');
    expect(error).toMatchObject({
      code: 'input-truncated',
      line: 4,
      col: 11,
      expected: '</title>',
      found: 'the end of the input',
    });
    expect(error.message).toBe(
      'the input ends before the document is complete: <title> (line 4) inside the record that starts at line 3 is not closed; was the file cut off?',
    );
  });

  it('rejects a file cut in the middle of a tag, and gives the records before it', () => {
    const result = attempt([Buffer.from('<r>\n<item><title>a</title></item>\n<item><tit')]);
    expect(result.records.map((r) => r.values[0])).toEqual(['a']);
    expect(result.error).toMatchObject({ code: 'input-truncated', line: 3, col: 11, expected: '</item>' });
  });

  it('rejects a file cut in the middle of an attribute value', () => {
    expect(failure('<r><item a="x')).toMatchObject({ code: 'input-truncated', line: 1, col: 14 });
  });

  it('rejects a file cut before the root element is complete', () => {
    expect(failure('<?xml version="1.0"?>\n<BMEC')).toMatchObject({
      code: 'input-truncated',
      message: 'the input ends in the middle of markup, before the root element',
      line: 2,
      col: 6,
    });
  });

  it('rejects characters XML does not allow', () => {
    expect(failure('<r><item><title>a\u0001b</title></item></r>')).toMatchObject({
      code: 'input-malformed',
      message: 'not well-formed XML: character U+0001 is not allowed in XML',
      line: 1,
      col: 18,
    });
  });

  it('rejects an undeclared namespace prefix the mapping does not know either', () => {
    expect(failure('<r>\n<item><x:title>a</x:title></item></r>')).toMatchObject({
      code: 'input-malformed',
      message: expect.stringContaining('namespace prefix "x" is not declared'),
      line: 2,
    });
  });

  it('rejects other well-formedness errors with the parser’s words and a position', () => {
    expect(failure('<r><item a="1" a="2"/></r>')).toMatchObject({
      code: 'input-malformed',
      message: 'not well-formed XML: duplicate attribute: a',
      line: 1,
    });
    expect(failure('<r><item>&#0;</item></r>')).toMatchObject({
      code: 'input-malformed',
      message: 'not well-formed XML: malformed character entity',
    });
  });

  it('keeps failing with the same error after the first one', () => {
    const reader = new XmlRecordReader(OPTIONS);
    expect(() => reader.write(Buffer.from('<r></x>'))).toThrow(FeedkitError);
    expect(() => reader.write(Buffer.from('<r/>'))).toThrow('end tag');
    expect(() => reader.end()).toThrow('end tag');
  });
});

describe('XML source: bytes that are not the encoding', () => {
  it('rejects invalid UTF-8 at the byte, with line and column', () => {
    const bytes = Buffer.concat([
      Buffer.from('<r>\n<item><title>Gr'),
      Buffer.from([0xfc]),
      Buffer.from('n</title>'),
    ]);
    expect(failure(bytes)).toMatchObject({
      code: 'input-malformed',
      message: expect.stringContaining('invalid UTF-8 bytes'),
      line: 2,
      col: 16,
      found: '0xFC',
    });
  });

  it('rejects an overlong UTF-8 sequence', () => {
    const bytes = Buffer.concat([
      Buffer.from('<r><item>'),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from('</item></r>'),
    ]);
    expect(failure(bytes)).toMatchObject({ code: 'input-malformed', line: 1, col: 10, found: '0xC0 0xAF' });
  });

  it('rejects a UTF-8 character cut off at the end', () => {
    const bytes = Buffer.concat([Buffer.from('<r><item>ab'), Buffer.from([0xe2, 0x82])]);
    expect(failure(bytes)).toMatchObject({
      code: 'input-truncated',
      message: 'the input ends in the middle of a UTF-8 character',
      found: '0xE2 0x82',
    });
  });

  it('rejects an unpaired surrogate in UTF-16', () => {
    const text = Buffer.from('<r><item>a', 'utf16le');
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      text,
      Buffer.from([0x00, 0xdc]),
      Buffer.from('</item></r>', 'utf16le'),
    ]);
    expect(failure(bytes)).toMatchObject({ code: 'input-malformed', line: 1, col: 11, found: '0x00 0xDC' });
  });

  it('rejects an encoding it cannot read, at the label', () => {
    expect(failure('<?xml version="1.0" encoding="Shift_JIS"?><r/>')).toMatchObject({
      code: 'input-unreadable',
      line: 1,
      col: 31,
      found: 'Shift_JIS',
      expected: 'UTF-8, UTF-16, ISO-8859-1, windows-1252 or US-ASCII',
    });
  });
});

describe('XML source: DOCTYPE and entities', () => {
  it('never reads a file an external entity names, nor expands it', () => {
    const dir = tempDir('feedkit-xxe-');
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-1234');
    const url = pathToFileURL(secret).href;
    const xml = `<?xml version="1.0"?>
<!DOCTYPE r [
  <!ENTITY xxe SYSTEM "${url}">
  <!ENTITY % dtd SYSTEM "${url}">
  %dtd;
]>
<r><item><title>&xxe;</title></item><item a="&xxe;"><title>ok</title></item></r>`;
    const { records, error, reader } = attempt([Buffer.from(xml)]);
    expect(error).toBeUndefined();
    expect(JSON.stringify(records)).not.toContain('SECRET');
    expect(records.map((r) => r.values[0])).toEqual(['&xxe;', 'ok']);
    expect(reader.stats).toMatchObject({ undeclaredEntities: 2, firstUndeclaredEntity: { line: 7 } });
  });

  it('fetches nothing a DOCTYPE or entity points at over the network', async () => {
    let requests = 0;
    const server = createServer((_, response) => {
      requests++;
      response.end('<!ENTITY leak "LEAKED">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const xml = `<!DOCTYPE r SYSTEM "http://127.0.0.1:${port}/feed.dtd" [
  <!ENTITY remote SYSTEM "http://127.0.0.1:${port}/entity.txt">
]><r><item><title>&remote;&leak;</title></item></r>`;
      const { records, error } = attempt([Buffer.from(xml)]);
      expect(error).toBeUndefined();
      expect(records[0]?.values[0]).toBe('&remote;&leak;');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('does not expand a billion laughs', () => {
    let xml = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n';
    xml += ' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n';
    for (let i = 2; i <= 9; i++) xml += ` <!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">\n`;
    xml += ']>\n<lolz><item><title>&lol9;</title></item></lolz>';
    const before = process.memoryUsage().heapUsed;
    const { records, error, reader } = attempt([Buffer.from(xml)]);
    expect(error).toBeUndefined();
    expect(records[0]?.values[0]).toBe('&lol9;');
    expect(reader.stats.undeclaredEntities).toBe(1);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 << 20);
  });

  it('does not expand a quadratic blow-up either', () => {
    const xml = `<!DOCTYPE r [<!ENTITY a "${'a'.repeat(50_000)}">]><r><item><title>${'&a;'.repeat(20_000)}</title></item></r>`;
    const { records } = attempt([Buffer.from(xml)]);
    // 20,000 references kept as written (60,000 characters), not 1,000,000,000 expanded ones.
    expect(records[0]?.values[0]).toHaveLength(60_000);
  });

  it('keeps HTML entities the document does not declare as written, and counts them', () => {
    const { records, reader } = attempt([
      Buffer.from('<r>\n<item><title>Caf&eacute;&nbsp;&amp;&#160;Bar</title></item></r>'),
    ]);
    expect(records[0]?.values[0]).toBe('Caf&eacute;&nbsp;&\u00a0Bar');
    expect(reader.stats).toEqual({
      records: 1,
      undeclaredEntities: 2,
      firstUndeclaredEntity: { name: 'eacute', line: 2, col: 17 },
      // An entity the fast scan does not know leaves the record to saxes, which counts it.
      fastRecords: 0,
    });
  });
});

describe('XML source: limits', () => {
  it('rejects nesting deeper than the depth limit, at the tag that goes too deep', () => {
    const xml = `<r>\n${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</r>`;
    expect(failure(xml)).toMatchObject({
      code: 'input-limit',
      message: 'elements nest deeper than 1000 levels',
      line: 2,
      col: 2998,
    });
    expect(failure('<a><b><c><d/></c></b></a>', { limits: { depth: 3 } })).toMatchObject({
      line: 1,
      col: 10,
    });
    expect(attempt([Buffer.from('<a><b><c/></b></a>')], { limits: { depth: 3 } }).error).toBeUndefined();
  });

  it('rejects a record longer than the limit, at the record', () => {
    const xml = `<r>\n  <item><title>a</title></item>\n  <item>${'<x>1234567890</x>'.repeat(100)}</item></r>`;
    const { error, records } = attempt([Buffer.from(xml)], { limits: { recordChars: 1000 } });
    expect(records).toHaveLength(0); // the record before was completed in the same chunk
    expect(error).toMatchObject({
      code: 'input-limit',
      message: 'the record <item> is longer than 1000 characters',
      line: 3,
      col: 3,
    });
    expect(failure(xml, { limits: { recordChars: 1000 } })).toMatchObject({ line: 3, col: 3 });
  });

  it('checks the record size while a large record streams in', () => {
    const head = '<r><item>';
    const { error, fed } = attempt(stream(head, `<x>${'y'.repeat(1000)}</x>`, 1 << 20, 64));
    expect(error).toMatchObject({
      code: 'input-limit',
      message: 'the record <item> is longer than 16 Mi characters',
    });
    expect(fed).toBeLessThanOrEqual(19);
  });

  it('rejects a record with more elements than the limit', () => {
    const { error, fed } = attempt(stream('<r>\n<item>', '<title/>', 1 << 20, 64));
    expect(error).toMatchObject({
      code: 'input-limit',
      message: 'the record <item> has more than 200000 elements',
      line: 2,
      col: 1,
    });
    expect(fed).toBeLessThanOrEqual(3);
  });

  it('stops a 50 MB text node once it passes the text limit, without reading the rest', () => {
    const { error, fed } = attempt(stream('<r>\n<item><title>', 'x', 1 << 20, 50));
    expect(error).toMatchObject({
      code: 'input-limit',
      message: 'a text (or comment, CDATA section, DOCTYPE) is longer than 8 Mi characters',
      line: 2,
      col: 14,
    });
    expect(fed).toBeLessThanOrEqual(10);
  });

  it('stops 50 MB of text without any tag at the first character', () => {
    const { error, fed } = attempt(stream('', 'x', 1 << 20, 50));
    expect(error).toMatchObject({ code: 'input-malformed', line: 1, col: 1 });
    expect(fed).toBe(2);
  });

  it('stops a huge attribute and a huge comment', () => {
    const attribute = attempt(stream('<r>\n <item title="', 'x', 1 << 20, 50));
    expect(attribute.error).toMatchObject({
      code: 'input-limit',
      message: 'the start tag <item> is longer than 8 Mi characters',
      line: 2,
      col: 2,
    });
    expect(attribute.fed).toBeLessThanOrEqual(10);
    const comment = attempt(stream('<r><!--', 'x', 1 << 20, 50));
    expect(comment.error).toMatchObject({ code: 'input-limit' });
    expect(comment.fed).toBeLessThanOrEqual(10);
  });

  it('applies smaller limits the mapping sets', () => {
    expect(
      failure('<r><item><title>abcdefghijk</title></item></r>', { limits: { textChars: 10 } }),
    ).toMatchObject({
      code: 'input-limit',
      line: 1,
      col: 17,
    });
    expect(failure('<r><item><t/><t/><t/></item></r>', { limits: { recordElements: 2 } })).toMatchObject({
      code: 'input-limit',
      message: 'the record <item> has more than 2 elements',
    });
  });

  it('bounds document-level values', () => {
    const xml = `<r><h>${'<v>x</v>'.repeat(20_000)}</h><item/></r>`;
    expect(failure(xml, { columns: ['/r/h/v'] })).toMatchObject({
      code: 'input-limit',
      message: expect.stringContaining('document-level values'),
    });
  });
});
