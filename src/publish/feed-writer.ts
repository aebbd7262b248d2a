import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AtomicFile } from './atomic-file.js';
import type { Rename } from './journal.js';

/** `openai.jsonl.gz` → `openai-0001.jsonl.gz`: the number goes before the first extension. */
export function shardName(target: string, index: number): string {
  const name = basename(target);
  const dot = name.indexOf('.');
  const stem = dot <= 0 ? name : name.slice(0, dot);
  const extension = dot <= 0 ? '' : name.slice(dot);
  return join(dirname(target), `${stem}-${String(index).padStart(4, '0')}${extension}`);
}

/**
 * One channel's feed: a header, the items, a footer, written atomically. With `shard`, the
 * items are split into numbered files of at most `shard` items, each with its header and
 * footer; shards a previous, larger run left behind are removed when this run publishes.
 */
export class FeedWriter {
  private readonly files: AtomicFile[] = [];
  private current: AtomicFile | undefined;
  /** Items in the current file. */
  private count = 0;

  constructor(
    /** The file name the channel's output asks for (before numbering). */
    readonly target: string,
    private readonly header: string,
    private readonly footer: string,
    private readonly shard: number | undefined,
    /** Write each file under its own name (in a generation folder), not beside it. */
    private readonly direct = false,
  ) {}

  /** The files written, in order. */
  get paths(): string[] {
    return this.files.map((file) => file.target);
  }

  /** Open the first file. */
  async start(): Promise<void> {
    await this.open();
  }

  /** Append items `from` (inclusive) to `to` (exclusive) of a batch: `ends[i]` is where item i ends in `data`. */
  async append(data: Uint8Array, ends: Uint32Array, from: number, to: number): Promise<void> {
    let i = from;
    while (i < to) {
      if (this.shard !== undefined && this.count === this.shard) {
        await this.finishFile();
        await this.open();
      }
      const take = this.shard === undefined ? to - i : Math.min(to - i, this.shard - this.count);
      const start = i === 0 ? 0 : (ends[i - 1] as number);
      const end = ends[i + take - 1] as number;
      await (this.current as AtomicFile).write(data.subarray(start, end));
      this.count += take;
      i += take;
    }
  }

  /** Append text of `count` whole items (a nested channel's products, put together in this thread); no sharding. */
  async appendText(text: string, count: number): Promise<void> {
    await (this.current as AtomicFile).write(text);
    this.count += count;
  }

  /** Write the footer and close every file (nothing is in place yet). */
  async close(): Promise<void> {
    await this.finishFile();
  }

  /** Each closed temporary file and the name it takes when published. */
  renames(): Rename[] {
    return this.files.map((file) => ({ temp: file.temp, target: file.target }));
  }

  /** After publishing: remove shards an earlier, larger run left (`-0004` when this run wrote 3). */
  async removeStaleShards(): Promise<void> {
    if (this.shard === undefined) return;
    const dir = dirname(this.target);
    const first = basename(shardName(this.target, 1));
    const [stem, extension] = [
      first.slice(0, first.indexOf('-0001')),
      first.slice(first.indexOf('-0001') + 5),
    ];
    for (const name of await readdir(dir)) {
      if (!name.startsWith(`${stem}-`) || !name.endsWith(extension)) continue;
      const number = name.slice(stem.length + 1, name.length - extension.length);
      if (/^\d{4,}$/.test(number) && Number(number) > this.files.length)
        await rm(join(dir, name), { force: true });
    }
  }

  /** Remove every temporary file; the previous feed stays as it was. */
  async discard(): Promise<void> {
    await Promise.all(this.files.map((file) => file.discard()));
  }

  private async open(): Promise<void> {
    const path = this.shard === undefined ? this.target : shardName(this.target, this.files.length + 1);
    this.current = new AtomicFile(path, this.direct);
    this.files.push(this.current);
    this.count = 0;
    await this.current.write(this.header);
  }

  private async finishFile(): Promise<void> {
    const file = this.current;
    if (file === undefined) return;
    this.current = undefined;
    await file.write(this.footer);
    await file.close();
  }
}
