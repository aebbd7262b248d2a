import { describe, expect, it } from 'vitest';
import { fromTitle } from './extract.js';

describe('extract: Swedish', () => {
  it('reads a kids rain jacket with colour and size', () => {
    expect(fromTitle('sv', 'Barn regnjacka svart, storlek 122')).toEqual({
      age_group: 'kids',
      color: 'black',
      size: '122',
    });
  });

  it('reads inflected colours and patterns', () => {
    expect(fromTitle('sv', 'Randiga strumpor, röda och vita, strl 37-40')).toEqual({
      pattern: 'striped',
      color: 'red/white',
      size: '37-40',
    });
    // "rött vin" is the drink, not the glass's colour.
    expect(fromTitle('sv', 'Rött vin-glas')).toEqual({ material: 'glass' });
    expect(fromTitle('sv', 'Rött glas')).toEqual({ color: 'red', material: 'glass' });
  });

  it('reads men and women, and materials', () => {
    expect(fromTitle('sv', 'Herr skjorta i lin, ljusblå, stl. L')).toEqual({
      gender: 'male',
      age_group: 'adult',
      material: 'linen',
      color: 'light blue',
      size: 'L',
    });
    expect(fromTitle('sv', 'Dam ullkappa i ull och kashmir, grå')).toEqual({
      gender: 'female',
      age_group: 'adult',
      material: 'wool/cashmere',
      color: 'grey',
    });
    expect(fromTitle('sv', 'Stekpanna i rostfritt stål, 28 cm')).toEqual({ material: 'stainless steel' });
  });

  it('leaves compounds and a vest top alone', () => {
    expect(fromTitle('sv', 'Svartvit fotobok')).toEqual({});
    expect(fromTitle('sv', 'Linne med spets')).toEqual({});
  });
});
