import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Requalifier, type RequalifyMode } from '../sinks/qualifier.js';

/**
 * Rewrite a closed temporary feed file in place (through a second temporary file beside it),
 * gunzipping and gzipping again when `gzip`. One sequential pass, constant memory; only files
 * whose values hold a `"` ever need it.
 */
export async function requalifyFile(path: string, mode: RequalifyMode, gzip: boolean): Promise<void> {
  const requalifier = new Requalifier(mode);
  const temp = `${path}.requalify`;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, requalifier.push(chunk));
    },
    flush(done) {
      done(null, requalifier.end());
    },
  });
  try {
    const streams: Array<NodeJS.ReadableStream | NodeJS.WritableStream> = [createReadStream(path)];
    if (gzip) streams.push(createGunzip());
    streams.push(transform);
    if (gzip) streams.push(createGzip({ level: 1, chunkSize: 256 * 1024 }));
    streams.push(createWriteStream(temp));
    await pipeline(streams);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
