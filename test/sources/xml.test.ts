import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type XmlReaderOptions, type XmlRecord, XmlRecordReader } from '../../src/sources/xml/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/inputs/xml');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const G = 'http://base.google.com/ns/1.0';

/** Read all records, feeding `chunk` bytes at a time (everything at once by default). */
function read(input: string | Uint8Array, options: XmlReaderOptions, chunk = Number.POSITIVE_INFINITY) {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const reader = new XmlRecordReader(options);
  const records: XmlRecord[] = [];
  for (let i = 0; i < bytes.length; i += chunk) records.push(...reader.write(bytes.subarray(i, i + chunk)));
  records.push(...reader.end());
  return { records, reader };
}

/** Values of each record as an object keyed by column, for readable assertions. */
function rows(input: string | Uint8Array, options: XmlReaderOptions, chunk?: number) {
  return read(input, options, chunk).records.map((r) =>
    Object.fromEntries(options.columns.map((column, i) => [column, r.values[i]])),
  );
}

describe('XML source: BMEcat 1.2', () => {
  const options: XmlReaderOptions = {
    record: '/BMECAT/T_NEW_CATALOG/ARTICLE',
    columns: [
      'SUPPLIER_AID',
      'ARTICLE_DETAILS/DESCRIPTION_SHORT',
      'ARTICLE_DETAILS/DESCRIPTION_LONG',
      'ARTICLE_DETAILS/KEYWORD',
      "ARTICLE_PRICE_DETAILS/ARTICLE_PRICE[@price_type='net_customer']/PRICE_AMOUNT",
      "MIME_INFO/MIME[MIME_PURPOSE='normal']/MIME_SOURCE",
      "MIME_INFO/MIME[MIME_PURPOSE='normal'][1]/MIME_SOURCE",
      'feature:Gewicht',
      'feature:Farbe',
      'feature:Spannung',
      '/BMECAT/HEADER/CATALOG/CURRENCY',
      '@mode',
      'USER_DEFINED_EXTENSIONS/UDX.SHOP.BADGE',
    ],
    features: { path: 'ARTICLE_FEATURES/FEATURE', name: 'FNAME', value: 'FVALUE', unit: 'FUNIT' },
  };

  it('reads articles with predicates, lists, features and the header currency', () => {
    expect(rows(fixture('bmecat-1.2.xml'), options)).toEqual([
      {
        SUPPLIER_AID: 'HW-100',
        'ARTICLE_DETAILS/DESCRIPTION_SHORT': 'Akku-Bohrschrauber 18 V',
        // CDATA kept verbatim, entities decoded once: `&amp;sup2;` stays `&sup2;` for decode_entities.
        'ARTICLE_DETAILS/DESCRIPTION_LONG': '<p>Drehmoment 60 Nm</p> & Koffer, Fläche 2&sup2;',
        'ARTICLE_DETAILS/KEYWORD': ['Bohrer', 'Akku'],
        "ARTICLE_PRICE_DETAILS/ARTICLE_PRICE[@price_type='net_customer']/PRICE_AMOUNT": '99.50',
        "MIME_INFO/MIME[MIME_PURPOSE='normal']/MIME_SOURCE": ['hw-100.jpg', 'hw-100-side.jpg'],
        "MIME_INFO/MIME[MIME_PURPOSE='normal'][1]/MIME_SOURCE": 'hw-100.jpg',
        'feature:Gewicht': '1.4 kg',
        'feature:Farbe': 'grün',
        'feature:Spannung': undefined,
        '/BMECAT/HEADER/CATALOG/CURRENCY': 'EUR',
        '@mode': 'new',
        'USER_DEFINED_EXTENSIONS/UDX.SHOP.BADGE': 'Neu',
      },
      {
        SUPPLIER_AID: 'HW-200',
        'ARTICLE_DETAILS/DESCRIPTION_SHORT': 'Bit-Satz, 32-tlg.',
        'ARTICLE_DETAILS/DESCRIPTION_LONG': undefined,
        'ARTICLE_DETAILS/KEYWORD': undefined,
        "ARTICLE_PRICE_DETAILS/ARTICLE_PRICE[@price_type='net_customer']/PRICE_AMOUNT": '12.90',
        "MIME_INFO/MIME[MIME_PURPOSE='normal']/MIME_SOURCE": 'hw-200.jpg',
        "MIME_INFO/MIME[MIME_PURPOSE='normal'][1]/MIME_SOURCE": 'hw-200.jpg',
        'feature:Gewicht': undefined,
        'feature:Farbe': undefined,
        'feature:Spannung': undefined,
        '/BMECAT/HEADER/CATALOG/CURRENCY': 'EUR',
        '@mode': 'new',
        'USER_DEFINED_EXTENSIONS/UDX.SHOP.BADGE': undefined,
      },
    ]);
  });

  it('gives each record the line and column of its start tag', () => {
    const { records } = read(fixture('bmecat-1.2.xml'), options);
    expect(records.map((r) => [r.line, r.col])).toEqual([
      [15, 3],
      [65, 3],
    ]);
  });

  it('reads CRLF files with the same values and line numbers', () => {
    const crlf = fixture('bmecat-1.2.xml').toString('utf8').replaceAll('\n', '\r\n');
    expect(read(crlf, options).records).toEqual(read(fixture('bmecat-1.2.xml'), options).records);
  });

  it('gives the same records whatever the chunk size', () => {
    const whole = read(fixture('bmecat-1.2.xml'), options).records;
    for (const chunk of [1, 2, 3, 7, 64, 1000]) {
      expect(read(fixture('bmecat-1.2.xml'), options, chunk).records).toEqual(whole);
    }
  });
});

