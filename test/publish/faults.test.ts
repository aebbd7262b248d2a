import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert.js';
import { prepareOutput } from '../../src/publish/generations.js';
import { MINIMAL_MAPPING, ROOT, tempDir } from '../helpers/run.js';

// Every step of a commit × SIGKILL, SIGTERM, SIGINT, before and after the step (FEEDKIT_FAULT,
// see CONTRIBUTING.md), on three ways a folder moves: links → links, a folder of plain files
// (publish: copy, or feedkit < 0.2) taken over by links, and links → copy.

const SIGNALS = ['SIGKILL', 'SIGTERM', 'SIGINT'] as const;
const EXIT = { SIGTERM: 143, SIGINT: 130 } as const;

/** Run A: 7 good rows (3 shards of acme) and a bad one; run B: 5 good rows (2 shards). */
const rowsA = `sku,title,price\n${Array.from({ length: 7 }, (_, i) => `A-${i},Item ${i},"${i + 1},00"`).join('\n')}\nA-X,Bad,n/a\n`;
const rowsB = `sku,title,price\n${Array.from({ length: 5 }, (_, i) => `B-${i},Thing ${i},"${i + 2},50"`).join('\n')}\n`;

const CHANNEL = `name: acme
title: Acme
schema: acme.schema.json
outputs:
  - { format: csv, file: acme.csv, shard: 3 }
key: sku
fields:
  - { name: sku, from: id, group: required }
  - { name: name, from: title, group: required }
  - { name: price, from: price, group: required }
`;
const SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['sku', 'name', 'price'],
  properties: { sku: { type: 'string' }, name: { type: 'string' }, price: { type: 'string' } },
});

interface Scenario {
  name: string;
  /** How the previous run (A) was published, and how many times. */
  before: 'links' | 'copy';
  times: number;
  /** How the faulted run (B) publishes. */
  after: 'links' | 'copy';
}

const SCENARIOS: Scenario[] = [
  { name: 'links → links', before: 'links', times: 2, after: 'links' },
  { name: 'plain files → links', before: 'copy', times: 1, after: 'links' },
  { name: 'links → copy', before: 'links', times: 1, after: 'copy' },
];

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** What a reader sees: every name in the folder that opens, with its bytes' digest. */
function view(out: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(out)
      .filter((name) => !name.startsWith('.') && existsSync(join(out, name)))
      .sort()
      .map((name) => [name, digest(join(out, name))]),
  );
}

/** The view without the reports, whose time stamps differ from run to run. */
const dataOf = (v: Record<string, string>) =>
  Object.fromEntries(Object.entries(v).map(([name, d]) => [name, name.startsWith('report.') ? '' : d]));

/** Feed lines = report.json accepted = state.json accepted, per channel. */
function consistent(out: string): string | undefined {
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  const stateFile = existsSync(join(out, '.feedkit', 'current'))
    ? join(out, '.feedkit', 'current', 'state.json')
    : join(out, '.feedkit', 'state.json');
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  const lines = (name: string) => readFileSync(join(out, name), 'utf8').trimEnd().split('\n').length - 1;
  const googleLines = lines('google.tsv');
  const acmeLines = readdirSync(out)
    .filter((name) => /^acme-\d{4}\.csv$/.test(name) && existsSync(join(out, name)))
    .reduce((sum, name) => sum + lines(name), 0);
  const counts = [
    googleLines,
    report.channels.google.records.accepted,
    state.channels.google.accepted,
    acmeLines,
    report.channels.acme.records.accepted,
    state.channels.acme.accepted,
  ];
  const [g, ...rest] = counts;
  if (rest.slice(0, 2).some((n) => n !== g) || rest.slice(2).some((n) => n !== counts[3]))
    return `counts differ: google ${counts.slice(0, 3).join('/')}, acme ${counts.slice(3).join('/')}`;
  return undefined;
}

/** Temporary files, orphan generations, a journal or a lock left in the folder. */
function leftovers(out: string): string[] {
  const left: string[] = [];
  for (const name of readdirSync(out)) if (name.endsWith('.tmp')) left.push(name);
  const dir = join(out, '.feedkit');
  if (!existsSync(dir)) return left;
  const current = existsSync(join(dir, 'current')) ? readlinkSync(join(dir, 'current')) : undefined;
  const gens = readdirSync(dir).filter((name) => name.startsWith('gen-'));
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.tmp') || name === 'publish.json' || name === 'lock') left.push(`.feedkit/${name}`);
  }
  // Current and the one before it stay; none newer than current.
  if (gens.length > 2 || gens.some((g) => current === undefined || g > current))
    left.push(`generations ${gens.join(', ')} (current ${current})`);
  for (const name of readdirSync(out))
    if (!name.startsWith('.') && !existsSync(join(out, name))) left.push(`dangling ${name}`);
  return left;
}

