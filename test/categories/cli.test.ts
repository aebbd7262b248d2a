import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { cli, ROOT, tempDir } from '../helpers/run.js';

const SUPPLIER = join(ROOT, 'fixtures/cases/example/supplier.csv');
const EXAMPLE = readFileSync(join(ROOT, 'mappings/example.yaml'), 'utf8');

/** The example mapping in a temp folder, its google_product_category read from a lookup table beside it. */
function mappingWithLookup(dir: string): string {
  const path = join(dir, 'mapping.yaml');
  writeFileSync(
    path,
    `${EXAMPLE.replace(/^# yaml-language-server.*\n/, '')}  google_product_category:\n    from: Kategori\n    pipe: [{ lookup: { file: categories.csv, missing: drop } }]\n`,
  );
  return path;
}

describe('feedkit categories', { timeout: 60_000 }, () => {
  it('proposes ids for the example (Danish, windows-1252) on stdout, language guessed', () => {
    const { code, stdout, stderr } = cli(['categories', SUPPLIER, '--mapping', 'mappings/example.yaml']);
    expect(stderr).toContain('feedkit: language: da (Danish), guessed');
    expect(code).toBe(0);
    const rows = parse(stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'category',
      'id',
      'proposed_id',
      'path',
      'confidence',
      'records',
      'sample_title',
    ]);
    // Nine distinct categories; the discontinued record is filtered out, the ragged one unreadable.
    expect(rows.map((row) => row.category).sort()).toEqual(
      [
        'Bolig/Plaider',
        'Tilbehør/Huer',
        'Tilbehør/Tørklæder',
        'Tilbehør/Vanter',
        'Tøj/Frakker',
        'Tøj/Jakker',
        'Tøj/Sokker',
        'Tøj/Strømper',
        'Tøj/Trøjer',
      ].sort(),
    );
    expect(stderr).toContain('9 categories in 13 records (1 excluded by filters, 1 unreadable)');
    const byKey = new Map(rows.map((row) => [row.category, row]));
    expect(byKey.get('Tøj/Trøjer')?.records).toBe('2');
    expect(byKey.get('Tøj/Sokker')).toMatchObject({
      id: '209',
      proposed_id: '209',
      sample_title: 'Sokker & strømper, 3-pak',
    });
    expect(byKey.get('Tøj/Jakker')?.id).toBe('5598');
    // Below the threshold: id empty for review, the proposal kept beside it.
    const hats = byKey.get('Tilbehør/Huer');
    expect(hats?.id).toBe('');
    expect(hats?.proposed_id).not.toBe('');
    expect(Number(hats?.confidence)).toBeLessThan(0.5);
    // Nothing matched: no proposal, no confidence.
    expect(byKey.get('Bolig/Plaider')).toMatchObject({ id: '', proposed_id: '', confidence: '' });
    expect(stderr).toContain('to use it: google_product_category: { from: Kategori, pipe: [{ lookup:');
  });

  it('writes a lookup table that convert uses: the ids pass Google’s taxonomy check', () => {
    const dir = tempDir();
    const mapping = mappingWithLookup(dir);
    const table = join(dir, 'categories.csv');
    const run = cli(['categories', SUPPLIER, '-m', mapping, '-o', table, '--lang', 'da']);
    expect(run.stderr).toContain("keys as google_product_category's lookup step (categories.csv) sees them");
    expect(run.code).toBe(0);
    const rows = parse(readFileSync(table), { columns: true }) as Record<string, string>[];
    const expected = rows.filter((row) => row.id !== '').reduce((sum, row) => sum + Number(row.records), 0);
    expect(expected).toBeGreaterThan(0);

    const out = join(dir, 'out');
    const convert = cli(['convert', SUPPLIER, '-m', mapping, '--out', out, '--channel', 'google']);
    expect(convert.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    const google = report.channels.google;
    expect(google?.issues.map((issue) => issue.type)).not.toContain('invalid-category');
    expect(google?.category).toEqual({
      field: 'google_product_category',
      valid: expected,
      share: Math.round((expected / (google?.records.read ?? 1)) * 10000) / 10000,
    });
    const feed = readFileSync(join(out, 'google.tsv'), 'utf8');
    expect(feed).toContain('\t209\t');
  });

  it('keeps an existing table unless --force', () => {
    const dir = tempDir();
    const table = join(dir, 'categories.csv');
    writeFileSync(table, 'category,id\nTøj/Trøjer,212\n');
    const refused = cli(['categories', SUPPLIER, '-m', 'mappings/example.yaml', '-o', table]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('exists (it may hold reviewed ids); --force replaces it');
    expect(readFileSync(table, 'utf8')).toBe('category,id\nTøj/Trøjer,212\n');
    const forced = cli(['categories', SUPPLIER, '-m', 'mappings/example.yaml', '-o', table, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(table, 'utf8')).toMatch(/^category,id,proposed_id/);
  });

  it('usage errors: an unknown language, a mapping with no category', () => {
    const lang = cli(['categories', SUPPLIER, '-m', 'mappings/example.yaml', '--lang', 'fr']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('Allowed choices are da, de, en, sv');
    const dir = tempDir();
    const mapping = join(dir, 'mapping.yaml');
    writeFileSync(mapping, 'fields:\n  id: Varenummer\n  title: Navn\n');
    const none = cli(['categories', SUPPLIER, '-m', mapping]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('the mapping fills neither product_type nor google_product_category');
  });
});
