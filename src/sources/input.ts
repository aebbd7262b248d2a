import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { SourceSettings } from '../config/mapping.js';
import { FeedkitError } from '../model/errors.js';
import { type HttpOptions, isUrl, openHttp } from './http.js';

/** Text encodings feedkit reads. UTF-16 input is transcoded to UTF-8 while reading. */
export const ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-1', 'utf-16le', 'utf-16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** What a mapping's `encoding` setting (of the source or a join file) asks for: `latin1` is ISO-8859-1. */
export function encodingSetting(setting: SourceSettings['encoding']): Encoding | 'auto' {
  return setting === 'latin1' ? 'iso-8859-1' : (setting ?? 'auto');
}

/** How the input's bytes were found to be. */
export interface InputInfo {
  /** Path as given (`-` for standard input). */
  path: string;
  /** True when the input was gzip-compressed (detected by its magic bytes). */
  gzip: boolean;
  /** Encoding of the original bytes. */
  encoding: Encoding;
  /** Encoding of the bytes {@link OpenedInput.chunks} yields (UTF-16 becomes UTF-8). */
  chunkEncoding: Encoding;
  /** Why {@link InputInfo.encoding} was chosen: the mapping, a byte-order mark, or what the head's bytes say. */
  encodingReason: string;
  /** Byte-order mark found and removed, if any. */
  bom?: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** For a URL: the validators the server sent, for the next conditional GET. */
  download?: { etag?: string; lastModified?: string };
  /**
   * How far reading has come: bytes read of the file or download as stored (compressed, for
   * gzip), and its size where known (a file's, or the Content-Length); for progress lines.
   */
  progress(): { bytes: number; total?: number };
}

export interface OpenedInput {
  info: InputInfo;
  /** The first bytes (at least {@link HEAD_BYTES} unless the input is shorter), BOM removed. */
  head: Buffer;
  /** All bytes, head included, BOM removed, in {@link InputInfo.chunkEncoding}. */
  chunks: AsyncIterable<Buffer>;
  /**
   * Stop reading: releases the file or the download. For a reader that stops before the end
   * (an error); harmless after it. Standard input is left open: it is not the input's to close.
   */
  close(): void;
}

/** How much is read before sniffing encoding and dialect. */
export const HEAD_BYTES = 1 << 20;
/** Chunk size of file reads. */
export const READ_CHUNK = 1 << 20;

/**
 * Open an input file (or `-` for stdin), undo gzip, find the BOM and the encoding.
 * `encoding` from the mapping overrides the sniffing; `auto` keeps valid UTF-8 as UTF-8
 * and reads anything else as windows-1252.
 */
export async function openInput(
  path: string,
  encoding: Encoding | 'auto',
  stdin?: Readable,
  http?: HttpOptions,
): Promise<OpenedInput> {
  let raw: Readable;
  let download: { etag?: string; lastModified?: string } | undefined;
  let progress: InputInfo['progress'];
  if (isUrl(path)) {
    const fetched = await openHttp(path, http);
    raw = fetched.body;
    download = { etag: fetched.etag, lastModified: fetched.lastModified };
    progress = fetched.progress;
  } else {
    const opened = await openRaw(path, stdin);
    raw = opened.stream;
    const total = opened.total;
    // fs read streams count their bytes (standard input redirected from a file is one too).
    const counted = raw as Readable & { bytesRead?: number };
    progress = () => ({ bytes: counted.bytesRead ?? 0, total });
  }
  const reader = bufferedReader(raw, path);
  let head = await reader.readAtLeast(4);
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  let source: AsyncIterator<Buffer>;
  const owned: Readable[] = path === '-' ? [] : [raw];
  if (gzip) {
    const gunzip = createGunzip();
    owned.unshift(gunzip);
    const fed = feed(reader.rest(), gunzip, path);
    const inner = bufferedReader(gunzip, path, fed);
    head = await inner.readAtLeast(HEAD_BYTES);
    source = inner.rest();
  } else {
    head = await reader.readAtLeast(HEAD_BYTES);
    source = reader.rest();
  }
  let bom: InputInfo['bom'];
  let found: Encoding | undefined;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    bom = 'utf-8';
    found = 'utf-8';
  } else if (head[0] === 0xff && head[1] === 0xfe) {
    bom = 'utf-16le';
    found = 'utf-16le';
  } else if (head[0] === 0xfe && head[1] === 0xff) {
    bom = 'utf-16be';
    found = 'utf-16be';
  }
  const skip = bom === undefined ? 0 : bom === 'utf-8' ? 3 : 2;
  const body = head.subarray(skip);
  const judged = encoding !== 'auto' || found !== undefined ? undefined : judgeUtf8(body);
  const chosen: Encoding =
    encoding !== 'auto' ? encoding : (found ?? (judged?.utf8 ? 'utf-8' : 'windows-1252'));
  const info: InputInfo = {
    path,
    gzip,
    encoding: chosen,
    chunkEncoding: chosen,
    progress,
    encodingReason:
      encoding !== 'auto'
        ? 'set in the mapping'
        : found !== undefined
          ? `byte-order mark (${found})`
          : (judged?.reason ?? ''),
    bom,
    download,
  };
  let chunks: AsyncIterable<Buffer> = prepend(body, source);
  let outHead = body;
  if (chosen === 'utf-16le' || chosen === 'utf-16be') {
    info.chunkEncoding = 'utf-8';
    chunks = transcode(chunks, chosen);
    outHead = Buffer.from(new TextDecoder(chosen).decode(body.subarray(0, body.length & ~1)), 'utf8');
  }
  const close = () => {
    for (const stream of owned) stream.destroy();
  };
  return { info, head: outHead, chunks, close };
}

