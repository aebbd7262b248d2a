import { rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputLock } from '../../src/publish/lock.js';
import { tempDir } from '../helpers/run.js';

afterEach(() => {
  delete process.env.FEEDKIT_LOCK_HEARTBEAT_MS;
});

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('the lock heartbeat', () => {
  it('keeps a held lock fresh: one set two minutes back is touched again, and blocks others', async () => {
    process.env.FEEDKIT_LOCK_HEARTBEAT_MS = '20';
    const out = join(tempDir(), 'out');
    const lock = await OutputLock.acquire(out);
    const file = join(out, '.feedkit', 'lock');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(file, twoMinutesAgo, twoMinutesAgo);
    // The holder's heartbeat moves it forward again (the test's own timeout bounds the wait).
    await until(() => statSync(file).mtimeMs > twoMinutesAgo.getTime() + 60_000);
    const second = await OutputLock.acquire(out).then(
      () => 'acquired',
      (error: { code?: string }) => error.code,
    );
    expect(second).toBe('output-locked');
    await lock.release();
    expect(() => statSync(file)).toThrow();
  });

  it('release leaves alone a lock another run took over from this one', async () => {
    const out = join(tempDir(), 'out');
    const lock = await OutputLock.acquire(out);
    const file = join(out, '.feedkit', 'lock');
    // As if this run had stalled past the stale limit and another run had taken the folder.
    const other = JSON.stringify({ pid: 1, host: 'other-host', started: '2026-12-01T10:00:00.000Z' });
    rmSync(file);
    writeFileSync(file, other);
    await lock.release();
    expect(statSync(file).isFile()).toBe(true);
  });
});
