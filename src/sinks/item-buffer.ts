/**
 * Serialized items of one channel, encoded to UTF-8 as they are produced: no strings kept
 * until the end of a batch, no join, no second pass to measure byte lengths. One buffer per
 * channel and worker, reused from batch to batch.
 */
export class ItemBuffer {
  // Small at first, doubled as a batch needs: a run makes one per channel and a start-up page-
  // faults every fresh byte (1 MiB each was ~10 ms of a one-row run).
  private bytes = new Uint8Array(1 << 16);
  private length = 0;
  private ends: number[] = [];
  private readonly encoder = new TextEncoder();

  /** Append one serialized item. */
  push(text: string): void {
    // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
    const room = text.length * 3;
    if (this.bytes.length - this.length < room) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + room));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.length += this.encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
    this.ends.push(this.length);
  }

  /** The items so far, as a fresh transferable buffer with the end offset of each; then empty. */
  take(): { data: Uint8Array; ends: Uint32Array } {
    const data = this.bytes.slice(0, this.length);
    const ends = Uint32Array.from(this.ends);
    this.length = 0;
    this.ends = [];
    return { data, ends };
  }
}
