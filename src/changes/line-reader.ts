import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a text file, read in chunks of 256 KiB (a merge reads dozens at once): `head` is the current line (undefined at
 * the end), `next()` moves on. A loop awaits only when a chunk runs out, not once per line.
 */
export class LineCursor {
  private lines: string[] = [];
  private at = 0;
  private rest = '';
  private done = false;
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly decoder = new StringDecoder('utf8');

  private constructor(path: string) {
    this.chunks = createReadStream(path, { highWaterMark: 256 << 10 })[Symbol.asyncIterator]();
  }

  /** A cursor on the file's first line; a missing file is one with no lines. */
  static async open(path: string): Promise<LineCursor> {
    const cursor = new LineCursor(path);
    try {
      await cursor.fill();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      cursor.done = true;
      cursor.lines = [];
    }
    return cursor;
  }

  /** The current line, without its line break. */
  get head(): string | undefined {
    return this.lines[this.at];
  }

  /** Move to the next line. */
  async next(): Promise<void> {
    this.at++;
    if (this.at >= this.lines.length) await this.fill();
  }

  private async fill(): Promise<void> {
    this.lines = [];
    this.at = 0;
    while (this.lines.length === 0 && !this.done) {
      const chunk = await this.chunks.next();
      const text = chunk.done ? this.rest + this.decoder.end() : this.rest + this.decoder.write(chunk.value);
      if (chunk.done) {
        this.done = true;
        this.rest = '';
        if (text !== '') this.lines = [text];
        return;
      }
      const cut = text.lastIndexOf('\n');
      if (cut < 0) {
        this.rest = text;
        continue;
      }
      this.lines = text.slice(0, cut).split('\n');
      this.rest = text.slice(cut + 1);
    }
  }

  /** Stop reading (the file is closed). */
  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}
