/**
 * A 64-bit hash (two 32-bit FNV-1a-like lanes over 32-bit words) for the stamps that tie a
 * build's caches to the files and schemas they were made from. Not cryptographic: it only
 * tells a changed input from an unchanged one, which node:crypto did at the cost of loading it
 * (~6 ms of every start). Words, not bytes: a start hashes ~0.5 MB of files and schemas.
 */
export class StampHash {
  private a = 0x811c9dc5;
  private b = 0x5bd1e995;
  private readonly encoder = new TextEncoder();

  /** Add a text (as UTF-8) or bytes. */
  update(data: string | Uint8Array): this {
    const given = typeof data === 'string' ? this.encoder.encode(data) : data;
    // Words are read in place, so from a copy when the bytes do not start on a word.
    const bytes = given.byteOffset % 4 === 0 ? given : given.slice();
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
    let { a, b } = this;
    const mix = (c: number) => {
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    };
    for (let w = 0; w < words.length; w++) mix(words[w] as number);
    for (let i = words.length * 4; i < bytes.length; i++) mix(bytes[i] as number);
    // The length, so that inputs ending in zero bytes differ from shorter ones.
    mix(bytes.length);
    this.a = a;
    this.b = b;
    return this;
  }

  /** The hash as 16 hex digits. */
  digest(): string {
    return `${(this.a >>> 0).toString(16).padStart(8, '0')}${(this.b >>> 0).toString(16).padStart(8, '0')}`;
  }
}
