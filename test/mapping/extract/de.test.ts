import { describe, expect, it } from 'vitest';
import { fromTitle } from './extract.js';

describe('extract: German', () => {
  it('reads gender, material, colour and a marked size from a jumper title', () => {
    expect(fromTitle('de', 'Damen Strickpullover aus Merinowolle, dunkelblau, Gr. M')).toEqual({
      gender: 'female',
      age_group: 'adult',
      material: 'merino wool',
      color: 'dark blue',
      size: 'M',
    });
  });

  it('reads every adjective ending', () => {
    for (const title of [
      'Schwarz',
      'Schwarze Lederjacke',
      'Herren Jeans in schwarzem Denim',
      'Ein schwarzer Gürtel',
      'Schwarzes Kleid',
    ]) {
      expect(fromTitle('de', title).color, title).toBe('black');
    }
    expect(fromTitle('de', 'Weißes Hemd, weiss').color).toBe('white');
  });

  it('reads compounds that are themselves the material', () => {
    expect(fromTitle('de', 'Kochtopf Edelstahl 24 cm mit Glasdeckel')).toEqual({
      material: 'stainless steel',
    });
    expect(fromTitle('de', 'Kinder T-Shirt aus Bio-Baumwolle, gestreift, Größe 122/128')).toEqual({
      age_group: 'kids',
      material: 'organic cotton',
      pattern: 'striped',
      size: '122/128',
    });
  });

  it('does not read colours inside other words', () => {
    expect(fromTitle('de', 'Rotor für Rasenmäher, Rotwein-Dekanter, Schwarzwälder Schinken')).toEqual({});
    expect(fromTitle('de', 'Schwarzer Tee, Assam, 500 g')).toEqual({});
  });

  it('reads boys and girls as kids with their gender', () => {
    expect(fromTitle('de', 'Mädchen Sommerkleid geblümt, rosa')).toEqual({
      gender: 'female',
      age_group: 'kids',
      pattern: 'floral',
      color: 'pink',
    });
  });

  it('joins up to three colours, primary first', () => {
    expect(fromTitle('de', 'Sneaker weiß/rot/blau/grün')).toEqual({ color: 'white/red/blue' });
  });
});
