import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { MappingFile } from '../../src/config/mapping.js';
import type { Report } from '../../src/report/report.js';
import { cli, tempDir } from '../helpers/run.js';

const DANISH = 'fixtures/inputs/onboard/havbris-da.csv';

interface Started {
  dir: string;
  input: string;
  mappingPath: string;
  yaml: string;
  mapping: MappingFile;
  stderr: string;
}

/** Write the input (unless it is a path already), run `feedkit init -o`, and read the mapping back. */
function init(text: string | Buffer | { path: string }, args: string[] = []): Started {
  const dir = tempDir('feedkit-init-');
  let input: string;
  if (typeof text === 'object' && 'path' in text) input = text.path;
  else {
    input = join(dir, 'supplier.csv');
    writeFileSync(input, text);
  }
  const mappingPath = join(dir, 'mapping.yaml');
  const result = cli(['init', input, '-o', mappingPath, ...args]);
  expect(result.code, result.stderr).toBe(0);
  const yaml = readFileSync(mappingPath, 'utf8');
  return { dir, input, mappingPath, yaml, mapping: parse(yaml) as MappingFile, stderr: result.stderr };
}

/** `feedkit check`, then `feedkit convert`; returns the exit code, the report and the rejects. */
function checkAndConvert(started: Started, args: string[] = []) {
  const check = cli(['check', started.mappingPath]);
  expect(check.code, check.stderr).toBe(0);
  const out = join(started.dir, 'out');
  const result = cli(['convert', started.input, '--mapping', started.mappingPath, '--out', out, ...args]);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  const rejects = parseCsv(readFileSync(join(out, 'rejects.csv'), 'utf8'), { columns: true }) as Array<
    Record<string, string>
  >;
  return { code: result.code, stderr: result.stderr, report, rejects, out };
}

/** The column a field reads (`id: Varenr` or `{ from: Varenr, … }`). */
function from(mapping: MappingFile, field: keyof MappingFile['fields']): unknown {
  const spec = mapping.fields[field];
  return typeof spec === 'string' ? spec : spec?.from;
}

