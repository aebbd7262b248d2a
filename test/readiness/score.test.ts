import { describe, expect, it } from 'vitest';
import { loadChannel } from '../../src/channels/definition.js';
import type { CanonicalProduct } from '../../src/model/canonical.js';
import { compileReadiness } from '../../src/readiness/compile.js';
import { loadReadiness } from '../../src/readiness/load.js';

const data = loadReadiness();
const google = loadChannel('google');
const NOW = Date.parse('2026-12-01T00:00Z');
const forty = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');

function score(product: CanonicalProduct) {
  const compiled = compileReadiness(data, [{ fields: google.definition.fields, schema: google.schema }], NOW);
  const value = compiled.score(0, product);
  const states = compiled.states(0);
  const by = Object.fromEntries(data.rules.rules.map((rule, r) => [rule.id, states[r]]));
  return { value, by, counts: compiled.take()[0] };
}

const shirt: CanonicalProduct = {
  id: 'A1',
  title: 'Nordisk Uld merino shirt, grey',
  brand: 'Nordisk Uld',
  gtin: ['5701234000013'],
  description: forty,
  image_link: 'https://example.com/a.jpg',
  additional_image_link: ['https://example.com/b.jpg'],
  google_product_category: '212',
  price: { amount: 899, currency: 'DKK' },
  availability: 'in_stock',
  color: 'grey',
  size: 'M',
  material: 'merino wool',
  gender: 'female',
};

describe('readiness score, rule by rule', () => {
  it('an apparel product with two images and no age group or pattern: 81 of 91 points', () => {
    const { value, by, counts } = score(shirt);
    // Passed: identifiers 10, title 4+4+3+3, description 8+2+2+2+2, image 6, category 8+3+2,
    // colour 4, size 4, material 3, gender 3, price 4, availability 4 = 81.
    // Failed: three images 6 (one missing), age group 3, pattern 1. Variants and sale dates do not apply.
    expect(by).toMatchObject({
      identifiers: 0,
      'title-brand': 0,
      'title-type': 0,
      'title-attribute': 0,
      'title-length': 0,
      'description-length': 0,
      'description-caps': 0,
      'description-html': 0,
      'description-promo': 0,
      'description-not-title': 0,
      image: 0,
      'images-apparel-home': 1,
      category: 0,
      'category-depth': 0,
      'category-leaf': 0,
      'apparel-color': 0,
      'apparel-size': 0,
      'apparel-material': 0,
      'apparel-gender': 0,
      'apparel-age-group': 1,
      'apparel-pattern': 1,
      'home-color': -1,
      'electronics-brand': -1,
      'variants-linked': -1,
      price: 0,
      availability: 0,
      'sale-dates': -1,
    });
    expect(value).toBeCloseTo((100 * 81) / 91, 10);
    expect(counts?.products).toBe(1);
    expect(counts?.buckets[8]).toBe(1);
    expect(counts?.good).toBe(1);
    const images = data.rules.rules.findIndex((rule) => rule.id === 'images-apparel-home');
    expect(counts?.lost[images]).toBeCloseTo((100 * 6) / 91, 10);
    expect(counts?.amount[images]).toBe(1);
  });

  it('a bare record: shouting title as description, HTML and promotion, no category', () => {
    const { value, by } = score({
      id: 'B1',
      title: 'SOCKS 3-PACK',
      description: '<P>SOCKS 3-PACK</P> FREE SHIPPING',
      gtin: ['5701234000014'],
      brand: 'Acme',
      price: { amount: 0, currency: 'DKK' },
      sale_price: { amount: 5, currency: 'DKK' },
      item_group_id: 'SOCKS',
    });
    expect(by).toMatchObject({
      identifiers: 1, // bad check digit, no MPN
      'title-brand': 1,
      'title-type': 1, // no product type nor category to name
      'title-attribute': 0, // a number (3-pack)
      'title-length': 0,
      'description-length': 1,
      'description-caps': 1,
      'description-html': 1,
      'description-promo': 1,
      'description-not-title': 0, // not equal: the HTML and the promotion differ
      image: 1,
      'images-apparel-home': -1, // no category: the category's rules do not apply
      category: 1,
      'category-depth': -1,
      'category-leaf': -1,
      'apparel-color': -1,
      'variants-linked': 1, // grouped without options
      price: 1,
      availability: 1,
      'sale-dates': 1, // the sale price is not below the price
    });
    // Applying: identifiers 10, title 14, description 16, image 6, category 8, variants 4,
    // price 4, availability 4, sale dates 2 = 68; passed: title-attribute 3, title-length 3,
    // description-not-title 2 = 8.
    expect(value).toBeCloseTo((100 * 8) / 68, 10);
  });

  it('a description equal to the title, a top-level category, an ended sale, a localized path', () => {
    const { by } = score({
      ...shirt,
      description: 'Nordisk Uld merino shirt, grey',
      google_product_category: 'Tøj og tilbehør',
      sale_price: { amount: 500, currency: 'DKK' },
      sale_price_effective_date: { end: '2026-11-30T23:59Z', end_ms: Date.parse('2026-11-30T23:59Z') },
    });
    expect(by).toMatchObject({
      'description-not-title': 1,
      category: 0,
      'category-depth': 1,
      'category-leaf': 1,
      'title-type': 1,
      'apparel-color': 0,
      'sale-dates': 1,
    });
  });

  it('description length: 30 to 1,000 words, separated by any white space', () => {
    const words = (n: number, gap = ' ') => Array.from({ length: n }, (_, i) => `w${i}`).join(gap);
    const length = (description: string) => score({ title: 'T', description }).by['description-length'];
    expect(length(words(29))).toBe(1);
    expect(length(words(30, '\n'))).toBe(0);
    expect(length(`  ${words(30, ' \t ')}  `)).toBe(0);
    expect(length(words(1000))).toBe(0);
    expect(length(words(1001))).toBe(1);
  });

  it('a channel without a field leaves its rules out; the title limit is the channel’s', () => {
    const compiled = compileReadiness(
      data,
      [
        { fields: [{ name: 'title', from: 'title' }], schema: { properties: { title: { maxLength: 10 } } } },
        { fields: [{ name: 'name', from: 'title' }], schema: {} },
      ],
      NOW,
    );
    const product = { title: 'Nordisk Uld merino shirt' };
    const narrow = compiled.score(0, product);
    const length = data.rules.rules.findIndex((rule) => rule.id === 'title-length');
    expect(compiled.states(0)[length]).toBe(1);
    expect(compiled.score(1, product)).toBeGreaterThan(narrow);
    expect(compiled.states(1)[length]).toBe(0);
    const color = data.rules.rules.findIndex((rule) => rule.id === 'identifiers');
    expect(compiled.applies[0]?.[color]).toBe(false);
  });
});
