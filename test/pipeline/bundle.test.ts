import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJob, type JobSpec } from '../../src/pipeline/job.js';
import { planRun } from '../../src/pipeline/plan.js';
import { WorkerPool } from '../../src/pipeline/pool.js';
import { MINIMAL_FIELDS, ROOT, tempDir } from '../helpers/run.js';

const MAPPING = `
source: { currency: DKK, base_url: https://shop.example }
channels:
  google: {}
  acme: { definition: ./channel/acme.channel.yaml }
${MINIMAL_FIELDS}  google_product_category: { from: cat, pipe: [{ lookup: tables/categories.csv }] }
extract: { language: da, fields: [color] }
`;

const INPUT = 'sku,title,price,cat\n1,Trøje sort,100,Tøj/Trøjer\n2,Sko,50,Sko\n';

/** A mapping folder with a lookup table and a user's own channel, planned as convert plans it. */
async function planned(): Promise<{ dir: string; spec: JobSpec }> {
  const dir = join(tempDir(), 'mapping');
  mkdirSync(join(dir, 'tables'), { recursive: true });
  mkdirSync(join(dir, 'channel'));
  writeFileSync(join(dir, 'tables', 'categories.csv'), 'key,value\ntøj/trøjer,212\n');
  for (const file of ['acme.channel.yaml', 'acme.schema.json'])
    copyFileSync(join(ROOT, 'fixtures/cases/user-channel', file), join(dir, 'channel', file));
  writeFileSync(join(dir, 'm.yaml'), MAPPING);
  const plan = await planRun({
    input: join(dir, 'input.csv'),
    mapping: join(dir, 'm.yaml'),
    out: join(dir, 'out'),
  });
  const spec: JobSpec = {
    bundle: plan.bundle,
    channels: plan.specs,
    columns: ['sku', 'title', 'price', 'cat'],
    source: { format: 'csv', settings: { encoding: 'utf-8', delimiter: ',' } },
    now: Date.UTC(2026, 11, 1),
  };
  return { dir, spec };
}

/** The bytes and counts a batch gives, comparable across jobs. */
function outcome(result: Awaited<ReturnType<Awaited<ReturnType<typeof createJob>>['processBatch']>>) {
  return {
    records: result.records,
    channels: result.channels.map((c) => ({ ...c, data: Buffer.from(c.data).toString('utf8') })),
    rejects: Buffer.from(result.rejects.data).toString('utf8'),
  };
}

describe('the load phase', () => {
  it('bundles the mapping, its lookup tables, dictionaries, channels and the taxonomy once', async () => {
    const { spec } = await planned();
    const { bundle } = spec;
    expect(Object.keys(bundle.channels).sort()).toEqual([
      expect.stringMatching(/acme\.channel\.yaml$/),
      'google',
    ]);
    expect(bundle.data.lookups['tables/categories.csv']).toEqual({ entries: [['tøj/trøjer', '212']] });
    expect(Object.keys(bundle.data.dictionaries)).toEqual(['da']);
    // Google's schema checks google_product_category against the taxonomy.
    expect(bundle.taxonomy?.ids).toContain('212');
  });

  it('a structured clone of the bundle builds an equal job', async () => {
    const { spec } = await planned();
    const bytes = new Uint8Array(Buffer.from(INPUT));
    const original = outcome((await createJob(spec)).processBatch(bytes, true));
    const cloned = outcome((await createJob(structuredClone(spec))).processBatch(bytes, true));
    expect(cloned).toEqual(original);
    expect(original.channels[0]?.data).toContain('\t212\t');
  });

  it('builds the job and a worker from the bundle alone: the mapping folder is gone after planning', async () => {
    const { dir, spec } = await planned();
    renameSync(dir, `${dir}-gone`);
    const job = await createJob(structuredClone(spec));
    const bytes = new Uint8Array(Buffer.from(INPUT));
    const inline = outcome(job.processBatch(bytes, true));
    expect(inline.channels[0]?.data).toContain('\t212\t');
    const pool = await WorkerPool.start(spec, 1);
    try {
      expect(outcome(await pool.submit(bytes, true))).toEqual(inline);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('no module a worker runs reads a file (the built import graph of pipeline/worker.js)', () => {
    // Type imports are gone from the built files, so this is what a worker thread loads.
    const seen = new Set<string>();
    const stack = [join(ROOT, 'dist/pipeline/worker.js')];
    const reads: string[] = [];
    while (stack.length > 0) {
      const file = stack.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/gms,
      ))
        stack.push(resolve(dirname(file), (match[1] ?? match[2] ?? match[3]) as string));
      if (/\b(readFileSync|readFile|readdirSync|loadYamlFile|createReadStream|openSync)\b/.test(text))
        reads.push(relative(ROOT, file));
    }
    expect(seen.size).toBeGreaterThan(20);
    expect(seen).toContain(join(ROOT, 'dist/mapping/compile.js'));
    expect(reads).toEqual([]);
  });
});
