import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAndCompare } from '../../src/changes/compare.js';
import { LineCursor } from '../../src/changes/line-reader.js';
import {
  escapeCell,
  rejectedLine,
  snapshotHeader,
  snapshotLayout,
  snapshotLine,
  unescapeCell,
  valueHash,
} from '../../src/changes/snapshot-line.js';
import { LineSorter } from '../../src/changes/sorter.js';
import { tempDir } from '../helpers/run.js';

const layout = snapshotLayout('id', [
  { name: 'id', from: 'id' },
  { name: 'title', from: 'title' },
  { name: 'price', from: 'price' },
  { name: 'link', from: 'link' },
  { name: 'gtin', from: 'gtin' },
]);
const columns = snapshotHeader(layout).split('\n')[1] as string;

async function sorted(dir: string, lines: string[], runChars?: number) {
  const sorter = new LineSorter(dir, runChars);
  // In small batches, as the merge hands them over.
  for (let i = 0; i < lines.length; i += 7) await sorter.add(lines.slice(i, i + 7));
  return sorter.sorted();
}

describe('the snapshot line', () => {
  it('names id, the four value fields and the hashed fields in its header', () => {
    expect(columns).toBe('id\tprice\tsale_price\tavailability\ttitle\tlink\tgtin');
  });

  it('keeps values, hashes the rest, and escapes what would break a line', () => {
    const line = snapshotLine(layout, {
      id: 'A\t1',
      title: 'Red\nshoe',
      price: '12.00 EUR',
      link: 'https://x',
    });
    expect(line).toBe(`A\\t1\t12.00 EUR\t\t\tRed\\nshoe\t${valueHash('https://x')}\t`);
    expect(unescapeCell(escapeCell('a\\b\u0001c\r'))).toBe('a\\b\u0001c\r');
    expect(valueHash('https://x')).toMatch(/^[A-Za-z0-9_-]{4}$/);
  });

  it('hashes as the snapshots already published do (FNV-1a over UTF-16 code units)', () => {
    // Written by the first implementation (charCodeAt per unit): a new one must give the same
    // hashes, or every item of a published snapshot would count as changed.
    const strings = { empty: '', a: 'a', danish: 'blød', emoji: '😀 emoji', long: 'x'.repeat(5000) };
    expect(Object.fromEntries(Object.entries(strings).map(([k, v]) => [k, valueHash(v)]))).toEqual({
      empty: 'HJ1E',
      a: 'DCnI',
      danish: 'pEbp',
      emoji: 'elvH',
      long: 'YDWE',
    });
    // The same value in every string shape V8 makes: flat, a slice, a rope.
    const flat = 'Soft cardigan in merino wool';
    expect(valueHash(` ${flat}`.slice(1))).toBe(valueHash(flat));
    expect(valueHash(`Soft cardigan ${['in', 'merino', 'wool'].join(' ')}`)).toBe(valueHash(flat));
  });
});

describe('the line cursor', () => {
  it.each([
    ['its 256 KiB chunks', undefined],
    ['chunks shorter than a line (a merge of many runs reads less at once)', 64],
  ])('reads lines whole across %s, multi-byte characters at the cuts too', async (_, chunk) => {
    const path = join(tempDir(), 'lines');
    // Lines of 1 to 3-byte characters, in all about 1.3 MB: chunk ends fall inside characters.
    const lines = Array.from({ length: 20_000 }, (_, i) => `${i}\t${'é€a'.repeat(i % 37)}`);
    writeFileSync(path, `${lines.join('\n')}\nlast line without a break`);
    const cursor = await LineCursor.open(path, chunk);
    const read: string[] = [];
    for (; cursor.head !== undefined; await cursor.next()) read.push(cursor.head);
    expect(read).toEqual([...lines, 'last line without a break']);
  });
});

