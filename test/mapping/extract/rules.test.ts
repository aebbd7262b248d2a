import { describe, expect, it } from 'vitest';
import { extract, fromTitle } from './extract.js';

describe('extract: rules', () => {
  it('never replaces a value the mapping made, even one that disagrees with the text', () => {
    const supplier = {
      title: 'Herre T-shirt i økologisk bomuld, sort, str. XL',
      color: 'Navy',
      material: 'polyester',
      gender: 'female',
      size: 'M',
    };
    const { product, filled } = extract('da', supplier);
    expect(product).toMatchObject({ color: 'Navy', material: 'polyester', gender: 'female', size: 'M' });
    expect(product.age_group).toBe('adult');
    expect(filled).toEqual(['age_group']);
  });

  it('fills only the fields listed', () => {
    const { product, filled } = extract(
      'de',
      { title: 'Herren Hemd aus Leinen, weiß, Gr. 42' },
      { fields: ['color', 'size'] },
    );
    expect(product).toEqual({ title: 'Herren Hemd aus Leinen, weiß, Gr. 42', color: 'white', size: '42' });
    expect(filled).toEqual(['color', 'size']);
  });

  it('reads the text fields in the order given', () => {
    const text = { title: 'Jacket, black', product_type: 'Clothing > Jackets > Red' };
    expect(extract('en', text).product.color).toBe('black');
    expect(extract('en', text, { from: ['product_type', 'title'] }).product.color).toBe('red');
  });

  it('reads several languages, the first listed winning where they differ', () => {
    expect(fromTitle(['sv', 'en'], 'Dam regnjacka, yellow')).toMatchObject({
      gender: 'female',
      color: 'yellow',
    });
    // "rosa" is pink in Swedish and German alike; "orange" is the same word in all four.
    expect(fromTitle(['en', 'de'], 'Tasse rosa, mug orange').color).toBe('pink/orange');
  });

  it('keeps phrases together only across spaces and hyphens', () => {
    expect(fromTitle('da', 'Gryde, rustfrit-stål')).toEqual({ material: 'stainless steel' });
    // A comma ends the phrase: "rustfrit" alone is nothing, "stål" is steel.
    expect(fromTitle('da', 'Gryde, rustfrit, stål')).toEqual({ material: 'steel' });
  });

  it('leaves a record without text as it is', () => {
    expect(extract('en', { title: 'Gift card' }).filled).toEqual([]);
    expect(extract('en', { id: 'A1', title: '' }, { from: ['title'] }).filled).toEqual([]);
  });

  it('reads gender words in every combination as one value', () => {
    expect(fromTitle('en', "Men's and women's socks").gender).toBe('unisex');
    expect(fromTitle('en', 'Unisex hoodie for men').gender).toBe('unisex');
    expect(fromTitle('sv', 'Pojkar och flickor, barn').gender).toBe('unisex');
  });
});