describe('XML source: BMEcat 2005', () => {
  const options: XmlReaderOptions = {
    record: '/BMECAT/T_NEW_CATALOG/PRODUCT',
    columns: [
      'SUPPLIER_PID',
      "PRODUCT_DETAILS/DESCRIPTION_SHORT[@lang='eng']",
      'PRODUCT_DETAILS/DESCRIPTION_SHORT[1]/@lang',
      "PRODUCT_DETAILS/INTERNATIONAL_PID[@type='gtin']",
      "PRODUCT_PRICE_DETAILS/PRODUCT_PRICE[@price_type='net_customer'][LOWER_BOUND='1']/PRICE_AMOUNT",
      'PRODUCT_PRICE_DETAILS/PRODUCT_PRICE[2]/PRICE_AMOUNT',
      'feature:Länge',
      'feature:Farbe',
      'feature:Norm',
      '/BMECAT/HEADER/CATALOG/CURRENCY',
      '/BMECAT/HEADER/CATALOG/LANGUAGE',
      '/BMECAT/@version',
      '//FVALUE',
    ],
    features: { path: 'PRODUCT_FEATURES/FEATURE', name: 'FNAME', value: 'FVALUE', unit: 'FUNIT' },
  };

  it('reads products in the default namespace with unprefixed paths', () => {
    const [first, second] = rows(fixture('bmecat-2005.xml'), options);
    expect(first).toEqual({
      SUPPLIER_PID: 'K-1001',
      "PRODUCT_DETAILS/DESCRIPTION_SHORT[@lang='eng']": 'Cable tie, black',
      'PRODUCT_DETAILS/DESCRIPTION_SHORT[1]/@lang': 'deu',
      "PRODUCT_DETAILS/INTERNATIONAL_PID[@type='gtin']": '7612345000017',
      "PRODUCT_PRICE_DETAILS/PRODUCT_PRICE[@price_type='net_customer'][LOWER_BOUND='1']/PRICE_AMOUNT": '4.20',
      'PRODUCT_PRICE_DETAILS/PRODUCT_PRICE[2]/PRICE_AMOUNT': '3.80',
      'feature:Länge': '200 mm',
      // Two features with the same name, and one with two values: lists.
      'feature:Farbe': ['schwarz', 'matt'],
      'feature:Norm': ['UL 94', 'RoHS'],
      '/BMECAT/HEADER/CATALOG/CURRENCY': 'CHF',
      '/BMECAT/HEADER/CATALOG/LANGUAGE': ['deu', 'eng'],
      '/BMECAT/@version': '2005',
      '//FVALUE': ['200', 'schwarz', 'UL 94', 'RoHS', 'matt'],
    });
    expect(second).toMatchObject({
      SUPPLIER_PID: 'K-1002',
      'feature:Farbe': undefined,
      '/BMECAT/HEADER/CATALOG/CURRENCY': 'CHF',
      '//FVALUE': undefined,
    });
  });

  it('hands out copies of document-level lists', () => {
    const { records } = read(fixture('bmecat-2005.xml'), options);
    const languages = options.columns.indexOf('/BMECAT/HEADER/CATALOG/LANGUAGE');
    const first = records[0]?.values[languages] as string[];
    first.push('changed');
    expect(records[1]?.values[languages]).toEqual(['deu', 'eng']);
  });

  it('counts records', () => {
    const { reader } = read(fixture('bmecat-2005.xml'), options);
    expect(reader.stats.records).toBe(2);
    expect(reader.encoding).toEqual({ name: 'utf-8', source: 'declaration' });
  });
});

