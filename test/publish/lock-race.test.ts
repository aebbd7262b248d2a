import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/run.js';

// Each contender waits for the start file, then takes the lock, holds it a while and exits
// without releasing it (as a killed run would), printing what it got.
const CONTENDER = `
import { existsSync } from 'node:fs';
const [lockModule, out, start] = process.argv.slice(1);
const { OutputLock } = await import(lockModule);
while (!existsSync(start)) await new Promise((resolve) => setImmediate(resolve));
try {
  await OutputLock.acquire(out);
  process.stdout.write('acquired');
  await new Promise((resolve) => setTimeout(resolve, 1500));
} catch (error) {
  process.stdout.write(error.code ?? String(error));
}
`;

function contender(out: string, start: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', CONTENDER, join(ROOT, 'dist/publish/lock.js'), out, start],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', () => resolve(text)));
}

describe('a stale lock found by several runs at once', () => {
  it('is taken over by exactly one of them; the others are told the folder is in use', async () => {
    const rounds = 8;
    const runs = 4;
    for (let round = 0; round < rounds; round++) {
      const out = join(tempDir(), 'out');
      mkdirSync(join(out, '.feedkit'), { recursive: true });
      const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
      writeFileSync(
        join(out, '.feedkit', 'lock'),
        `${JSON.stringify({ pid: dead, host: hostname(), started: '2026-12-01T00:00:00.000Z' })}\n`,
      );
      const start = join(out, '..', 'start');
      const results = Array.from({ length: runs }, () => contender(out, start));
      // Every contender is up and polling before the start is given.
      await new Promise((resolve) => setTimeout(resolve, 700));
      writeFileSync(start, '');
      const got = (await Promise.all(results)).sort();
      expect(got).toEqual(['acquired', ...Array.from({ length: runs - 1 }, () => 'output-locked')]);
    }
  }, 120_000);
});
