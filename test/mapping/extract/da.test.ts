import { describe, expect, it } from 'vitest';
import { extract, fromTitle } from './extract.js';

describe('extract: Danish', () => {
  it('reads gender, material and colour from a T-shirt title', () => {
    expect(fromTitle('da', 'Herre T-shirt i økologisk bomuld, sort')).toEqual({
      gender: 'male',
      age_group: 'adult',
      material: 'organic cotton',
      color: 'black',
    });
  });

  it('reads inflected colours and a marked size', () => {
    expect(fromTitle('da', 'Damekjole med sorte prikker, str. 38')).toEqual({
      color: 'black',
      pattern: 'polka dot',
      size: '38',
    });
    expect(fromTitle('da', 'Strikhue til børn, mørkeblå/hvid, one size')).toEqual({
      color: 'dark blue/white',
      age_group: 'kids',
      size: 'one size',
    });
  });

  it('reads multi-word materials before their last word', () => {
    expect(fromTitle('da', 'Termokande i rustfrit stål, 1 liter')).toEqual({ material: 'stainless steel' });
    expect(fromTitle('da', 'Stegepande i støbejern med træhåndtag')).toEqual({ material: 'cast iron' });
  });

  it('gives unisex when both men and women are named', () => {
    expect(fromTitle('da', 'Regnjakke Herre/Dame, gul, str. XL')).toMatchObject({
      gender: 'unisex',
      color: 'yellow',
      size: 'XL',
    });
  });

  it('matches whole words only', () => {
    expect(fromTitle('da', 'Sortiment af julepynt, rødkålssalat og grønsager')).toEqual({});
    expect(fromTitle('da', 'Herrecykel 28" med 7 gear')).toEqual({});
  });

  it('reads the description when the title names nothing', () => {
    const { product, filled } = extract('da', {
      title: 'Classic Polo',
      description: 'Polo i 100% bomuld. Farve: navy. Fås i størrelse S-XXL.',
    });
    expect(product).toMatchObject({ color: 'navy', material: 'cotton' });
    expect(filled).toEqual(['color', 'material']);
  });

  it('takes a field from the title alone when the title names it', () => {
    const { product } = extract('da', {
      title: 'Chinos, beige',
      description: 'Flotte chinos, der passer perfekt til en hvid skjorte og sorte sko.',
    });
    expect(product.color).toBe('beige');
  });

  it('leaves a measure after a size word alone', () => {
    expect(fromTitle('da', 'Sengetæppe størrelse 140 x 200 cm')).toEqual({});
    expect(fromTitle('da', 'Plakat, størrelse 50x70')).toEqual({});
  });
});
