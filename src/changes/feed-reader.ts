import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { SaxesParser } from 'saxes';
import type { ChannelDefinition } from '../channels/definition.js';
import { flattenProduct } from '../channels/unnest.js';
import { FeedkitError } from '../model/errors.js';
import { MAX_RECORD_BYTES, RecordCutter } from '../sources/csv/cutter.js';
import { readRecords } from '../sources/csv/parse-batch.js';

/**
 * Reading back a feed feedkit wrote, as the channel's items (field name → value), for
 * `feedkit diff`: TSV and CSV (a header row of field names), RSS XML (an element per field, a
 * list repeating its element), JSON Lines (an item per line) and the Agentic Commerce
 * Protocol's products.jsonl (a product per line, an item per variant). Streamed in batches.
 */

/** The formats feedkit writes, as channel definitions name them. */
export type FeedFormat = 'tsv' | 'csv' | 'rss' | 'jsonl' | 'acp';

/** An item read back: field name → its value (text, or a list where the format keeps lists). */
export type FeedItem = Record<string, unknown>;

/** The format of a feed file by its name (`.gz` aside), or undefined. */
export function feedFormatOf(path: string): FeedFormat | undefined {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.tsv') || name.endsWith('.txt')) return 'tsv';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.xml')) return 'rss';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

/** The file's bytes, gunzipped when they start with gzip's magic number. */
async function openBytes(path: string): Promise<Readable> {
  const file = await open(path).catch((error: NodeJS.ErrnoException) => {
    throw new FeedkitError(
      'input-missing',
      `cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.code}`,
      {
        file: path,
      },
    );
  });
  const magic = Buffer.alloc(2);
  await file.read(magic, 0, 2, 0);
  await file.close();
  const stream = createReadStream(path);
  return magic[0] === 0x1f && magic[1] === 0x8b ? stream.pipe(createGunzip()) : stream;
}

/** The first characters of a file (gunzipped), for telling formats and channels apart. */
export async function feedHead(path: string, chars = 1 << 16): Promise<string> {
  const stream = await openBytes(path);
  const decoder = new StringDecoder('utf8');
  let text = '';
  for await (const chunk of stream) {
    text += decoder.write(chunk as Buffer);
    if (text.length >= chars) break;
  }
  stream.destroy();
  return text;
}

/**
 * The names a feed's head shows: a delimited file's header cells, a JSON line's keys (`variants`
 * among them for acp), the elements of an XML file's first item.
 */
export function headNames(head: string, format: FeedFormat): string[] {
  const first = head.slice(0, head.indexOf('\n') < 0 ? undefined : head.indexOf('\n'));
  if (format === 'tsv' || format === 'csv') {
    const quote = first[0] === "'" ? "'" : '"';
    return first
      .split(format === 'tsv' ? '\t' : ',')
      .map((cell) => (cell.startsWith(quote) && cell.endsWith(quote) ? cell.slice(1, -1) : cell));
  }
  if (format === 'jsonl' || format === 'acp') {
    try {
      return Object.keys(JSON.parse(first) as object);
    } catch {
      return [];
    }
  }
  const item = /<item>([\s\S]*?)<\/item>/.exec(head)?.[1] ?? '';
  return [...item.matchAll(/<([\w.-]+(?::[\w.-]+)?)>/g)].map((m) => m[1] as string);
}

/** Items a batch holds before it is handed over. */
const BATCH = 2000;

/** The items of a feed of `format` written for `definition`, in batches. */
export async function* feedItems(
  path: string,
  format: FeedFormat,
  definition: ChannelDefinition,
): AsyncGenerator<FeedItem[]> {
  // A qualified file (Klarna) may use `'` as its qualifier: every cell, the header's too, starts with it.
  const quote =
    format === 'tsv' || format === 'csv' ? ((await feedHead(path, 1))[0] === "'" ? "'" : '"') : '"';
  const bytes = await openBytes(path);
  if (format === 'tsv' || format === 'csv') yield* delimitedItems(bytes, format, quote, path);
  else if (format === 'rss') yield* rssItems(bytes, definition, path);
  else yield* jsonItems(bytes, format, path);
}

