import { describe, expect, it } from 'vitest';
import { readLater } from '../../src/model/read-later.js';

describe('readLater', () => {
  it('reads nothing until a key is asked for, then once for every key; a structured clone holds the values', () => {
    let reads = 0;
    const lists = readLater(['ids', 'paths'], () => {
      reads++;
      return { ids: '1\n2', paths: new Uint8Array([65, 10, 66]) };
    });
    expect(reads).toBe(0);
    expect(lists.ids).toBe('1\n2');
    expect([...lists.paths]).toEqual([65, 10, 66]);
    expect(lists.ids).toBe('1\n2');
    expect(reads).toBe(1);
    const copy = structuredClone(lists);
    expect(Object.getOwnPropertyDescriptor(copy, 'ids')).toMatchObject({ value: '1\n2' });
    expect([...copy.paths]).toEqual([65, 10, 66]);
    expect(reads).toBe(1);
  });
});
