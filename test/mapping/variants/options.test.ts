import { describe, expect, it } from 'vitest';
import { addOption, optionField, parseOptions } from '../../../src/mapping/variants/options.js';

describe('variant options', () => {
  it('names that mean colour, size, material and pattern, in several languages', () => {
    expect(['Color', 'colour', 'Farbe', 'Farve', 'Färg', ' Couleur '].map(optionField)).toEqual(
      Array(6).fill('color'),
    );
    expect(['Size', 'Größe', 'Størrelse', 'Storlek', 'Taille'].map(optionField)).toEqual(
      Array(5).fill('size'),
    );
    expect(optionField('Material')).toBe('material');
    expect(optionField('Mønster')).toBe('pattern');
    expect(optionField('Logo')).toBeUndefined();
  });

  it("keeps other options under their own name, skips empties and Shopify's Default Title", () => {
    const options: Record<string, string> = {};
    addOption(options, 'Farbe', ' Navy ');
    addOption(options, 'Logo', 'Yes');
    addOption(options, 'Title', 'Default Title');
    addOption(options, 'Size', '');
    addOption(options, 'Color', 'Red'); // the first value of a name wins
    expect(options).toEqual({ color: 'Navy', Logo: 'Yes' });
  });

  it('reads name=value lists and JSON objects', () => {
    expect(parseOptions('size=XS,color=Black')).toEqual({ size: 'XS', color: 'Black' });
    expect(parseOptions('Größe: 42; Farbe: Rot')).toEqual({ size: '42', color: 'Rot' });
    expect(parseOptions('{"Color":"Blue","Logo":"No"}')).toEqual({ color: 'Blue', Logo: 'No' });
    expect(parseOptions('no pairs here')).toBeUndefined();
  });
});
