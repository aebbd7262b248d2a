/**
 * The set of item keys a channel feed already holds, for "first one wins" duplicate
 * detection across the whole input. Keys are kept as 64-bit hashes in an open-addressing
 * table (8 bytes a key) rather than as strings (50–80 bytes a key in a Set), so memory stays
 * near flat as inputs grow: 1M keys take 16 MiB, 3M keys 32 MiB.
 *
 * Two different keys with the same 64-bit hash would make the second look like a duplicate;
 * for 3 million keys the chance of that is about 1 in 4 million.
 */
export class SeenKeys {
  private table = new Uint32Array(2 * 1024);
  private mask = 1023;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Add a key; returns false when it was already there. */
  add(key: string): boolean {
    hashKey(key, scratch, 0);
    return this.addHash(scratch[0] as number, scratch[1] as number);
  }

  /** Add a key by its {@link hashKey} pair (computed where the key was made, e.g. in a worker). */
  addHash(h1: number, h2: number): boolean {
    let slot = h1 & this.mask;
    for (;;) {
      const a = this.table[2 * slot] as number;
      const b = this.table[2 * slot + 1] as number;
      if (a === 0 && b === 0) break;
      if (a === h1 && b === h2) return false;
      slot = (slot + 1) & this.mask;
    }
    this.table[2 * slot] = h1;
    this.table[2 * slot + 1] = h2;
    this.count++;
    if (this.count * 4 > (this.mask + 1) * 3) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let i = 0; i < old.length; i += 2) {
      const a = old[i] as number;
      const b = old[i + 1] as number;
      if (a === 0 && b === 0) continue;
      let slot = a & this.mask;
      while ((this.table[2 * slot] as number) !== 0 || (this.table[2 * slot + 1] as number) !== 0) {
        slot = (slot + 1) & this.mask;
      }
      this.table[2 * slot] = a;
      this.table[2 * slot + 1] = b;
    }
  }
}

const scratch = new Uint32Array(2);

/** Write the key's 64-bit hash as two 32-bit halves into `out` at `at`; never (0, 0). */
export function hashKey(key: string, out: Uint32Array, at: number): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 = (h1 ^ (h1 >>> 16)) >>> 0;
  // 0 marks an empty slot, so a hash pair of (0, 0) is moved aside.
  out[at] = h1;
  out[at + 1] = (h2 | (h1 === 0 ? 1 : 0)) >>> 0;
}