function spawnRun(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/feedkit.js'), ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // `close`, not `exit`: at `exit` the pipe may still hold what the run wrote last.
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** Run `tasks` with at most `limit` at a time. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await (tasks[i] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

describe('fault injection at every commit step', () => {
  it('every step × SIGKILL/SIGTERM/SIGINT, before and after: the folder is run A or run B, whole', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'acme.channel.yaml'), CHANNEL);
    writeFileSync(join(dir, 'acme.schema.json'), SCHEMA);
    const mapping = join(dir, 'm.yaml');
    // Run B replaces every item of run A: no change rule may refuse it.
    writeFileSync(
      mapping,
      `${MINIMAL_MAPPING}channels:\n  google: { output: google.tsv }\n  acme: { definition: ./acme.channel.yaml }\nchanges: { max_removed: 1 }\n`,
    );
    writeFileSync(join(dir, 'a.csv'), rowsA);
    writeFileSync(join(dir, 'b.csv'), rowsB);
    const args = (input: string, out: string, mode: string, formats: string) => [
      'convert',
      join(dir, input),
      '-m',
      mapping,
      '--out',
      out,
      '--quiet',
      '--threads',
      '1',
      '--publish',
      mode,
      '--report-format',
      formats,
    ];
    const runB = (out: string, mode: string, env: Record<string, string> = {}) =>
      spawnRun(args('b.csv', out, mode, 'md'), env);

    let cases = 0;
    let held = 0;
    const failures: string[] = [];
    for (const scenario of SCENARIOS) {
      // Folder A, and the steps run B takes on it.
      const base = join(dir, `${scenario.before}-${scenario.after}-${scenario.times}`);
      const outA = join(base, 'a');
      for (let i = 0; i < scenario.times; i++) {
        const a = await spawnRun(args('a.csv', outA, scenario.before, 'html'), {});
        expect(a.code, a.stderr).toBe(0);
      }
      const viewA = dataOf(view(outA));
      const traced = join(base, 'trace');
      cpSync(outA, traced, { recursive: true, verbatimSymlinks: true });
      const trace = join(base, 'steps.txt');
      const b = await runB(traced, scenario.after, { FEEDKIT_FAULT_TRACE: trace });
      expect(b.code, b.stderr).toBe(0);
      const viewB = dataOf(view(traced));
      expect(viewB).not.toEqual(viewA);
      expect(consistent(traced)).toBeUndefined();
      const steps = readFileSync(trace, 'utf8').trimEnd().split('\n');
      expect(steps.length).toBeGreaterThan(3);

      const tasks = steps.flatMap((stepName, s) =>
        (['before', 'after'] as const).flatMap((when) =>
          SIGNALS.map((signal) => async () => {
            const label = `${scenario.name}, ${signal} ${when} ${stepName}`;
            const out = join(base, `case-${s}-${when}-${signal}`);
            cpSync(outA, out, { recursive: true, verbatimSymlinks: true });
            const result = await runB(out, scenario.after, {
              FEEDKIT_FAULT: `${when}:${stepName}:${signal}`,
            });
            return { label, out, signal, result };
          }),
        ),
      );
      for (const { label, out, signal, result } of await pool(tasks, 3)) {
        cases++;
        const before = failures.length;
        const fail = (what: string) => failures.push(`${label}: ${what}`);
        if (signal === 'SIGKILL') {
          if (result.signal !== 'SIGKILL') fail(`not killed (exit ${result.code}, ${result.stderr})`);
          // A per-file publish is finished by the next run before anything else.
          if (scenario.after === 'copy') await prepareOutput(out);
        }
        const now = dataOf(view(out));
        const which =
          JSON.stringify(now) === JSON.stringify(viewA)
            ? 'A'
            : JSON.stringify(now) === JSON.stringify(viewB)
              ? 'B'
              : undefined;
        if (which === undefined) fail(`the folder is neither run: ${JSON.stringify(now)}`);
        const problem = consistent(out);
        if (problem !== undefined) fail(problem);
        if (signal !== 'SIGKILL') {
          const expected =
            which === 'B'
              ? `feedkit: interrupted (${signal}) after the run was published; its feeds are in place\n`
              : `feedkit: interrupted (${signal}); nothing published, previous outputs kept\n`;
          if (result.code !== EXIT[signal]) fail(`exit ${result.code}, expected ${EXIT[signal]}`);
          if (result.stderr !== expected)
            fail(`said ${JSON.stringify(result.stderr)} with run ${which} in place`);
          const left = leftovers(out);
          if (left.length > 0) fail(`left ${left.join(', ')}`);
        }
        // The next run takes over whatever the fault left, and leaves nothing behind.
        const next = await convert({
          input: join(dir, 'b.csv'),
          mapping,
          out,
          threads: 1,
          publish: scenario.after,
          reportFormats: ['md'],
        });
        if (next.exitCode !== 0) fail(`next run exit ${next.exitCode}`);
        if (JSON.stringify(dataOf(view(out))) !== JSON.stringify(viewB))
          fail('next run did not publish run B');
        const left = leftovers(out);
        if (left.length > 0) fail(`after the next run: left ${left.join(', ')}`);
        if (failures.length === before) held++;
      }
    }
    process.stdout.write(`fault injection: ${cases} cases run, ${held} held\n`);
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(100);
  }, 900_000);
});
