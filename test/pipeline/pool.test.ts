import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/pipeline/bundle.js';
import type { JobSpec } from '../../src/pipeline/job.js';
import { channelSpecs, loadMapping, resolveChannels } from '../../src/pipeline/plan.js';
import { WorkerPool, WorkerStopped } from '../../src/pipeline/pool.js';
import { MINIMAL_MAPPING, tempDir } from '../helpers/run.js';

describe('worker pool', () => {
  it('turns a worker that runs out of memory into WorkerStopped, for every batch in flight', async () => {
    const dir = tempDir();
    const mappingPath = join(dir, 'm.yaml');
    writeFileSync(mappingPath, MINIMAL_MAPPING);
    const { loaded, mapping } = await loadMapping(mappingPath);
    const channels = channelSpecs(resolveChannels(mapping, undefined, mappingPath));
    const spec: JobSpec = {
      bundle: loadBundle(
        loaded,
        channels.map((c) => c.channel),
      ),
      channels,
      columns: ['sku', 'title', 'price'],
      source: { format: 'csv', settings: { encoding: 'utf-8', delimiter: ',' } },
    };
    // Room to start and compile the job, not to hold a batch of 40 MB of text as strings.
    const pool = await WorkerPool.start(spec, 1, { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 });
    try {
      const row = `1,"${'x'.repeat(4 << 20)}",10\n`;
      const big = new Uint8Array(Buffer.from(`sku,title,price\n${row.repeat(10)}`));
      const results = await Promise.allSettled([
        pool.submit(big, true),
        pool.submit(new Uint8Array(Buffer.from('2,y,1\n')), false),
      ]);
      for (const result of results) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(WorkerStopped);
      }
      expect(((results[0] as PromiseRejectedResult).reason as WorkerStopped).message).toBe(
        'a worker thread stopped (out of memory)',
      );
    } finally {
      await pool.close();
    }
  }, 60_000);
});
