import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/run.js';

describe('library use', () => {
  it("works as `import { convert, check } from 'feedkit-cli'` (the built package)", async () => {
    const feedkit = await import('feedkit-cli');
    expect(typeof feedkit.convert).toBe('function');
    expect(typeof feedkit.check).toBe('function');
    const out = tempDir();
    const { report, files, exitCode } = await feedkit.convert({
      input: join(ROOT, 'fixtures/cases/example/supplier.csv'),
      mapping: join(ROOT, 'mappings/example.yaml'),
      out,
    });
    expect(exitCode).toBe(0);
    expect(report.channels.google?.records).toEqual({ read: 13, accepted: 5, rejected: 8 });
    expect(
      readFileSync(files.google as string, 'utf8')
        .split('\n')[0]
        ?.startsWith('id\ttitle\t'),
    ).toBe(true);
    expect(feedkit.renderers.md.render(report)).toContain('| google | 13 | 5 | 8 |');
    await expect(feedkit.check(join(ROOT, 'mappings/example.yaml'))).resolves.toMatchObject({
      channels: ['google', 'meta', 'klarna', 'openai'],
    });
  }, 30_000);
});