async function openRaw(path: string, stdin?: Readable): Promise<{ stream: Readable; total?: number }> {
  if (path === '-') return { stream: stdin ?? process.stdin };
  let size: number;
  try {
    const info = await stat(path);
    size = info.size;
    if (info.isDirectory()) {
      throw new FeedkitError('input-unreadable', `input is a directory, not a file: ${path}`, { file: path });
    }
  } catch (error) {
    if (error instanceof FeedkitError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new FeedkitError('input-missing', `input file not found: ${path}`, { file: path });
    throw new FeedkitError('input-unreadable', `cannot read input ${path}: ${code ?? String(error)}`, {
      file: path,
    });
  }
  return { stream: createReadStream(path, { highWaterMark: READ_CHUNK }), total: size };
}

/**
 * UTF-8 or not, judged on the head's bytes above 0x7F. Valid UTF-8 is UTF-8. Otherwise the
 * valid multi-byte sequences are weighed against the bytes that fit none: text in a single-byte
 * encoding almost never forms a valid sequence (`é` in windows-1252 is one byte 0xE9 followed by
 * a letter), so a file with more valid sequences than stray bytes is UTF-8 with a few bad bytes,
 * whose records are then rejected as `bad-encoding` rather than every `é` becoming `Ã©`.
 */
export function judgeUtf8(bytes: Uint8Array): { utf8: boolean; reason: string } {
  let valid = 0;
  let invalid = 0;
  const length = bytes.length;
  for (let i = 0; i < length; ) {
    const byte = bytes[i] as number;
    if (byte < 0x80) {
      i++;
      continue;
    }
    const size =
      byte >= 0xc2 && byte <= 0xdf
        ? 2
        : byte >= 0xe0 && byte <= 0xef
          ? 3
          : byte >= 0xf0 && byte <= 0xf4
            ? 4
            : 0;
    // A sequence cut off by the end of the sample is not held against the file.
    if (size > 0 && i + size > length) break;
    let ok = size > 0;
    for (let k = 1; ok && k < size; k++) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (ok && size === 3) {
      const second = bytes[i + 1] as number;
      // Overlong forms and UTF-16 surrogates are not UTF-8.
      ok = !(byte === 0xe0 && second < 0xa0) && !(byte === 0xed && second >= 0xa0);
    } else if (ok && size === 4) {
      const second = bytes[i + 1] as number;
      ok = !(byte === 0xf0 && second < 0x90) && !(byte === 0xf4 && second >= 0x90);
    }
    if (ok) {
      valid++;
      i += size;
    } else {
      invalid++;
      i++;
    }
  }
  if (invalid === 0) return { utf8: true, reason: valid === 0 ? 'ASCII only' : 'valid UTF-8' };
  const counts = `${valid} valid multi-byte sequence${valid === 1 ? '' : 's'}, ${invalid} byte${invalid === 1 ? '' : 's'} that ${invalid === 1 ? 'is' : 'are'} not UTF-8`;
  return valid > invalid
    ? { utf8: true, reason: `mostly UTF-8: ${counts} (records with bad bytes are rejected)` }
    : { utf8: false, reason: `not UTF-8: ${counts}` };
}

function readError(error: unknown, path: string): FeedkitError {
  if (error instanceof FeedkitError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR') {
    return new FeedkitError('input-truncated', `gzip data is truncated or corrupt (${code})`, { file: path });
  }
  return new FeedkitError('input-unreadable', `cannot read input: ${code ?? (error as Error).message}`, {
    file: path,
  });
}

interface BufferedReader {
  readAtLeast(bytes: number): Promise<Buffer>;
  rest(): AsyncIterator<Buffer>;
}

/** Read a stream's first bytes, then hand on the rest (with what was read) as an iterator. */
function bufferedReader(stream: Readable, path: string, pending?: Promise<void>): BufferedReader {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let buffered: Buffer[] = [];
  let size = 0;
  let done = false;
  const next = async (): Promise<IteratorResult<Buffer>> => {
    try {
      const result = await iterator.next();
      if (result.done && pending) await pending;
      return result;
    } catch (error) {
      throw readError(error, path);
    }
  };
  return {
    async readAtLeast(bytes) {
      while (!done && size < bytes) {
        const result = await next();
        if (result.done) {
          done = true;
          break;
        }
        const chunk = Buffer.isBuffer(result.value) ? result.value : Buffer.from(result.value);
        buffered.push(chunk);
        size += chunk.length;
      }
      const head = Buffer.concat(buffered);
      buffered = [head];
      return head;
    },
    rest() {
      const first = buffered;
      buffered = [];
      let index = 0;
      return {
        async next() {
          if (index < first.length) return { done: false, value: first[index++] as Buffer };
          if (done) return { done: true, value: undefined };
          return next();
        },
      };
    },
  };
}

async function feed(source: AsyncIterator<Buffer>, sink: NodeJS.WritableStream, path: string): Promise<void> {
  try {
    for (;;) {
      const { done, value } = await source.next();
      if (done) break;
      if (!sink.write(value)) await new Promise((resolve) => sink.once('drain', resolve));
    }
    sink.end();
  } catch (error) {
    (sink as unknown as Readable).destroy(error instanceof Error ? error : readError(error, path));
  }
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncIterable<Buffer> {
  // The first chunk returned by `rest` is the head itself (buffered); skip it, yield the trimmed one.
  const first = await rest.next();
  if (first.done) {
    if (head.length > 0) yield head;
    return;
  }
  if (head.length > 0) yield head;
  for (;;) {
    const { done, value } = await rest.next();
    if (done) return;
    yield value;
  }
}

async function* transcode(
  chunks: AsyncIterable<Buffer>,
  encoding: 'utf-16le' | 'utf-16be',
): AsyncIterable<Buffer> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield Buffer.from(tail, 'utf8');
}