describe('XML source: RSS 2.0 with the Google namespace', () => {
  const options: XmlReaderOptions = {
    record: '/rss/channel/item',
    namespaces: { g: G },
    columns: [
      'g:id',
      'title',
      'g:price',
      'g:additional_image_link',
      'g:shipping/g:country',
      "g:shipping[g:country='CA']/g:price",
      'g:shipping[1]/g:service',
      '/rss/channel/title',
    ],
  };

  it('matches prefixed steps by namespace URI, whatever prefix the document uses', () => {
    expect(rows(fixture('google-rss.xml'), options)).toEqual([
      {
        'g:id': 'TV-1',
        title: '22" LED TV',
        'g:price': '159.00 USD',
        'g:additional_image_link': ['https://img.example/tv-1b.jpg', 'https://img.example/tv-1c.jpg'],
        'g:shipping/g:country': ['US', 'CA'],
        "g:shipping[g:country='CA']/g:price": '24.95 USD',
        'g:shipping[1]/g:service': 'Standard',
        '/rss/channel/title': 'Example Store',
      },
      {
        'g:id': 'DVD-2',
        title: 'Box set – 3 DVDs',
        'g:price': '11.99 USD',
        'g:additional_image_link': undefined,
        'g:shipping/g:country': 'US',
        "g:shipping[g:country='CA']/g:price": undefined,
        'g:shipping[1]/g:service': undefined,
        '/rss/channel/title': 'Example Store',
      },
    ]);
  });

  it('an unprefixed step matches in any namespace', () => {
    const [first] = rows(fixture('google-rss.xml'), { record: '//item', columns: ['id', 'shipping/price'] });
    expect(first).toEqual({ id: 'TV-1', 'shipping/price': ['14.95 USD', '24.95 USD'] });
  });

  it('a prefix bound to another URI in the document does not match', () => {
    const xml = '<rss xmlns:g="urn:other"><channel><item><g:id>1</g:id></item></channel></rss>';
    expect(rows(xml, { ...options, columns: ['g:id', 'id'] })).toEqual([{ 'g:id': undefined, id: '1' }]);
  });

  it('reads a prefix the document forgot to declare with the mapping namespaces', () => {
    const xml = '<rss><channel><item><g:id>1</g:id></item></channel></rss>';
    expect(rows(xml, { ...options, columns: ['g:id'] })).toEqual([{ 'g:id': '1' }]);
  });
});

describe('XML source: Atom', () => {
  it('reads entries in the Atom default namespace, with link/@href', () => {
    const options: XmlReaderOptions = {
      record: '/feed/entry',
      namespaces: { g: G, atom: 'http://www.w3.org/2005/Atom' },
      columns: ['id', 'atom:title', "link[@rel='alternate']/@href", 'link/@href', 'g:price', 'title/@type'],
    };
    expect(rows(fixture('atom.xml'), options)).toEqual([
      {
        id: 'tag:shop.example,2024:A1',
        'atom:title': 'Teapot',
        "link[@rel='alternate']/@href": 'https://shop.example/teapot',
        'link/@href': ['https://shop.example/teapot', 'https://img.example/teapot.jpg'],
        'g:price': '24.00 EUR',
        'title/@type': 'text',
      },
      {
        id: 'tag:shop.example,2024:A2',
        'atom:title': 'Cup',
        "link[@rel='alternate']/@href": undefined,
        'link/@href': 'https://shop.example/cup',
        'g:price': '6.50 EUR',
        'title/@type': 'text',
      },
    ]);
  });

  it('finds records with //name at any depth', () => {
    const { records } = read(fixture('atom.xml'), { record: '//entry', columns: ['title'] });
    expect(records.map((r) => r.values[0])).toEqual(['Teapot', 'Cup']);
  });
});

