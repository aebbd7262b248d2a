import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { FULL_GC_BYTES, fullCollection, HeapPacer } from '../../src/pipeline/heap-pacer.js';

describe('HeapPacer', () => {
  it('collects once per FULL_GC_BYTES of merged input, not per batch', () => {
    let collections = 0;
    const pacer = new HeapPacer(FULL_GC_BYTES, () => collections++);
    // 40 batches of 1 MiB: 16 MiB, 32 MiB pass; the last 8 MiB wait for the next collection.
    for (let i = 0; i < 40; i++) pacer.merged(1 << 20);
    expect(collections).toBe(2);
    // One batch larger than the pace collects at once, and the count starts again after it.
    pacer.merged(FULL_GC_BYTES * 3);
    expect(collections).toBe(3);
    pacer.merged(FULL_GC_BYTES - 1);
    expect(collections).toBe(3);
  });

  it('a one-batch run never collects', () => {
    let collections = 0;
    new HeapPacer(FULL_GC_BYTES, () => collections++).merged(200_000);
    expect(collections).toBe(0);
  });
});

describe('fullCollection', () => {
  it('runs a full GC: an object no one holds is gone after it', async () => {
    let held: object | undefined = { payload: new Uint8Array(1 << 20) };
    const ref = new WeakRef(held);
    held = undefined;
    // A WeakRef keeps its target until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    fullCollection();
    expect(ref.deref()).toBeUndefined();
  });

  it('leaves --expose-gc off: new contexts get no gc()', () => {
    fullCollection();
    fullCollection();
    expect(runInNewContext('typeof gc')).toBe('undefined');
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
