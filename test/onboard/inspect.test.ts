import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { InputProfile } from '../../src/onboard/profile.js';
import { cli, tempDir } from '../helpers/run.js';

const DANISH = 'fixtures/inputs/onboard/havbris-da.csv';

/** Write `text` (or bytes) to a temporary file and return its path. */
function input(text: string | Buffer, name = 'input.csv'): string {
  const path = join(tempDir('feedkit-inspect-'), name);
  writeFileSync(path, text);
  return path;
}

function inspectJson(path: string): InputProfile {
  const result = cli(['inspect', path, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as InputProfile;
}

function warning(profile: InputProfile, type: string, column?: string) {
  return profile.warnings.find((w) => w.type === type && (column === undefined || w.column === column));
}

describe('feedkit inspect', { timeout: 30_000 }, () => {
  it('reads the dialect of a Danish windows-1252 file: semicolons, decimal commas', () => {
    const profile = inspectJson(DANISH);
    expect(profile.encoding).toBe('windows-1252');
    expect(profile.delimiter).toBe(';');
    expect(profile.decimal).toBe(',');
    expect(profile.records).toBe(16);
    const names = profile.columns.map((c) => c.name);
    expect(names).toContain('Mærke');
    expect(names).toContain('Størrelse');
    const stand = profile.columns.find((c) => c.name === 'Stand');
    expect(stand?.values).toEqual([
      { value: 'Ny', count: 14 },
      { value: 'Brugt', count: 1 },
      { value: 'Renoveret', count: 1 },
    ]);
    expect(profile.columns.find((c) => c.name === 'EAN')?.type).toBe('gtin');
    expect(profile.columns.find((c) => c.name === 'Pris inkl. moms')?.type).toBe('decimal');
    expect(profile.columns.find((c) => c.name === 'Produktlink')?.type).toBe('url');
    expect(profile.columns.find((c) => c.name === 'Billede')?.type).toBe('relative_url');
    expect(profile.columns.find((c) => c.name === 'Ekstra billeder')?.list_separator).toBe('|');
  });

  it('--json gives the profile with every documented key', () => {
    const profile = inspectJson(DANISH);
    expect(Object.keys(profile).sort()).toEqual(
      [
        'columns',
        'decimal',
        'delimiter',
        'encoding',
        'format',
        'gzip',
        'lines',
        'path',
        'records',
        'warnings',
      ].sort(),
    );
    const column = profile.columns[0];
    for (const key of [
      'name',
      'filled',
      'fill',
      'distinct',
      'distinct_capped',
      'samples',
      'type',
      'max_length',
      'kinds',
    ])
      expect(column).toHaveProperty(key);
    for (const w of profile.warnings)
      expect(Object.keys(w).sort()).toEqual(['column', 'count', 'examples', 'message', 'type']);
  });

  it('prints a table and the warnings for people', () => {
    const result = cli(['inspect', DANISH]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/windows-1252, semicolon-delimited, decimal ","/);
    expect(result.stdout).toMatch(/^column +fill +distinct +type +samples$/m);
    expect(result.stdout).toMatch(/^Stand +100% +3 +text +Ny \(14\) \| Brugt \(1\) \| Renoveret \(1\)$/m);
    expect(result.stdout).toMatch(/\[mangled-gtin\]/);
  });

  it('warns about mangled GTINs', () => {
    const profile = inspectJson(input('sku,ean\na,5701234000013\nb,5.70123E+12\nc,5701234000020\n'));
    expect(warning(profile, 'mangled-gtin', 'ean')).toMatchObject({ count: 1, examples: ['5.70123E+12'] });
  });

  it('warns about GTINs with a wrong check digit', () => {
    const profile = inspectJson(input('sku,ean\na,5701234000013\nb,5701234000014\nc,5701234000020\n'));
    expect(warning(profile, 'invalid-gtin', 'ean')).toMatchObject({ count: 1, examples: ['5701234000014'] });
  });

  it('warns about mixed decimal styles in a column', () => {
    const profile = inspectJson(input('sku;pris\na;12,50\nb;13.75\nc;1.299,95\nd;8\n'));
    expect(warning(profile, 'mixed-decimal', 'pris')?.count).toBe(1);
    expect(profile.decimal).toBe('mixed');
  });

  it('warns about HTML in text, and not about plain text', () => {
    const profile = inspectJson(
      input('sku,title,description\na,Hat,"<p>Warm <b>hat</b></p>"\nb,Socks &amp; more,Plain words\n'),
    );
    expect(warning(profile, 'html-in-text', 'description')?.count).toBe(1);
    expect(warning(profile, 'html-in-text', 'title')?.examples).toEqual(['Socks &amp; more']);
    expect(profile.columns.find((c) => c.name === 'sku')?.kinds.html).toBe(0);
  });

  it('warns about relative URLs', () => {
    const profile = inspectJson(input('sku,image\na,/img/a.jpg\nb,https://cdn.example/b.jpg\nc,img/c.png\n'));
    expect(warning(profile, 'relative-url', 'image')).toMatchObject({
      count: 2,
      examples: ['/img/a.jpg', 'img/c.png'],
    });
  });

  it('warns about duplicate keys in a key-like column only', () => {
    const profile = inspectJson(input('SKU,Colour\nA-1,red\nA-2,red\nA-1,blue\nA-3,red\n'));
    expect(warning(profile, 'duplicate-key', 'SKU')).toMatchObject({ count: 1, examples: ['A-1'] });
    expect(warning(profile, 'duplicate-key', 'Colour')).toBeUndefined();
  });

  it('warns about a duplicate column name instead of failing', () => {
    const profile = inspectJson(input('sku,name,name\na,b,c\n'));
    expect(warning(profile, 'duplicate-column')?.message).toMatch(/duplicate column name "name"/);
    expect(profile.columns.map((c) => c.name)).toEqual(['sku', 'name', 'name']);
  });

  it('counts ragged rows and still reads the rest', () => {
    const profile = inspectJson(input('sku,title\na,Hat\nb\nc,Cap\n'));
    expect(profile.records).toBe(3);
    expect(warning(profile, 'ragged-row')?.count).toBe(1);
    expect(profile.columns[1]?.filled).toBe(2);
  });

  it('counts distinct values exactly up to 10,000, then says "at least"', () => {
    const rows = Array.from({ length: 10_050 }, (_, i) => `sku-${i},${i % 3}`);
    const path = input(gzipSync(Buffer.from(`sku,bucket\n${rows.join('\n')}\n`)), 'big.csv.gz');
    const profile = inspectJson(path);
    expect(profile.gzip).toBe(true);
    expect(profile.records).toBe(10_050);
    const sku = profile.columns[0];
    expect(sku).toMatchObject({ distinct: 10_000, distinct_capped: true, fill: 1 });
    expect(profile.columns[1]?.values?.map((v) => v.count)).toEqual([3350, 3350, 3350]);
    // Keys are checked over the whole input, past the distinct cap.
    expect(warning(profile, 'duplicate-key')).toBeUndefined();
    expect(cli(['inspect', path]).stdout).toMatch(/^sku +100% +≥10000 +text/m);
  });

  it('refuses XML with a clear message and exit 3', () => {
    const result = cli(['inspect', 'fixtures/inputs/xml/google-rss.xml']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/this is XML: inspect and init read delimited text/);
  });

  it('exits 3 for a missing input', () => {
    const result = cli(['inspect', 'no/such/file.csv']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/input file not found/);
  });
});
