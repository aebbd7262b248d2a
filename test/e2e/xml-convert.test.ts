import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert.js';
import { cli, ROOT, tempDir, tsv } from '../helpers/run.js';

const LATIN1 = join(ROOT, 'fixtures/cases/bmecat-1.2-latin1');

/** Run the CLI with Node's permission model: reads only of what feedkit needs, and `allow` besides. */
function confined(args: string[], out: string, allow: string[]) {
  const reads = ['bin/', 'dist/', 'node_modules/', 'package.json', 'schemas/', 'mappings/'].map(
    (p) => `--allow-fs-read=${join(ROOT, p)}${p.endsWith('/') ? '/' : ''}`,
  );
  const result = spawnSync(
    process.execPath,
    [
      '--experimental-permission',
      ...reads,
      ...allow.map((p) => `--allow-fs-read=${p}`),
      `--allow-fs-read=${out}/`,
      `--allow-fs-write=${out}/`,
      '--allow-worker',
      '--no-warnings',
      join(ROOT, 'bin/feedkit.js'),
      ...args,
      '--out',
      out,
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Convert with the Google RSS mapping, --force: these documents' items are rejected, and a feed without items is otherwise not published. */
const convertRss = (input: string, out: string) =>
  cli(['convert', input, '--mapping', 'mappings/google-rss.yaml', '--out', out, '--quiet', '--force']);

describe('XML input, end to end', () => {
  it('never reads the external DTD a BMEcat names (Node permission model: reading it would throw)', () => {
    const out = tempDir();
    const run = confined(
      ['convert', join(LATIN1, 'catalog.xml'), '--mapping', 'mappings/bmecat-1.2.yaml', '--print', 'summary'],
      out,
      [join(LATIN1, 'catalog.xml')],
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `feedkit: ${join(LATIN1, 'catalog.xml')}: 3 records; google 1/3 accepted (score 26)\n`,
    );
    const rows = tsv(readFileSync(join(out, 'google.tsv'), 'utf8'));
    expect(rows[1]?.slice(0, 2)).toEqual(['WZ-100', 'Schraubendreher-Satz, 6-tlg., Größe ½"']);
  });

  it('leaks nothing of a file an external entity names (XXE), even where the file is readable', () => {
    const dir = tempDir();
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-LINE\n');
    const input = join(dir, 'feed.xml');
    writeFileSync(
      input,
      `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${secret}">]>\n<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>A-1</g:id><title>&xxe;Hat</title><g:price>10.00 EUR</g:price></item></channel></rss>\n`,
    );
    const out = join(dir, 'out');
    const run = convertRss(input, out);
    const written = [
      run.stdout,
      run.stderr,
      ...['google.tsv', 'rejects.csv', 'report.json'].map((f) =>
        existsSync(join(out, f)) ? readFileSync(join(out, f), 'utf8') : '',
      ),
    ];
    expect(written.join('\n')).not.toContain('TOP-SECRET');
    expect(run.code).toBe(0);
    expect(readFileSync(join(out, 'rejects.csv'), 'utf8')).toContain('A-1');
    // The reference stays as written, and the report counts it.
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).source.undeclared_entities).toBe(1);
  });

  it('never expands a billion-laughs document: the reference stays as written and is counted', () => {
    const dir = tempDir();
    const entities = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const input = join(dir, 'bomb.xml');
    writeFileSync(
      input,
      `<?xml version="1.0"?>\n<!DOCTYPE rss [${entities.join('\n')}]>\n<rss><channel><item><g:id xmlns:g="http://base.google.com/ns/1.0">B</g:id><title>&lol9;</title></item></channel></rss>\n`,
    );
    const out = join(dir, 'out');
    const run = convertRss(input, out);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.source.undeclared_entities).toBe(1);
    expect(report.channels.google.records).toEqual({ read: 1, accepted: 0, rejected: 1 });
    // The reader met `&lol9;` once and kept it as written: no level of the bomb was expanded.
    expect(readFileSync(join(out, 'rejects.csv'), 'utf8')).not.toContain('lollol');
  });

  it('keeps the previous feed when a file was cut off mid-record: exit 4 (incomplete input) with line and column', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const whole = readFileSync(join(LATIN1, 'catalog.xml'));
    const input = join(dir, 'catalog.xml');
    writeFileSync(input, whole);
    await convert({ input, mapping: join(ROOT, 'mappings/bmecat-1.2.yaml'), out });
    const before = readFileSync(join(out, 'google.tsv'));
    writeFileSync(input, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const run = cli(['convert', input, '--mapping', 'mappings/bmecat-1.2.yaml', '--out', out, '--quiet']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^feedkit: .*catalog\.xml:\d+:\d+ .*\[input-truncated\]\n$/);
    expect(readFileSync(join(out, 'google.tsv'))).toEqual(before);
  });

  it('sniffs XML without source.format and reads it in batches on worker threads, same output as one thread', async () => {
    const dir = tempDir();
    const items = Array.from(
      { length: 3000 },
      (_, i) =>
        `<item><g:id>P-${i}</g:id><title>Produkt ${i} – Größe ${i % 7}</title><g:description>Beschreibung &amp; mehr ${i}</g:description><link>https://shop.example/p/${i}</link><g:image_link>https://img.example/${i}.jpg</g:image_link><g:price>${(i % 90) + 1}.50 EUR</g:price><g:brand>Acme</g:brand><g:availability>in stock</g:availability></item>`,
    );
    const input = join(dir, 'feed.xml');
    writeFileSync(
      input,
      `<rss xmlns:g="http://base.google.com/ns/1.0"><channel>\n${items.join('\n')}\n</channel></rss>\n`,
    );
    const mapping = join(dir, 'm.yaml');
    writeFileSync(
      mapping,
      readFileSync(join(ROOT, 'mappings/google-rss.yaml'), 'utf8').replace('  format: xml\n', ''),
    );
    const one = await convert({ input, mapping, out: join(dir, 'one'), threads: 1, batchBytes: 4096 });
    const four = await convert({ input, mapping, out: join(dir, 'four'), threads: 4, batchBytes: 4096 });
    expect(one.report.source.format).toBe('xml');
    expect(one.report.channels.google?.records).toEqual({ read: 3000, accepted: 3000, rejected: 0 });
    for (const file of ['google.tsv', 'rejects.csv'])
      expect(readFileSync(join(dir, 'four', file))).toEqual(readFileSync(join(dir, 'one', file)));
    expect(four.report.source.lines).toBe(one.report.source.lines);
    expect(one.report.source.parser).toEqual({ fast: 3000, saxes: 0 });
    expect(four.report.source.parser).toEqual({ fast: 3000, saxes: 0 });
  });

  it('says how many records saxes read where the fast scan declined them, with the same feed', () => {
    const dir = tempDir();
    const item = (id: number, extra: string) =>
      `<item><g:id>P-${id}</g:id><title>Shoe ${id}${extra}</title><description>A good shoe.</description><link>https://shop.example/p/${id}</link><g:image_link>https://img.example/${id}.jpg</g:image_link><g:price>10.00 EUR</g:price><g:availability>in stock</g:availability><g:brand>Acme</g:brand><g:condition>new</g:condition></item>`;
    const input = join(dir, 'feed.xml');
    // Item 2 holds the document's first entity XML does not predefine (strip_html decodes it),
    // item 3 a processing instruction: saxes reads both. Item 5's entity, the second, is kept
    // and counted by the fast scan.
    writeFileSync(
      input,
      `<rss xmlns:g="http://base.google.com/ns/1.0"><channel>\r\n${[item(1, ' &amp; sock'), item(2, '&nbsp;XL'), item(3, '<?pi x?>'), item(4, ' &#233;'), item(5, '&nbsp;S')].join('\r\n')}\r\n</channel></rss>\r\n`,
    );
    const out = join(dir, 'out');
    const run = cli([
      'convert',
      input,
      '--mapping',
      'mappings/google-rss.yaml',
      '--out',
      out,
      '--report-format',
      'md',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.source.parser).toEqual({ fast: 3, saxes: 2 });
    expect(report.source.undeclared_entities).toBe(2);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(
      'saxes read 2 of 5 records character by character',
    );
    const [header, ...rows] = tsv(readFileSync(join(out, 'google.tsv'), 'utf8'));
    const title = (header as string[]).indexOf('title');
    expect(rows.map((row) => row[title])).toEqual([
      'Shoe 1 & sock',
      'Shoe 2 XL',
      'Shoe 3',
      'Shoe 4 é',
      'Shoe 5 S',
    ]);
  });
});

describe('XML mappings are checked before any input is read', () => {
  it('points at the bad part of each path, the record path first', async () => {
    const { check } = await import('../../src/check.js');
    const { FeedkitErrors, formatError } = await import('../../src/model/errors.js');
    const dir = tempDir();
    const path = join(dir, 'm.yaml');
    const problems = async (text: string) => {
      writeFileSync(path, text);
      const error = await check(path).catch((e: unknown) => e);
      return (error as InstanceType<typeof FeedkitErrors>).errors.map((e) =>
        formatError(e).replace(`${path}:`, ''),
      );
    };
    expect(
      await problems(
        'source: { format: xml, record: "/BMECAT/T_NEW_CATALOG/PRODUCT[1]" }\nfields: { id: SUPPLIER_PID }\n',
      ),
    ).toEqual([
      '1:62 invalid path "/BMECAT/T_NEW_CATALOG/PRODUCT[1]" at character 30: the record path cannot have predicates ([ ]) [invalid-path]',
    ]);
    expect(
      await problems(
        [
          'source: { format: xml, record: /BMECAT/T_NEW_CATALOG/PRODUCT }',
          'fields:',
          '  id: SUPPLIER_PID',
          '  title: "PRODUCT_DETAILS/DESCRIPTION_SHORT[@lang=deu]"',
          '  price: { template: "{{ PRICE_AMOUNT }} {{ /BMECAT/T_NEW_CATALOG/PRODUCT/X }}" }',
          '  color: { feature: Farbe }',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      '4:51 invalid path "PRODUCT_DETAILS/DESCRIPTION_SHORT[@lang=deu]" at character 41: the value must be quoted [invalid-path]',
      '5:75 invalid path "/BMECAT/T_NEW_CATALOG/PRODUCT/X" at character 31: this is inside the records; paths in a record are relative to it: X [invalid-path]',
      '6:21 "feature" needs source.features (where a record\'s features are) [mapping-invalid]',
    ]);
  });

  it('says where the records are when source.record is missing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.yaml'), 'source: { format: xml }\nfields: { id: sku }\n');
    const run = cli(['check', join(dir, 'm.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'an XML input needs source.record, the path of its records (expected e.g. record:',
    );
  });
});

describe('sniffed XML', () => {
  it('without source.record is a mapping error pointing into the mapping, before any record is read', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.yaml'), 'fields:\n  id: sku\n');
    writeFileSync(join(dir, 'feed.xml'), '<products><product><sku>A</sku></product></products>\n');
    const run = cli(['convert', join(dir, 'feed.xml'), '-m', join(dir, 'm.yaml'), '--out', join(dir, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `feedkit: ${join(dir, 'm.yaml')}:1:1 an XML input needs source.record, the path of its records (expected e.g. record: /BMECAT/T_NEW_CATALOG/PRODUCT or record: //item) [mapping-invalid]\n`,
    );
    expect(existsSync(join(dir, 'out', 'google.tsv'))).toBe(false);
  });
});

describe('an XML input whose record path matches nothing', () => {
  it('names the path, the root and the repeated element, never "input is empty" (exit 3)', () => {
    const dir = tempDir();
    const input = join(dir, 'shop.xml');
    writeFileSync(
      input,
      '<?xml version="1.0"?>\n<products>\n  <meta><generated>2026</generated></meta>\n  <product><sku>A</sku></product>\n  <product><sku>B</sku></product>\n</products>\n',
    );
    const run = cli(['convert', input, '-m', 'mappings/bmecat-2005.yaml', '--out', join(dir, 'out')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `feedkit: ${input} no element matches /BMECAT/T_NEW_CATALOG/PRODUCT; the document's root is <products>; records look like //product (2 of them) [input-no-records]\n`,
    );
    expect(run.stderr).not.toContain('empty');
  });

  it('lists what is below the root when nothing repeats', () => {
    const dir = tempDir();
    const input = join(dir, 'one.xml');
    writeFileSync(input, '<BMECAT><HEADER/><T_UPDATE_PRICES><ARTICLE/></T_UPDATE_PRICES></BMECAT>');
    const run = cli(['convert', input, '-m', 'mappings/bmecat-2005.yaml', '--out', join(dir, 'out')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      "no element matches /BMECAT/T_NEW_CATALOG/PRODUCT; the document's root is <BMECAT>; below it: <HEADER>, <T_UPDATE_PRICES>, <ARTICLE>",
    );
  });

  it("points at the path's own element where it is elsewhere, before a header's repeated one", () => {
    const dir = tempDir();
    const input = join(dir, 'prices.xml');
    writeFileSync(
      input,
      '<BMECAT><HEADER><DATETIME/><DATETIME/><DATETIME/></HEADER><T_UPDATE_PRICES><ARTICLE><SUPPLIER_AID>1</SUPPLIER_AID></ARTICLE></T_UPDATE_PRICES></BMECAT>',
    );
    const run = cli(['convert', input, '-m', 'mappings/bmecat-1.2.yaml', '--out', join(dir, 'out')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `feedkit: ${input} no element matches /BMECAT/T_NEW_CATALOG/ARTICLE; the document's root is <BMECAT>; records look like /BMECAT/T_UPDATE_PRICES/ARTICLE (one record) [input-no-records]\n`,
    );
  });
});

describe('BMEcat pictures', () => {
  it('a data sheet (application/pdf, a URL) never becomes image_link; a picture of an image type does', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    await convert({
      input: join(ROOT, 'fixtures/inputs/xml/bmecat-2005-datasheet.xml'),
      mapping: join(ROOT, 'mappings/bmecat-2005.yaml'),
      out,
    });
    const rows = tsv(readFileSync(join(out, 'google.tsv'), 'utf8'));
    const header = rows[0] as string[];
    const image = header.indexOf('image_link');
    expect(rows.slice(1).map((row) => [row[0], row[image]])).toEqual([
      ['R-200', 'https://media.example.com/r-200.jpg'],
    ]);
    const rejects = readFileSync(join(out, 'rejects.csv'), 'utf8');
    expect(rejects).toContain('R-300,');
    expect(rejects).not.toContain('datasheet');
    expect(rejects).not.toContain('.pdf');
  });
});
