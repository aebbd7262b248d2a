import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import { FeedkitError } from '../model/errors.js';

/**
 * A file written beside its target under a temporary name and renamed into place only on
 * `publish()`: a crashed or failed run leaves the previous file untouched. With `direct`, the
 * file is written under its own name (inside a generation folder, which no reader sees until
 * it is published whole). A `.gz` target is gzip-compressed.
 */
export class AtomicFile {
  readonly temp: string;
  private readonly file: WriteStream;
  private readonly head: WriteStream | Gzip;
  private failure: Error | undefined;

  constructor(
    readonly target: string,
    direct = false,
  ) {
    this.temp = direct
      ? target
      : join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    this.file = createWriteStream(this.temp);
    this.file.on('error', (error) => {
      this.failure = error;
    });
    if (target.endsWith('.gz')) {
      // Level 1: on two cores gzip competes with the workers, and level 6 cost three times the
      // CPU for files 30 % smaller (200k OpenAI items: 21 MB against 15 MB).
      // 256 KiB output chunks: at the default 16 KiB, stream bookkeeping cost a quarter of the CPU.
      const gzip = createGzip({ level: 1, chunkSize: 256 * 1024 });
      gzip.on('error', (error) => {
        this.failure = error;
      });
      gzip.pipe(this.file);
      this.head = gzip;
    } else {
      this.head = this.file;
    }
  }

  /** Write text or bytes; resolves when the stream can take more. */
  async write(data: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.error();
    if (!this.head.write(data)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.head.off('error', onError);
          resolve();
        };
        const onError = (error: Error) => {
          this.head.off('drain', onDrain);
          reject(error);
        };
        this.head.once('drain', onDrain);
        this.head.once('error', onError);
      });
    }
  }

  /** Flush and close the temporary file (it is not in place yet). */
  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.file.once('close', resolve);
      this.file.once('error', reject);
      this.head.end();
    });
    if (this.failure) throw this.error();
  }

  /** The closed temporary file and the name it takes when published. */
  renames(): Array<{ temp: string; target: string }> {
    return [{ temp: this.temp, target: this.target }];
  }

  /** Move the closed temporary file into place. */
  async publish(): Promise<void> {
    if (this.temp !== this.target) await rename(this.temp, this.target);
  }

  /** Close (if needed) and remove the temporary file; the target is left as it was. */
  async discard(): Promise<void> {
    // The file is opened asynchronously: wait until the stream is closed, or an open still in
    // flight would create the temporary file after it was removed.
    const closed = this.file.closed
      ? Promise.resolve()
      : new Promise<void>((resolve) => this.file.once('close', () => resolve()));
    this.head.destroy();
    this.file.destroy();
    await closed;
    await rm(this.temp, { force: true });
  }

  private error(): FeedkitError {
    return new FeedkitError('output-failed', `cannot write ${this.target}: ${this.failure?.message}`, {
      file: this.target,
    });
  }
}