describe('XML source: values', () => {
  const doc = `<catalog>
  <item sku=" A1 " xml:lang="de">
    <name>  Mug <b>large</b>
      blue  </name>
    <tag>a</tag><tag>b</tag><tag></tag>
    <box><tag>inner</tag></box>
  </item>
</catalog>`;
  const value = (column: string, input = doc) =>
    read(input, { record: '//item', columns: [column] }).records[0]?.values[0];

  it('joins the text of descendants and trims only the ends', () => {
    expect(value('name')).toBe('Mug large\n      blue');
  });

  it('trims attributes, reads xml:lang by local name or with its prefix', () => {
    expect(value('@sku')).toBe('A1');
    expect(value('@lang')).toBe('de');
    expect(value('@xml:lang')).toBe('de');
    expect(value('@missing')).toBeUndefined();
  });

  it('gives a list for several matches, empty ones included, and undefined for none', () => {
    expect(value('tag')).toEqual(['a', 'b', '']);
    expect(value('nothing')).toBeUndefined();
  });

  it('counts positions among the matching siblings of each parent', () => {
    expect(value('tag[2]')).toBe('b');
    expect(value('tag[4]')).toBeUndefined();
    expect(value('//tag[1]')).toEqual(['a', 'inner']);
    expect(value('*/tag')).toBe('inner');
    expect(value('box//tag')).toBe('inner');
    expect(value('.//tag')).toEqual(['a', 'b', '', 'inner']);
  });

  it('filters by the presence of a child or an attribute', () => {
    expect(value('box[tag]/tag')).toBe('inner');
    expect(value('name[b]/b')).toBe('large');
    expect(value('name[c]')).toBeUndefined();
    expect(value('//*[@sku]/@sku')).toBeUndefined(); // the record is not its own descendant
    expect(value('name[.="Mug large\n      blue"]/b')).toBe('large');
  });

  it('reads the record itself with .', () => {
    expect(value('.', '<r><item> x <y>z</y> </item></r>')).toBe('x z');
  });

  it('keeps a CDATA section verbatim next to text', () => {
    expect(value('name', '<r><item><name>a <![CDATA[<b> & ]]> c</name></item></r>')).toBe('a <b> &  c');
  });

  it('decodes predefined and numeric entities once', () => {
    expect(value('n', '<r><item><n>&lt;&gt;&amp;&quot;&apos; &#228;&#xE4; &amp;auml;</n></item></r>')).toBe(
      '<>&"\' ää &auml;',
    );
  });

  it('evaluates predicates on elements found by //', () => {
    const xml = '<r><item><a><b k="1">x</b></a><c><b k="2">y</b><b k="1">z</b></c></item></r>';
    expect(value("//b[@k='1']", xml)).toEqual(['x', 'z']);
    expect(value('//b[@k]', xml)).toEqual(['x', 'y', 'z']);
  });

  it('reads elements a path reaches through unnamed parents', () => {
    const xml = '<r><item><x><y><sku>1</sku></y></x><sku>2</sku></item></r>';
    expect(value('//sku', xml)).toEqual(['1', '2']);
    expect(value('sku', xml)).toBe('2');
    expect(value('x/y/sku', xml)).toBe('1');
  });

  it('does not nest records: a record-named element inside a record belongs to it', () => {
    const xml = '<r><item><id>1</id><item><id>2</id></item></item></r>';
    const { records } = read(xml, { record: '//item', columns: ['id', '//id'] });
    expect(records.map((r) => r.values)).toEqual([['1', ['1', '2']]]);
  });

  it('reads document-level values that come before the records only', () => {
    const xml = '<r><h>one</h><item>1</item><h>two</h><item>2</item></r>';
    const { records } = read(xml, { record: '/r/item', columns: ['.', '/r/h'] });
    expect(records.map((r) => r.values)).toEqual([
      ['1', 'one'],
      ['2', ['one', 'two']],
    ]);
  });

  it('gives no records when the record path matches nothing', () => {
    expect(read(doc, { record: '/catalog/product', columns: ['name'] }).records).toEqual([]);
  });
});

