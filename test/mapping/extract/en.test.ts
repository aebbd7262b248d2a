import { describe, expect, it } from 'vitest';
import { fromTitle } from './extract.js';

describe('extract: English', () => {
  it("reads a men's watch", () => {
    expect(fromTitle('en', "Men's stainless steel watch, black dial")).toEqual({
      gender: 'male',
      age_group: 'adult',
      material: 'stainless steel',
      color: 'black',
    });
  });

  it('reads a curly apostrophe as a straight one', () => {
    expect(fromTitle('en', 'Women’s Merino Wool Base Layer, Navy, Size S')).toEqual({
      gender: 'female',
      age_group: 'adult',
      material: 'merino wool',
      color: 'navy',
      size: 'S',
    });
  });

  it('reads standalone letter sizes, but not a range on offer', () => {
    expect(fromTitle('en', 'Chaz Kangeroo Hoodie-XS-Black').size).toBe('XS');
    expect(fromTitle('en', 'Zoltan Gym Tee-M-Green').size).toBe('M');
    expect(fromTitle('en', 'Vitamin B12, 60 tablets, family pack L').size).toBeUndefined();
    expect(fromTitle('en', 'Canon EOS M camera body').size).toBeUndefined();
    expect(fromTitle('en', 'Hoodie, available in S-XXL').size).toBeUndefined();
    expect(fromTitle('en', 'Hoodie, sizes XS/S').size).toBeUndefined();
    expect(fromTitle('en', 'Rain poncho, one size fits all').size).toBe('one size');
  });

  it('skips phrases that only look like attributes', () => {
    expect(fromTitle('en', 'Black Friday deal: espresso machine')).toEqual({});
    expect(fromTitle('en', 'Green tea, 100 bags')).toEqual({});
    expect(fromTitle('en', 'XLR cable, male to female, 3 m')).toEqual({});
    expect(fromTitle('en', 'Button-down shirt in Redmond plaid')).toEqual({ pattern: 'plaid' });
  });

  it('reads age groups', () => {
    expect(fromTitle('en', 'Newborn bodysuit, organic cotton, 2-pack')).toEqual({
      age_group: 'newborn',
      material: 'organic cotton',
    });
    expect(fromTitle('en', "Toddler girls' polka dot dress")).toEqual({
      age_group: 'toddler',
      gender: 'female',
      pattern: 'polka dot',
    });
  });

  it('leaves a measure after "size" alone', () => {
    expect(fromTitle('en', 'Queen size duvet cover, white')).toEqual({ color: 'white' });
    expect(fromTitle('en', 'Picture frame, size 30 x 40 cm')).toEqual({});
  });
});
