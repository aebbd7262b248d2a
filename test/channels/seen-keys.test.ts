import { describe, expect, it } from 'vitest';
import { SeenKeys } from '../../src/channels/seen-keys.js';

describe('SeenKeys', () => {
  it('says whether a key was seen, across growth', () => {
    const seen = new SeenKeys();
    for (let i = 0; i < 50_000; i++) expect(seen.add(`SKU-${i}`)).toBe(true);
    for (let i = 0; i < 50_000; i += 7) expect(seen.add(`SKU-${i}`)).toBe(false);
    expect(seen.add('')).toBe(true);
    expect(seen.add('')).toBe(false);
    expect(seen.add('DK-1001 ')).toBe(true);
    expect(seen.size).toBe(50_002);
  });

  it('tells apart keys that differ only in case, accents or order', () => {
    const seen = new SeenKeys();
    for (const key of ['ab', 'ba', 'AB', 'æb', 'a b', 'ab\u0000']) expect(seen.add(key)).toBe(true);
  });
});