describe('XML source: encodings', () => {
  const options: XmlReaderOptions = { record: '/r/i', columns: ['.'] };
  const values = (bytes: Uint8Array, extra: Partial<XmlReaderOptions> = {}, chunk?: number) =>
    read(bytes, { ...options, ...extra }, chunk).records.map((r) => r.values[0]);
  const latin1 = (text: string) => Buffer.from(text, 'latin1');

  it('reads UTF-16LE and UTF-16BE with a BOM, even one byte at a time', () => {
    const text = '<?xml version="1.0" encoding="UTF-16"?><r><i>Grüße 😀</i><i>€</i></r>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const bytes of [le, be]) {
      expect(values(bytes)).toEqual(['Grüße 😀', '€']);
      expect(values(bytes, {}, 1)).toEqual(['Grüße 😀', '€']);
    }
    expect(read(le, options).reader.encoding).toEqual({ name: 'utf-16le', source: 'bom' });
  });

  it('reads UTF-16 without a BOM from the declaration’s first bytes', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="UTF-16"?><r><i>ü</i></r>', 'utf16le');
    expect(values(bytes)).toEqual(['ü']);
  });

  it('skips a UTF-8 BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<r><i>ä</i></r>')]);
    expect(values(bytes)).toEqual(['ä']);
    expect(values(bytes, {}, 1)).toEqual(['ä']);
  });

  it('reads multi-byte UTF-8 split across chunks', () => {
    const bytes = Buffer.from('<r><i>Grüße aus Köln 😀 €</i></r>');
    for (const chunk of [1, 2, 3, 5]) expect(values(bytes, {}, chunk)).toEqual(['Grüße aus Köln 😀 €']);
  });

  it('reads ISO-8859-1 as windows-1252, so € (0x80) and „ (0x84) survive', () => {
    const bytes = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><r><i>Bär \x80 \x84x\x93</i></r>');
    expect(values(bytes)).toEqual(['Bär € „x“']);
    expect(read(bytes, options).reader.encoding).toEqual({ name: 'windows-1252', source: 'declaration' });
  });

  it('reads windows-1252, cp1252 and US-ASCII declarations', () => {
    for (const label of ['windows-1252', 'CP1252', 'us-ascii']) {
      const bytes = latin1(`<?xml version='1.0' encoding='${label}'?><r><i>\xe4\x80</i></r>`);
      expect(values(bytes, {}, 7)).toEqual(['ä€']);
    }
  });

  it('lets the option override the declaration', () => {
    const bytes = latin1('<?xml version="1.0" encoding="UTF-8"?><r><i>\xe4</i></r>');
    expect(values(bytes, { encoding: 'iso-8859-1' })).toEqual(['ä']);
    expect(values(bytes, { encoding: 'windows-1252' })).toEqual(['ä']);
    expect(read(bytes, { ...options, encoding: 'latin1' }).reader.encoding).toEqual({
      name: 'windows-1252',
      source: 'option',
    });
  });

  it('reads UTF-8 bytes labelled UTF-16 (a serializer naming its string type) as UTF-8', () => {
    expect(values(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><r><i>ä</i></r>'))).toEqual(['ä']);
  });

  it('waits for a declaration split over many chunks', () => {
    const bytes = latin1(
      '<?xml version="1.0"      encoding="ISO-8859-1" standalone="yes"?><r><i>\xe4</i></r>',
    );
    expect(values(bytes, {}, 1)).toEqual(['ä']);
  });
});

describe('XML source: many records', () => {
  // Its speed is measured by `npm run bench -- --xml`, not here.
  it('reads 50,000 records in 1 MiB chunks, each with its own values', () => {
    const item = (i: number) =>
      `<item><g:id>SKU${i}</g:id><title>Product &amp; number ${i}</title><g:price>${i}.99 EUR</g:price>` +
      `<link>https://example.com/p/${i}</link><g:image_link>https://example.com/i/${i}.jpg</g:image_link>` +
      `<g:availability>in stock</g:availability></item>\n`;
    const parts = [`<rss xmlns:g="${G}"><channel>`];
    for (let i = 0; i < 50_000; i++) parts.push(item(i));
    parts.push('</channel></rss>');
    const bytes = Buffer.from(parts.join(''));
    const options: XmlReaderOptions = {
      record: '/rss/channel/item',
      namespaces: { g: G },
      columns: ['g:id', 'title', 'g:price', 'link', 'g:image_link', 'g:availability', 'g:brand'],
    };
    const { records } = read(bytes, options, 1 << 20);
    expect(records).toHaveLength(50_000);
    expect(records[12_345]?.values.slice(0, 2)).toEqual(['SKU12345', 'Product & number 12345']);
    expect(records[49_999]?.values.slice(0, 3)).toEqual([
      'SKU49999',
      'Product & number 49999',
      '49999.99 EUR',
    ]);
  });
});