// Each case spawns init, check and convert: slow on a busy machine.
describe('feedkit init', { timeout: 30_000 }, () => {
  it('maps a Danish windows-1252 supplier file that then converts with no edits', () => {
    const started = init({ path: DANISH }, [
      '--channel',
      'google',
      '--channel',
      'meta',
      '--channel',
      'klarna',
    ]);
    const { mapping } = started;
    expect(mapping.source).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      decimal: ',',
      currency: 'DKK',
      // Relative image paths are resolved against the address the product links use.
      base_url: 'https://www.havbris.example',
    });
    expect(from(mapping, 'id')).toBe('Varenr');
    expect(from(mapping, 'title')).toBe('Varenavn');
    expect(from(mapping, 'price')).toBe('Pris inkl. moms');
    expect(from(mapping, 'sale_price')).toBe('Tilbudspris');
    expect(from(mapping, 'gtin')).toBe('EAN');
    expect(from(mapping, 'brand')).toBe('Mærke');
    expect(from(mapping, 'image_link')).toBe('Billede');
    expect(from(mapping, 'additional_image_link')).toBe('Ekstra billeder');
    expect(from(mapping, 'link')).toBe('Produktlink');
    expect(mapping.fields.condition).toMatchObject({
      from: 'Stand',
      map: { Ny: 'new', Brugt: 'used', Renoveret: 'refurbished' },
    });
    expect(mapping.fields.gender).toMatchObject({ map: { Herre: 'male', Dame: 'female', Unisex: 'unisex' } });
    expect(mapping.fields.age_group).toMatchObject({ map: { Voksen: 'adult', Børn: 'kids' } });
    expect(mapping.fields.availability).toMatchObject({
      from: 'Lagerstatus',
      map: { 'På lager': 'in_stock', Udsolgt: 'out_of_stock', Bestillingsvare: 'backorder' },
    });
    // A field the channels use that the file lacks is a comment naming it.
    expect(started.yaml).toMatch(/^ {2}# item_group_id: recommended by google, meta; no column like /m);

    const { code, report, rejects } = checkAndConvert(started);
    expect(code).toBe(0);
    for (const channel of ['google', 'meta', 'klarna']) {
      const records = report.channels[channel]?.records;
      expect(records?.read).toBe(16);
      expect((records?.accepted ?? 0) + (records?.rejected ?? 0)).toBe(records?.read);
    }
    // Only the supplier's duplicate is rejected: the broken EAN is dropped, the mangled one reported.
    expect(report.channels.google?.records.accepted).toBe(15);
    expect(rejects.filter((r) => r.channel === 'google').map((r) => [r.record_key, r.issue_type])).toEqual([
      ['HV-2013', 'duplicate-id'],
    ]);
    expect(report.mapping_issues.map((i) => i.type)).toContain('mangled-gtin');
    const feed = readFileSync(join(started.dir, 'out', 'google.tsv'), 'utf8');
    expect(feed).toContain('https://www.havbris.example/img/hv-2001.jpg');
    expect(feed).toContain('1299.95 DKK');
    expect(feed).toContain('Tøj > Jakker');
  });

  it.each([
    {
      language: 'German',
      header:
        'Artikelnummer;Bezeichnung;Beschreibung;Preis;EAN;Marke;Bild;Zustand;Geschlecht;Produktlink;Bestand',
      row: 'A-1;Wollmütze;Warm;19,95;5701234000013;Nordkap;https://shop.example/a.jpg;Neu;Herren;https://shop.example/p/a-1;4',
      more: 'A-2;Schal;Lang;29,95;5701234000020;Nordkap;https://shop.example/b.jpg;Gebraucht;Damen;https://shop.example/p/a-2;0',
      currency: 'EUR',
      maps: { condition: { Neu: 'new', Gebraucht: 'used' }, gender: { Herren: 'male', Damen: 'female' } },
      columns: ['Artikelnummer', 'Bezeichnung', 'Preis', 'EAN', 'Marke', 'Bild'],
    },
    {
      language: 'Swedish',
      header: 'Artikelnummer;Benämning;Beskrivning;Pris;Streckkod;Varumärke;Bild;Skick;Kön;Länk;Lagersaldo',
      row: 'S-1;Mössa;Varm;199,00;5701234000013;Fjäll;https://shop.example/a.jpg;Ny;Herr;https://shop.example/p/s-1;4',
      more: 'S-2;Halsduk;Lång;249,00;5701234000020;Fjäll;https://shop.example/b.jpg;Begagnad;Dam;https://shop.example/p/s-2;0',
      currency: 'SEK',
      maps: { condition: { Ny: 'new', Begagnad: 'used' }, gender: { Herr: 'male', Dam: 'female' } },
      columns: ['Artikelnummer', 'Benämning', 'Pris', 'Streckkod', 'Varumärke', 'Bild'],
    },
    {
      language: 'Danish',
      header: 'Varenummer;Navn;Beskrivelse;Pris;Stregkode;Mærke;Billede;Stand;Køn;Link;Lager',
      row: 'D-1;Hue;Varm;199,00;5701234000013;Fjeld;https://shop.example/a.jpg;Ny;Herre;https://shop.example/p/d-1;4',
      more: 'D-2;Halstørklæde;Lang;249,00;5701234000020;Fjeld;https://shop.example/b.jpg;Brugt;Dame;https://shop.example/p/d-2;0',
      currency: 'DKK',
      maps: { condition: { Ny: 'new', Brugt: 'used' }, gender: { Herre: 'male', Dame: 'female' } },
      columns: ['Varenummer', 'Navn', 'Pris', 'Stregkode', 'Mærke', 'Billede'],
    },
    {
      language: 'English',
      header: 'SKU,Name,Description,Price,Barcode,Brand,Image URL,Condition,Gender,Product URL,Stock',
      row: 'E-1,Beanie,Warm,19.95,5701234000013,Fjeld,https://shop.example/a.jpg,New,Men,https://shop.example/p/e-1,4',
      more: 'E-2,Scarf,Long,29.95,5701234000020,Fjeld,https://shop.example/b.jpg,Used,Women,https://shop.example/p/e-2,0',
      currency: 'USD',
      maps: { condition: { New: 'new', Used: 'used' }, gender: { Men: 'male', Women: 'female' } },
      columns: ['SKU', 'Name', 'Price', 'Barcode', 'Brand', 'Image URL'],
    },
  ])('guesses $language column names and value maps', ({ header, row, more, currency, maps, columns }) => {
    const started = init(`${header}\n${row}\n${more}\n`);
    const { mapping } = started;
    const fields = ['id', 'title', 'price', 'gtin', 'brand', 'image_link'] as const;
    expect(fields.map((field) => from(mapping, field))).toEqual(columns);
    expect(mapping.source?.currency).toBe(currency);
    expect(mapping.fields.condition).toMatchObject({ map: maps.condition });
    expect(mapping.fields.gender).toMatchObject({ map: maps.gender });
    expect(mapping.fields.availability).toMatchObject({ pipe: ['stock'] });
    expect(started.stderr).not.toMatch(/no column found/);
    const { code, report, out } = checkAndConvert(started);
    expect(code).toBe(0);
    expect(report.channels.google?.records).toEqual({ read: 2, accepted: 2, rejected: 0 });
    const feed = readFileSync(join(out, 'google.tsv'), 'utf8');
    expect(feed).toContain(
      `19.95 ${currency}`.replace('19.95', feed.includes('199.00') ? '199.00' : '19.95'),
    );
    expect(feed).toMatch(/\tin_stock\t[\s\S]*\tout_of_stock\t/);
  });

  it('says which required fields it found no column for, as a comment and on stderr', () => {
    const started = init('SKU,Name,Price\na,Hat,12.50\nb,Cap,9.50\n');
    expect(started.yaml).toMatch(/^ {2}# link: required by google; no column like /m);
    expect(started.yaml).toMatch(
      /^ {2}# brand: required by google; no column like .* \(or a constant: brand: \{ value: … \}\)$/m,
    );
    expect(started.stderr).toMatch(
      /no column found for link, image_link, description, availability, brand|no column found for/,
    );
    const { code, report, rejects } = checkAndConvert(started, ['--force']);
    expect(code).toBe(0);
    expect(report.channels.google?.records).toEqual({ read: 2, accepted: 0, rejected: 2 });
    expect(new Set(rejects.map((r) => r.issue_type))).toEqual(new Set(['missing-required']));
  });

  it('guesses fields from values when the column names say nothing', () => {
    const text = [
      'c1,c2,c3,c4,c5,c6,c7',
      'k-1,Red beanie,5701234000013,23.14 EUR,https://shop.example/p/k-1,https://cdn.example/k-1.jpg,Acme',
      'k-2,Blue scarf,5701234000020,19.00 EUR,https://shop.example/p/k-2,https://cdn.example/k-2.png,Acme',
    ].join('\n');
    const { mapping, yaml } = init(`${text}\n`);
    expect(from(mapping, 'gtin')).toBe('c3');
    expect(from(mapping, 'price')).toBe('c4');
    expect(from(mapping, 'link')).toBe('c5');
    expect(from(mapping, 'image_link')).toBe('c6');
    expect(mapping.source?.currency).toBe('EUR');
    expect(yaml).toMatch(/gtin: .* # check: guessed from the values: valid GTINs/);
  });

  it('proposes extraction in the language of the file for the attributes it found no column for', () => {
    const text = [
      'Varenummer;Navn;Beskrivelse;Pris;Lagerstatus;Mærke;Link;Billede;Farve',
      'S-1;Herre T-shirt i økologisk bomuld;Blød og behagelig.;199,00;På lager;Acme;https://shop.example/p/s-1;https://shop.example/i/s-1.jpg;sort',
      'S-2;Dame strik cardigan i uld, str. M;Varm til vinteren.;399,00;På lager;Acme;https://shop.example/p/s-2;https://shop.example/i/s-2.jpg;',
    ].join('\n');
    const started = init(`${text}\n`);
    // Farve is a column: the supplier's colour stays the supplier's, never a guess.
    expect(started.mapping.extract).toEqual({
      language: 'da',
      fields: ['material', 'pattern', 'size', 'gender', 'age_group'],
    });
    const { code, report } = checkAndConvert(started);
    expect(code).toBe(0);
    expect(report.extraction?.fields.gender).toEqual({ supplier: 0, extracted: 2, empty: 0 });
    expect(report.extraction?.fields.material).toEqual({ supplier: 0, extracted: 2, empty: 0 });
    expect(report.extraction?.fields.size).toEqual({ supplier: 0, extracted: 1, empty: 1 });
  });

  it('leaves an unknown enumeration value as a comment, and the mapping still checks', () => {
    const started = init('sku,title,gender\na,Hat,Herre\nb,Cap,Firma\n');
    expect(started.mapping.fields.gender).toEqual({ from: 'gender', map: { Herre: 'male' } });
    expect(started.yaml).toMatch(/# Firma: \? # not recognised: one of male, female, unisex/);
    expect(cli(['check', started.mappingPath]).code).toBe(0);
  });

  it('proposes yes/no stock columns both ways, and uses stock counts with the stock transform', () => {
    const yesNo = init('sku,title,In stock?\na,Hat,1\nb,Cap,1\n').mapping;
    expect(yesNo.fields.availability).toEqual({
      from: 'In stock?',
      map: { 1: 'in_stock', 0: 'out_of_stock' },
    });
    const counts = init('sku,title,qty\na,Hat,3\nb,Cap,0\nc,Top,12\n').mapping;
    expect(counts.fields.availability).toEqual({ from: 'qty', pipe: ['stock'] });
    expect(counts.fields.quantity).toEqual({ from: 'qty', pipe: ['number'] });
  });

  it('splits a cell of several image URLs into the image and the additional images', () => {
    const started = init(
      'SKU,Name,Description,Regular price,Brand,Images,Link,Stock\n' +
        'a,Hat,Warm,12.5,Acme,"https://cdn.example/a1.jpg, https://cdn.example/a2.jpg, https://cdn.example/a3.jpg",https://shop.example/a,5\n' +
        'b,Cap,Cool,9.5,Acme,https://cdn.example/b1.jpg,https://shop.example/b,7\n',
    );
    const { code, out } = checkAndConvert(started);
    expect(code).toBe(0);
    const rows = parseCsv(readFileSync(join(out, 'google.tsv'), 'utf8'), {
      delimiter: '\t',
      columns: true,
    }) as Array<Record<string, string>>;
    expect(rows[0]?.image_link).toBe('https://cdn.example/a1.jpg');
    expect(rows[0]?.additional_image_link).toBe('https://cdn.example/a2.jpg,https://cdn.example/a3.jpg');
    expect(rows[1]?.image_link).toBe('https://cdn.example/b1.jpg');
  });

  it('proposes variants for a Shopify-shaped export, so variant rows take the product values', () => {
    const started = init(
      'Handle,Title,Body (HTML),Vendor,Variant SKU,Variant Price,Variant Inventory Qty,Image Src\n' +
        'cap,Cap,<p>Warm</p>,Acme,CAP-S,10,3,https://cdn.example/cap.jpg\n' +
        'cap,,,,CAP-M,10,0,\n' +
        'hat,Hat,<p>Wide</p>,Acme,HAT-1,20,5,https://cdn.example/hat.jpg\n',
    );
    expect(started.mapping.variants).toEqual({ handle: 'Handle', fill: ['Image Src'] });
    expect(from(started.mapping, 'link')).toBe('Handle');
    const { code, report, out } = checkAndConvert(started);
    expect(code).toBe(0);
    expect(report.channels.google?.records).toEqual({ read: 3, accepted: 3, rejected: 0 });
    const rows = parseCsv(readFileSync(join(out, 'google.tsv'), 'utf8'), {
      delimiter: '\t',
      columns: true,
    }) as Array<Record<string, string>>;
    const medium = rows.find((r) => r.id === 'CAP-M');
    expect(medium).toMatchObject({ title: 'Cap', brand: 'Acme', item_group_id: 'cap' });
    expect(medium?.link).toBe('https://shop.example.com/products/cap');
  });

  it('proposes filters for rows not in the shop and for picture rows, so they count as excluded', () => {
    const started = init(
      'Handle,Title,Body (HTML),Vendor,Status,Variant SKU,Variant Price,Variant Inventory Qty,Image Src\n' +
        'cap,Cap,<p>Warm</p>,Acme,active,CAP-S,10,3,https://cdn.example/cap.jpg\n' +
        'cap,,,,active,,,,https://cdn.example/cap-2.jpg\n' +
        'old,Old hat,<p>Old</p>,Acme,archived,OLD-1,20,0,https://cdn.example/old.jpg\n' +
        'new,New hat,<p>New</p>,Acme,draft,NEW-1,30,4,https://cdn.example/new.jpg\n' +
        'top,Top,<p>Light</p>,Acme,active,TOP-1,15,2,https://cdn.example/top.jpg\n',
    );
    expect(started.mapping.filters).toEqual([
      {
        exclude: 'empty(column("Variant SKU")) and empty(column("Variant Price"))',
        reason: 'no id and no price (a further picture or a continuation row)',
      },
      {
        exclude: 'Status == "archived" or Status == "draft"',
        reason: 'not published (Status archived, draft)',
      },
    ]);
    expect(started.yaml).toContain('# check: 2 of 5 rows');
    const { code, report } = checkAndConvert(started);
    expect(code).toBe(0);
    expect(report.channels.google?.records).toEqual({ read: 5, accepted: 2, rejected: 3 });
    expect(report.channels.google?.issues.map((i) => [i.type, i.count])).toEqual([['excluded', 3]]);
  });

  it('proposes no filter when every row is published and has an id', () => {
    const started = init('sku,title,price,published\na,Hat,12.50,1\nb,Cap,9.50,1\n');
    expect(started.mapping.filters).toBeUndefined();
  });

  it('writes to stdout without -o, and refuses to overwrite a file without --force', () => {
    const dir = tempDir('feedkit-init-');
    const path = join(dir, 'in.csv');
    writeFileSync(path, 'sku,title\na,Hat\n');
    const printed = cli(['init', path]);
    expect(printed.code).toBe(0);
    expect((parse(printed.stdout) as MappingFile).fields.id).toBe('sku');
    const target = join(dir, 'm.yaml');
    writeFileSync(target, 'keep me');
    const refused = cli(['init', path, '-o', target]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/exists; use --force/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect(cli(['init', path, '-o', target, '--force']).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toMatch(/^ {2}id: sku$/m);
  });

  it('refuses an unknown channel with exit 2', () => {
    const result = cli(['init', DANISH, '--channel', 'gogle']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown channel "gogle"/);
  });
});

describe('feedkit init guesses nothing that corrupts data (issue 14)', { timeout: 60_000 }, () => {
  it('a gender column value that is an age group (Børn) gives age_group, not gender', () => {
    const started = init({ path: 'fixtures/inputs/onboard/boern-da.csv' });
    expect(started.mapping.fields.gender).toEqual({
      from: 'Køn',
      map: { Herre: 'male', Dame: 'female', Børn: '' },
    });
    expect(started.mapping.fields.age_group).toEqual({
      from: 'Køn',
      when: 'column("Køn") == "Børn"',
      map: { Børn: 'kids' },
    });
    const { code, out } = checkAndConvert(started);
    expect(code).toBe(0);
    const rows = readFileSync(join(out, 'google.tsv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const header = rows[0] as string[];
    const pick = (row: string[]) => [row[0], row[header.indexOf('gender')], row[header.indexOf('age_group')]];
    expect(rows.slice(1).map(pick)).toEqual([
      ['BB-1', '', 'kids'],
      ['BB-2', 'male', ''],
      ['BB-3', 'female', ''],
      ['BB-4', '', 'kids'],
    ]);
  });

  it('an Akeneo-like export: units from the values, \\n as line breaks, one language, images on their CDN', () => {
    const started = init({ path: 'fixtures/inputs/onboard/akeneo-export.csv' });
    const { mapping, yaml } = started;
    // 700 GRAM is 700 g, never 700 kg.
    expect(yaml).toContain('shipping_weight: # the unit from the values: GRAM → g, KILOGRAM → kg');
    // Literal \n become line breaks before strip_html.
    expect(mapping.fields.description).toEqual({
      from: 'description-de_DE-ecommerce',
      pipe: [{ replace: { from: '\\n', to: '\n' } }, 'strip_html', { truncate: 5000 }],
    });
    expect(yaml).toContain("description: # in de_DE, the file's main language (also: en_US)");
    expect(from(mapping, 'title')).toBe('name-de_DE');
    // Relative image paths resolve against the host of the column's own URLs, not the shop's.
    expect(mapping.fields.image_link).toEqual({
      from: 'image',
      pipe: [{ absolute_url: 'https://cdn.pim.example.net' }],
    });
    expect(mapping.extract?.language).toBe('de');
    const { out, rejects } = checkAndConvert(started);
    const rows = readFileSync(join(out, 'google.tsv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    expect(rows.slice(1).map((r) => [r[0], r[col('shipping_weight')], r[col('image_link')]])).toEqual([
      ['AK-1', '700 g', 'https://cdn.pim.example.net/media/ak-1.jpg'],
      ['AK-2', '250 g', 'https://cdn.pim.example.net/media/ak-2.jpg'],
    ]);
    expect(rows[1]?.[col('description')]).toBe('Kegelmahlwerk aus Stahl. Für 20 Mahlgrade.');
    // AK-3 has only an English description: it is not mixed into the German feed.
    expect(rejects.map((r) => [r.record_key, r.issue_type, r.field])).toEqual([
      ['AK-3', 'missing-required', 'description'],
      ['AK-4', 'excluded', ''],
    ]);
  });
});

describe('feedkit init on a Shopify export (issue 14)', { timeout: 60_000 }, () => {
  it("carries status and option names from each product's first row, so drafts are excluded and variants get colour and size", () => {
    const started = init(
      'Handle,Title,Body (HTML),Vendor,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Price,Variant Inventory Qty,Image Src,Status\n' +
        'tee,Tee,<p>Soft</p>,Acme,TRUE,Color,Red,Size,S,TEE-R-S,10,3,https://cdn.example/tee.jpg,active\n' +
        'tee,,,,,,Red,,M,TEE-R-M,10,3,,\n' +
        'tee,,,,,,Blue,,S,TEE-B-S,10,0,,\n' +
        'coat,Coat,<p>Warm</p>,Acme,FALSE,Size,M,,,COAT-M,90,2,https://cdn.example/coat.jpg,draft\n' +
        'coat,,,,,,L,,,COAT-L,90,2,,\n',
    );
    expect(started.mapping.variants).toEqual({
      handle: 'Handle',
      fill: ['Status', 'Published', 'Option1 Name', 'Option2 Name', 'Image Src'],
    });
    expect(started.mapping.options).toEqual([
      { name: 'Option1 Name', value: 'Option1 Value' },
      { name: 'Option2 Name', value: 'Option2 Value' },
    ]);
    expect(started.mapping.filters?.map((f) => f.reason)).toEqual([
      'not published (Published FALSE)',
      'not published (Status draft)',
    ]);
    const { code, report, out } = checkAndConvert(started);
    expect(code).toBe(0);
    expect(report.channels.google?.records).toEqual({ read: 5, accepted: 3, rejected: 2 });
    const rows = parseCsv(readFileSync(join(out, 'google.tsv'), 'utf8'), {
      delimiter: '\t',
      columns: true,
    }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.id, r.color, r.size])).toEqual([
      ['TEE-R-S', 'Red', 'S'],
      ['TEE-R-M', 'Red', 'M'],
      ['TEE-B-S', 'Blue', 'S'],
    ]);
  });
});
