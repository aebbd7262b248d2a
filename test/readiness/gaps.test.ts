import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/run.js';

const forty = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
const SUPPLIER = `sku,title,description,brand,ean,category,color,size,material,gender,age_group,pattern,price,images
S-1,Acme wool shirt black M,${forty},Acme,5701234000013,212,black,M,,male,,,199.00,https://shop.example/1a.jpg|https://shop.example/1b.jpg|https://shop.example/1c.jpg
S-2,Acme linen shirt white L,${forty},Acme,5701234000020,212,white,L,,female,,,249.00,https://shop.example/2a.jpg|https://shop.example/2b.jpg|https://shop.example/2c.jpg
S-3,Acme silk shirt red S,${forty},Acme,5701234000037,212,red,S,silk,female,adult,solid,349.00,https://shop.example/3a.jpg|https://shop.example/3b.jpg|https://shop.example/3c.jpg
`;

const FIELDS = `  id: sku
  title: title
  description: description
  brand: brand
  gtin: { from: ean, pipe: [gtin] }
  google_product_category: category
  color: color
  size: size
  gender: gender
  price: { from: price, pipe: [price] }
  availability: { value: in_stock }
  image_link: { from: images, pipe: [{ split: "|" }, { join: "," }, { regex_replace: { pattern: ",.*", to: "" } }] }
  additional_image_link: { from: images, pipe: [{ split: "|" }] }
  link: { template: "https://shop.example/p/{{ sku }}" }
`;
const HEAD = 'source: { decimal: ".", currency: EUR }\nchannels: [google]\n';
const FIRST = `${HEAD}fields:\n${FIELDS}  material: material\n  age_group: age_group\n  pattern: pattern\n`;
// The recipe of docs/readiness.md: the filled sheet joined by id, each field read from the
// supplier's column first, then the sheet's.
const SECOND = `${HEAD}joins:
  - { path: gaps-filled.csv, on: sku, key: id, name: gaps, fields: [material, age_group, pattern] }
fields:
${FIELDS}  material: { from: [material, gaps.material] }
  age_group: { from: [age_group, gaps.age_group] }
  pattern: { from: [pattern, gaps.pattern] }
`;

function run(dir: string, mapping: string, out: string, extra: string[] = []) {
  writeFileSync(join(dir, `${out}.yaml`), mapping);
  const result = cli([
    'convert',
    join(dir, 'supplier.csv'),
    '-m',
    join(dir, `${out}.yaml`),
    '--out',
    join(dir, out),
    '--now',
    '2026-12-01T00:00Z',
    '--quiet',
    ...extra,
  ]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(readFileSync(join(dir, out, 'report.json'), 'utf8'));
}

describe('the fill-in sheet round trip', () => {
  it('convert → gaps.csv → filled → joined back: those products rise by the points of the rules they now pass', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'supplier.csv'), SUPPLIER);
    const gaps = join(dir, 'gaps.csv');
    const before = run(dir, FIRST, 'first', ['--gaps', gaps, '--gaps-below', '100']);
    const sheet = parse(readFileSync(gaps, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    // S-3 scores 100: no row. S-1 and S-2 lack material, age group and pattern.
    expect(sheet.map((row) => row.id)).toEqual(['S-1', 'S-2']);
    expect(sheet[0]).toMatchObject({
      title: 'Acme wool shirt black M',
      link: 'https://shop.example/p/S-1',
      to_fill: 'material; age_group (newborn|infant|toddler|kids|adult); pattern',
      material: '',
      age_group: '',
      pattern: '',
    });
    expect(before.readiness.gaps).toEqual({ file: gaps, below: 100, products: 2 });
    // Of the 91 points that apply to a shirt, material (3), age group (3) and pattern (1) are missing.
    const google = before.readiness.channels.google;
    expect(google.average).toBeCloseTo((2 * ((100 * 84) / 91) + 100) / 3, 1);

    // The content team fills the sheet in a spreadsheet.
    const filled = sheet.map((row) => ({ ...row, material: 'wool', age_group: 'adult', pattern: 'solid' }));
    writeFileSync(join(dir, 'gaps-filled.csv'), stringify(filled, { header: true }));
    const after = run(dir, SECOND, 'second');
    const rise = after.readiness.channels.google.average - google.average;
    expect(rise).toBeCloseTo((2 * ((100 * 7) / 91)) / 3, 1);
    expect(after.readiness.channels.google.average).toBe(100);
    expect(after.readiness.channels.google.fixes).toEqual([]);
    // The sheet is a source of its own, field by field.
    expect(before.readiness.sources.fields.material).toEqual({ supplier: 1 });
    expect(after.readiness.sources.fields).toMatchObject({
      material: { supplier: 1, sheet: 2 },
      age_group: { supplier: 1, sheet: 2 },
      pattern: { supplier: 1, sheet: 2 },
      title: { supplier: 3 },
      availability: { constant: 3 },
      link: { computed: 3 },
    });
    // The join says which records it matched.
    expect(after.joins).toMatchObject([{ name: 'gaps', rows: 2, matched: 2, unmatched: 1 }]);
  });

  it('--gaps needs readiness; --gaps-below needs --gaps', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'supplier.csv'), SUPPLIER);
    writeFileSync(join(dir, 'm.yaml'), FIRST);
    const base = ['convert', join(dir, 'supplier.csv'), '-m', join(dir, 'm.yaml'), '--out', join(dir, 'o')];
    const off = cli([...base, '--gaps', join(dir, 'g.csv'), '--no-readiness']);
    expect(off.code).toBe(2);
    expect(off.stderr).toContain('--gaps needs the readiness score');
    const alone = cli([...base, '--gaps-below', '90']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--gaps-below needs --gaps');
  });
});