async function* delimitedItems(bytes: Readable, format: 'tsv' | 'csv', quote: string, path: string) {
  const delimiter = format === 'tsv' ? '\t' : ',';
  const options = { delimiter, quote, relax_column_count: true, relax_quotes: true, bom: true };
  let names: string[] | undefined;
  const batch: FeedItem[] = [];
  const onRecord = (row: string[]) => {
    if (names === undefined) {
      names = row;
      return;
    }
    const item: FeedItem = {};
    for (let i = 0; i < names.length; i++) {
      const value = row[i];
      if (value !== undefined && value !== '') item[names[i] as string] = value;
    }
    batch.push(item);
  };
  try {
    if (quote !== '"') {
      // Only `"` has the fast cut; a `'`-qualified file (Klarna, rare and small) streams through csv-parse.
      for await (const row of bytes.pipe(parse(options)) as AsyncIterable<string[]>) {
        onRecord(row);
        if (batch.length >= BATCH) yield batch.splice(0);
      }
    } else {
      // The sources' cut: batches on record boundaries, plain records split in one pass.
      const cutter = new RecordCutter(delimiter.charCodeAt(0), 1 << 20, MAX_RECORD_BYTES, path);
      const read = (text: Buffer) => readRecords(text, delimiter.charCodeAt(0), options, onRecord);
      for await (const chunk of bytes)
        for (const cut of cutter.push(chunk as Buffer)) {
          read(cut);
          yield batch.splice(0);
        }
      const last = cutter.end();
      if (last !== undefined) read(last);
    }
  } catch (error) {
    throw unreadable(path, error);
  }
  if (batch.length > 0) yield batch;
}

async function* rssItems(bytes: Readable, definition: ChannelDefinition, path: string) {
  const prefix = definition.outputs.find((o) => o.format === 'rss')?.namespace?.prefix;
  const fieldOf = new Map<string, string>();
  for (const field of definition.fields) {
    fieldOf.set(field.element ?? (prefix === undefined ? field.name : `${prefix}:${field.name}`), field.name);
    fieldOf.set(field.name, field.name);
  }
  const parser = new SaxesParser();
  let item: FeedItem | undefined;
  let depth = 0;
  let text = '';
  let done: FeedItem[] = [];
  parser.on('opentag', (tag) => {
    depth++;
    if (tag.name === 'item' && item === undefined) item = {};
    text = '';
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('cdata', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    depth--;
    if (item === undefined) return;
    if (tag.name === 'item') {
      done.push(item);
      item = undefined;
      return;
    }
    const local = tag.name.includes(':') ? tag.name.slice(tag.name.indexOf(':') + 1) : tag.name;
    const name = fieldOf.get(tag.name) ?? fieldOf.get(local) ?? tag.name;
    const had = item[name];
    item[name] = had === undefined ? text : Array.isArray(had) ? [...had, text] : [had, text];
  });
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of bytes) {
      parser.write(decoder.write(chunk as Buffer));
      if (done.length >= BATCH) {
        yield done;
        done = [];
      }
    }
    parser.close();
  } catch (error) {
    throw unreadable(path, error);
  }
  if (depth !== 0) throw unreadable(path, new Error('the file ends inside an element'));
  if (done.length > 0) yield done;
}

async function* jsonItems(bytes: Readable, format: 'jsonl' | 'acp', path: string) {
  let rest = '';
  let line = 0;
  const parseLine = (text: string): FeedItem[] => {
    line++;
    if (text.trim() === '') return [];
    try {
      const value = JSON.parse(text) as FeedItem;
      return format === 'acp' ? flattenProduct(value) : [value];
    } catch (error) {
      throw unreadable(path, error, line);
    }
  };
  const decoder = new StringDecoder('utf8');
  for await (const chunk of bytes) {
    const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
    rest = lines.pop() ?? '';
    yield lines.flatMap(parseLine);
  }
  const last = parseLine(rest);
  if (last.length > 0) yield last;
}

function unreadable(path: string, error: unknown, line?: number): FeedkitError {
  return new FeedkitError('input-malformed', `cannot read ${path} as a feed: ${(error as Error).message}`, {
    file: path,
    ...(line !== undefined ? { line } : {}),
  });
}
