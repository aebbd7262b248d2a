import { describe, expect, it } from 'vitest';
import { StampHash } from '../../src/model/stamp-hash.js';

describe('StampHash', () => {
  it('names an input by 16 hex digits, the same each time, and tells every one-character change apart', () => {
    const text = JSON.stringify({ type: 'object', properties: { id: { type: 'string' } } });
    const whole = new StampHash().update(text).digest();
    expect(whole).toMatch(/^[0-9a-f]{16}$/);
    expect(new StampHash().update(text).digest()).toBe(whole);
    // Bytes at every offset of their buffer (the words are read aligned or not).
    const bytes = new TextEncoder().encode(text);
    for (let offset = 0; offset < 4; offset++) {
      const copy = new Uint8Array(bytes.length + offset);
      copy.set(bytes, offset);
      expect(new StampHash().update(copy.subarray(offset)).digest()).toBe(whole);
    }
    const seen = new Set([whole]);
    for (let i = 0; i < text.length; i++) {
      for (const c of ['a', '0', ' ', 'é']) {
        const changed = `${text.slice(0, i)}${c}${text.slice(i + 1)}`;
        if (changed !== text) seen.add(new StampHash().update(changed).digest());
      }
    }
    // Every distinct changed text (a replacement by the same character is no change) hashed apart.
    const distinct = new Set<string>();
    for (let i = 0; i < text.length; i++)
      for (const c of ['a', '0', ' ', 'é']) distinct.add(`${text.slice(0, i)}${c}${text.slice(i + 1)}`);
    distinct.delete(text);
    expect(seen.size).toBe(distinct.size + 1);
    expect(new StampHash().update(new Uint8Array([1, 2, 3])).digest()).not.toBe(
      new StampHash().update(new Uint8Array([1, 2, 4])).digest(),
    );
    expect(new StampHash().update(new Uint8Array([1])).digest()).not.toBe(
      new StampHash().update(new Uint8Array([1, 0])).digest(),
    );
  });
});