describe('the external sort', () => {
  it('gives the same order from many runs on disk as from memory', async () => {
    const dir = tempDir();
    const lines = Array.from({ length: 500 }, (_, i) => `id-${(i * 7919) % 1000}\tx`);
    const read = async (cursor: Awaited<ReturnType<LineSorter['sorted']>>) => {
      const out: string[] = [];
      while (cursor.head !== undefined) {
        out.push(cursor.head);
        await cursor.next();
      }
      return out;
    };
    const expected = [...lines].sort();
    expect(await read(await sorted(join(dir, 'mem'), lines))).toEqual(expected);
    // 100 characters a run: about 12 runs merged.
    expect(await read(await sorted(join(dir, 'runs'), lines, 100))).toEqual(expected);
  });
});

describe('the comparison with the earlier snapshot', () => {
  it('counts added, removed, changed by field, price moves and accepted → rejected', async () => {
    const dir = tempDir();
    const item = (id: string, price: string, title = `T ${id}`, gtin = `g${id}`) =>
      snapshotLine(layout, { id, price, title, link: `https://x/${id}`, gtin });
    const before = [
      item('a', '10.00 EUR'),
      item('b', '10.00 EUR'),
      item('c', '10.00 EUR'),
      item('d', '5 EUR'),
      item('e', '5 EUR'),
    ];
    const previous = join(dir, 'previous');
    writeFileSync(previous, `${snapshotHeader(layout)}${[...before].sort().join('\n')}\n`);
    const now = [
      item('a', '1.00 EUR'),
      item('b', '10.00 EUR', 'New title'),
      item('c', '12.00 EUR'),
      item('f', '3 EUR'),
      item('e', '5 EUR', 'T e', 'other'),
    ];
    const changes = await writeAndCompare({
      current: await sorted(join(dir, 'a'), now, 60),
      rejected: await sorted(join(dir, 'r'), [
        rejectedLine('d', false, 'invalid-gtin gtin'),
        rejectedLine('e', true, 'missing-required image_link'),
      ]),
      columns,
      target: join(dir, 'snapshot'),
      previous,
      against: 'published',
      falls: [0.3],
    });
    expect(changes).toMatchObject({
      before: 5,
      after: 4,
      added: 1,
      removed: 2,
      changed: 3,
      unchanged: 0,
      fields: { price: 2, title: 1 },
      price: { fell: { '10': 1, '30': 1, '50': 1, '90': 0 }, rose: { '10': 1, '50': 0, '90': 0 } },
      rejected: {
        count: 2,
        samples: [
          { id: 'd', reason: 'invalid-gtin gtin' },
          { id: 'e', reason: 'missing-required image_link' },
        ],
      },
      added_samples: ['f'],
      removed_samples: ['d', 'e'],
    });
    expect(changes?.samples).toEqual([
      { id: 'a', field: 'price', before: '10.00 EUR', after: '1.00 EUR' },
      { id: 'c', field: 'price', before: '10.00 EUR', after: '12.00 EUR' },
      { id: 'b', field: 'title', before: 'T b', after: 'New title' },
    ]);
    // The item rejected after it was accepted (e, with its product) is not in the snapshot.
    const written = readFileSync(join(dir, 'snapshot'), 'utf8').split('\n');
    expect(written.slice(2, -1).map((line) => line.split('\t')[0])).toEqual(['a', 'b', 'c', 'f']);
  });

  it('writes the snapshot and reports nothing when there is no earlier one', async () => {
    const dir = tempDir();
    const changes = await writeAndCompare({
      current: await sorted(join(dir, 'a'), ['b\t1', 'a\t2']),
      rejected: await sorted(join(dir, 'r'), []),
      columns: 'id\tprice',
      target: join(dir, 'snapshot'),
      previous: join(dir, 'missing'),
      against: 'published',
    });
    expect(changes).toBeUndefined();
    expect(readFileSync(join(dir, 'snapshot'), 'utf8')).toBe('# feedkit snapshot 1\nid\tprice\na\t2\nb\t1\n');
  });
});
