import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/config/load.js';
import { FeedkitErrors, formatError } from '../../src/model/errors.js';
import { cachedReadiness } from '../../src/readiness/cache.js';
import { categoryTable } from '../../src/readiness/categories.js';
import { checkRules, loadReadiness, READINESS_FILE, readReadiness } from '../../src/readiness/load.js';
import { ROOT } from '../helpers/run.js';

const text = readFileSync(READINESS_FILE, 'utf8');

function problems(edited: string): string[] {
  try {
    checkRules(parseYaml('readiness.yaml', edited));
  } catch (error) {
    if (error instanceof FeedkitErrors) return error.errors.map(formatError);
    throw error;
  }
  return [];
}

describe('readiness rules as data', () => {
  it('the bundled rules pass their schema; every rule has a reason and a source, and is documented', () => {
    const { rules } = loadReadiness();
    expect(rules.rules.length).toBeGreaterThan(20);
    const page = readFileSync(join(ROOT, 'docs/readiness.md'), 'utf8');
    for (const rule of rules.rules) {
      expect(rule.reason.length, rule.id).toBeGreaterThan(10);
      expect(rule.source, rule.id).toMatch(/\S/);
      expect(page, rule.id).toContain(`| \`${rule.id}\` | ${rule.points} |`);
    }
  });

  it('a broken rules file is refused with the place of each problem', () => {
    const bad = text
      .replace('points: 10', 'points: ten')
      .replace('fields: [gtin, brand, mpn]', 'fields: [gtin, brnd, mpn]')
      .replace('categories: [apparel, home]', 'categories: [apparel, garden]');
    const found = problems(bad);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(
      /readiness\.yaml:\d+:\d+ readiness rules: \/rules\/0\/points must be integer/,
    );
    const fixedPoints = problems(bad.replace('points: ten', 'points: 10')).join('\n');
    expect(fixedPoints).toMatch(
      /readiness\.yaml:\d+:\d+ unknown canonical field "brnd".*\(did you mean "brand"\?\)/,
    );
    expect(fixedPoints).toMatch(/unknown category "garden"/);
    expect(fixedPoints).toContain('[readiness-invalid]');
  });

  it('the build’s cache (npm run build) holds what reading and checking the files gives', () => {
    const cached = cachedReadiness();
    const read = readReadiness();
    expect(cached, 'built').toBeDefined();
    expect(cached?.rules).toEqual(read.rules);
    expect(cached?.categories.english).toEqual(read.categories.english);
    expect(
      Buffer.from(cached?.categories.localized.bytes ?? []).equals(
        Buffer.from(read.categories.localized.bytes),
      ),
    ).toBe(true);
    // A worker gets the bundle as a structured clone: the bytes, not the getter, and finds
    // the other locales' paths in them.
    const clone = structuredClone(cached?.categories);
    expect(clone).toEqual(read.categories);
    expect(categoryTable(clone as NonNullable<typeof clone>).place('Tøj og tilbehør')).toMatchObject({
      top: 166,
      depth: 1,
    });
  });

  it('the category table reads ids, English and Danish paths: top level, depth, leaf', () => {
    const table = categoryTable(loadReadiness().categories);
    expect(table.place('212')).toEqual({ top: 166, depth: 3, leaf: true, name: 'Shirts & Tops' });
    expect(table.place('Apparel & Accessories > Clothing')).toMatchObject({
      top: 166,
      depth: 2,
      leaf: false,
    });
    expect(table.place('Tøj og tilbehør')).toMatchObject({ top: 166, depth: 1, leaf: false });
    expect(table.place('Clothing')).toBeUndefined();
    expect(table.place('999999999')).toBeUndefined();
  });
});
