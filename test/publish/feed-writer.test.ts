import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedWriter, shardName } from '../../src/publish/feed-writer.js';
import { publishAll } from '../../src/publish/journal.js';
import { tempDir } from '../helpers/run.js';

/** Items as one buffer with the end offset of each, the way workers hand them over. */
function batch(items: string[]): { data: Uint8Array; ends: Uint32Array } {
  const data = new TextEncoder().encode(items.join(''));
  const ends = new Uint32Array(items.length);
  let total = 0;
  items.forEach((item, i) => {
    total += Buffer.byteLength(item);
    ends[i] = total;
  });
  return { data, ends };
}

/** Publish as convert() does: the journaled renames, then the stale shards. */
async function publish(dir: string, writer: FeedWriter) {
  mkdirSync(join(dir, '.feedkit'), { recursive: true });
  await publishAll(dir, writer.renames(), async () => {});
  await writer.removeStaleShards();
}

describe('FeedWriter', () => {
  it('numbers shards before the first extension', () => {
    expect(shardName(join('out', 'openai.jsonl.gz'), 1)).toBe(join('out', 'openai-0001.jsonl.gz'));
    expect(shardName('feed', 12)).toBe('feed-0012');
  });

  it('writes header, items and footer; without shards one file', async () => {
    const dir = tempDir();
    const writer = new FeedWriter(join(dir, 'f.txt'), 'H\n', 'F\n', undefined);
    await writer.start();
    const { data, ends } = batch(['a\n', 'bb\n', 'ccc\n']);
    await writer.append(data, ends, 0, 1);
    await writer.append(data, ends, 2, 3); // item 1 left out, as a duplicate would be
    await writer.close();
    expect(readdirSync(dir).filter((name) => !name.startsWith('.'))).toEqual([]); // nothing in place before publish
    await publish(dir, writer);
    expect(readFileSync(join(dir, 'f.txt'), 'utf8')).toBe('H\na\nccc\nF\n');
  });

  it('splits into shards of at most N items, each complete, and removes stale shards on publish', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f-0004.txt'), 'old');
    writeFileSync(join(dir, 'f-0002.txt'), 'old');
    writeFileSync(join(dir, 'other.txt'), 'keep');
    const writer = new FeedWriter(join(dir, 'f.txt'), '[', ']', 2);
    await writer.start();
    const { data, ends } = batch(['1', '2', '3']);
    await writer.append(data, ends, 0, 3);
    const more = batch(['4', '5']);
    await writer.append(more.data, more.ends, 0, 2);
    await writer.close();
    await publish(dir, writer);
    expect(writer.paths.map((p) => p.slice(dir.length + 1))).toEqual([
      'f-0001.txt',
      'f-0002.txt',
      'f-0003.txt',
    ]);
    expect(
      readdirSync(dir)
        .filter((name) => !name.startsWith('.'))
        .sort(),
    ).toEqual(['f-0001.txt', 'f-0002.txt', 'f-0003.txt', 'other.txt']);
    expect(['f-0001.txt', 'f-0002.txt', 'f-0003.txt'].map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(
      ['[12]', '[34]', '[5]'],
    );
  });

  it('discard leaves the previous feed untouched', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f.txt'), 'previous');
    const writer = new FeedWriter(join(dir, 'f.txt'), 'H', 'F', undefined);
    await writer.start();
    const { data, ends } = batch(['x']);
    await writer.append(data, ends, 0, 1);
    await writer.discard();
    expect(readdirSync(dir)).toEqual(['f.txt']);
    expect(readFileSync(join(dir, 'f.txt'), 'utf8')).toBe('previous');
  });
});
