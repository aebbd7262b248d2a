import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { textFile } from '../../src/changes/text-file.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function target(): string {
  const folder = mkdtempSync(join(tmpdir(), 'feedkit-text-'));
  folders.push(folder);
  return join(folder, 'out.txt');
}

/** Lines of every shape: ASCII, two- and three-byte UTF-8, astral pairs, empty, and long. */
function lines(count: number): string[] {
  const shapes = [
    'SKU-1\t336.52 DKK',
    'Grøn æble\tå',
    '€ 12,50 — “quoted”',
    '😀 emoji 🧦',
    '',
    'x'.repeat(300),
  ];
  return Array.from({ length: count }, (_, i) => `${i}\t${shapes[i % shapes.length]}`);
}

describe('textFile', () => {
  it('writes exactly the text given, as UTF-8, through buffers that are reused', async () => {
    for (const flushAt of [64, 1000, 1 << 16]) {
      const path = target();
      const file = textFile(path, flushAt);
      let waits = 0;
      const text = lines(5000);
      for (const line of text) {
        const wait = file.write(`${line}\n`);
        if (wait !== undefined) {
          waits++;
          await wait;
        }
      }
      await file.end();
      expect(readFileSync(path, 'utf8')).toBe(text.map((line) => `${line}\n`).join(''));
      // Small buffers fill faster than the disk takes them: the writer waited for the stream.
      if (flushAt === 64) expect(waits).toBeGreaterThan(0);
    }
  });

  it('a text larger than a buffer goes through whole, in its place', async () => {
    const path = target();
    const file = textFile(path, 64);
    const big = `${'ü'.repeat(500)}😀\n`;
    for (const part of ['before\n', big, 'after\n']) await file.write(part);
    await file.end();
    expect(readFileSync(path, 'utf8')).toBe(`before\n${big}after\n`);
  });

  it('an empty file is written empty', async () => {
    const path = target();
    await textFile(path).end();
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});
