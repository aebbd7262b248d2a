import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBuiltModule, writeCodeCache } from '../../src/mapping/built-module.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('loadBuiltModule', () => {
  it('takes the code cache of the same build, and never runs a cache older than its file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'feedkit-built-'));
    folders.push(folder);
    const file = join(folder, 'stamp.cjs');
    writeFileSync(file, 'module.exports.hash = "aaaaaaaaaaaaaaaa";\n');
    writeCodeCache(file, loadBuiltModule(file));
    // One time for both, as npm pack gives a package's files. Both are set: a Date holds
    // milliseconds, and a file system that keeps nanoseconds would leave the file newer.
    const time = statSync(file).mtime;
    utimesSync(file, time, time);
    utimesSync(`${file}.v8cache`, time, time);
    const same = loadBuiltModule<{ hash: string }>(file);
    expect([same.cached, same.exports.hash]).toEqual([true, 'aaaaaaaaaaaaaaaa']);

    // Rebuilt: the same length, so V8 alone would take the old cache and run the old code.
    writeFileSync(file, 'module.exports.hash = "bbbbbbbbbbbbbbbb";\n');
    const later = new Date(time.getTime() + 10_000);
    utimesSync(file, later, later);
    const rebuilt = loadBuiltModule<{ hash: string }>(file);
    expect([rebuilt.cached, rebuilt.exports.hash]).toEqual([false, 'bbbbbbbbbbbbbbbb']);
  });
});
