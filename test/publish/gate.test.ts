import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate.js';
import { recoverPublish } from '../../src/publish/journal.js';
import { cli, cliAsync, MINIMAL_MAPPING, ROOT, tempDir } from '../helpers/run.js';

const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A CSV of `n` good records for the minimal mapping. */
const rows = (n: number) =>
  `sku,title,price\n${Array.from({ length: n }, (_, i) => `S-${i},Item ${i},"${i + 1},00"`).join('\n')}\n`;

function setUp(mapping = MINIMAL_MAPPING) {
  const dir = tempDir();
  writeFileSync(join(dir, 'm.yaml'), mapping);
  const out = join(dir, 'out');
  const run = (input: string, ...args: string[]) => {
    writeFileSync(join(dir, 'in.csv'), input);
    return cli([
      'convert',
      join(dir, 'in.csv'),
      '--mapping',
      join(dir, 'm.yaml'),
      '--out',
      out,
      '--quiet',
      ...args,
    ]);
  };
  const published = () =>
    Object.fromEntries(
      readdirSync(out)
        .filter((name) => !name.startsWith('.'))
        .map((name) => [name, readFileSync(join(out, name))]),
    );
  return { dir, out, run, published };
}

describe('publish gate', () => {
  it('keeps the feeds of 1,000 records when the next file has 100: exit 4, the same bytes, the reason said', () => {
    const { out, run, published } = setUp();
    expect(run(rows(1000)).code).toBe(0);
    const before = published();
    const second = run(rows(100));
    expect(second.code).toBe(4);
    expect(second.stderr).toBe(
      'feedkit: not published, previous feeds kept: google: max_removed: 900 of 1000 published items removed (90%, max 20%): S-100, S-101, S-102\n',
    );
    expect(published()).toEqual(before);
    // The refused run's report and rejects are where a person looks for why.
    const refused = JSON.parse(readFileSync(join(out, '.feedkit', 'refused', 'report.json'), 'utf8'));
    expect(refused.publish).toEqual({
      published: false,
      dry_run: false,
      forced: false,
      refused: [
        'google: max_removed: 900 of 1000 published items removed (90%, max 20%): S-100, S-101, S-102',
      ],
      channels: {
        google: {
          published: false,
          reasons: [
            'google: max_removed: 900 of 1000 published items removed (90%, max 20%): S-100, S-101, S-102',
          ],
        },
      },
    });
    expect(readdirSync(join(out, '.feedkit', 'refused')).sort()).toEqual([
      'rejects.csv',
      'report.json',
      'report.md',
    ]);
    // --force publishes and says so.
    const forced = run(rows(100), '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe(
      'feedkit: published anyway (--force): google: max_removed: 900 of 1000 published items removed (90%, max 20%): S-100, S-101, S-102\n',
    );
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).channels.google.records.accepted).toBe(
      100,
    );
  });

  it('never publishes a feed with no items, not even the first one', () => {
    const { out, run } = setUp();
    const result = run('sku,title,price\nS-1,Hat,n/a\n');
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      'feedkit: not published, previous feeds kept: google: no item accepted (1 read)\n' +
        `feedkit: google: most rejected for invalid-price (1); see ${join(out, '.feedkit', 'refused')}/\n`,
    );
    expect(existsSync(join(out, 'google.tsv'))).toBe(false);
  });

  it('refuses a reject rate above gate.max_reject_rate; a drop within max_drop passes', () => {
    const { run } = setUp(`${MINIMAL_MAPPING}\ngate: { max_reject_rate: 0.25, max_drop: 0.5 }\n`);
    expect(run(rows(10)).code).toBe(0);
    expect(run(rows(6)).code).toBe(0); // a 40% drop, max 50%
    const bad = run(`${rows(3)}X-1,Bad,n/a\nX-2,Bad,n/a\n`);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('google: 40% of records rejected (max 25%)');
  });

  it('does not count records a filter leaves out on purpose in the reject rate', () => {
    const { run } = setUp(
      `${MINIMAL_MAPPING}\nfilters: [{ exclude: 'title == "Old"', reason: discontinued }]\ngate: { max_reject_rate: 0.25 }\n`,
    );
    // 6 read, 2 left out by the filter: 1 failed of 4 is 25%, within the limit.
    const within = run(`${rows(3)}X-1,Old,"1,00"\nX-2,Old,"1,00"\nX-3,Bad,n/a\n`);
    expect([within.code, within.stderr]).toEqual([0, '']);
    const over = run(`${rows(3)}X-1,Old,"1,00"\nX-2,Old,"1,00"\nX-3,Bad,n/a\nX-4,Bad,n/a\n`);
    expect(over.code).toBe(4);
    expect(over.stderr).toContain('google: 40% of records rejected (max 25%)');
  });

  it('exits 1 for an unmet field fill rate, and publishes unless gate.block_on_quality', () => {
    const mapping = `${MINIMAL_MAPPING}  gtin: { from: title, pipe: [{ gtin: { invalid: drop } }] }\nquality: { fields: { gtin: { min_fill: 0.9 } } }\n`;
    const soft = setUp(mapping);
    const result = soft.run(rows(5));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('feedkit: quality: google: gtin filled in 0% of records (min 90%)\n');
    expect(existsSync(join(soft.out, 'google.tsv'))).toBe(true);
    const hard = setUp(`${mapping}gate: { block_on_quality: true }\n`);
    expect(hard.run(rows(5)).code).toBe(4);
    expect(existsSync(join(hard.out, 'google.tsv'))).toBe(false);
  });

  it('--dry-run writes only its report, to .feedkit/dry-run/, and touches nothing published', () => {
    const { out, run, published } = setUp();
    expect(run(rows(50)).code).toBe(0);
    const before = published();
    const state = readFileSync(join(out, '.feedkit', 'current', 'state.json'));
    const dry = run(rows(5), '--dry-run', '--report-format', 'md');
    expect(dry.code).toBe(0); // as before: a dry run's exit is the quality's; the gate's verdict is said
    expect(dry.stderr).toContain(
      'the gate would refuse (--dry-run): google: max_removed: 45 of 50 published items removed (90%',
    );
    // Byte for byte: feeds, rejects and the published report.json alike, and the state.
    expect(published()).toEqual(before);
    expect(readFileSync(join(out, '.feedkit', 'current', 'state.json'))).toEqual(state);
    const report = JSON.parse(readFileSync(join(out, '.feedkit', 'dry-run', 'report.json'), 'utf8'));
    expect(report.publish).toMatchObject({ published: false, dry_run: true });
    expect(report.channels.google.records.read).toBe(5);
    expect(readdirSync(join(out, '.feedkit', 'dry-run')).sort()).toEqual(['report.json', 'report.md']);
  });
});

describe('one run at a time', () => {
  it('a second run on the folder exits 5 naming the holder and changes nothing', () => {
    const { out, run, published } = setUp();
    expect(run(rows(20)).code).toBe(0);
    const before = published();
    mkdirSync(join(out, '.feedkit'), { recursive: true });
    // A live holder: this test process.
    writeFileSync(
      join(out, '.feedkit', 'lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-11-23T10:00:00.000Z' }),
    );
    const second = run(rows(30));
    expect(second.code).toBe(5);
    expect(second.stderr).toContain(`is in use by another feedkit run (pid ${process.pid} on `);
    expect(second.stderr).toContain('started 2026-11-23T10:00:00.000Z); nothing was changed (expected no ');
    expect(published()).toEqual(before);
  });

  it('takes over a lock its dead holder left', () => {
    const { out, run } = setUp();
    mkdirSync(join(out, '.feedkit'), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid as number;
    writeFileSync(
      join(out, '.feedkit', 'lock'),
      JSON.stringify({ pid: dead, host: hostname(), started: '2026-11-23T09:00:00.000Z' }),
    );
    expect(run(rows(20)).code).toBe(0);
    expect(existsSync(join(out, '.feedkit', 'lock'))).toBe(false);
  });

  it('a lock from another host blocks while its heartbeat is fresh, and is taken over once it stopped', () => {
    const { out, run, published } = setUp();
    expect(run(rows(20)).code).toBe(0);
    const before = published();
    const lock = join(out, '.feedkit', 'lock');
    // Another host's run: its pid means nothing here, only the lock's age does.
    writeFileSync(lock, JSON.stringify({ pid: 1, host: 'other-host', started: '2026-12-01T10:00:00.000Z' }));
    const blocked = run(rows(30));
    expect(blocked.code).toBe(5);
    expect(blocked.stderr).toContain('is in use by another feedkit run (pid 1 on other-host, started ');
    expect(blocked.stderr).toContain('or one left by a process that is gone or untouched for 60 s)');
    expect(published()).toEqual(before);
    // Two minutes without a heartbeat: a crashed container on a shared volume.
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(lock, twoMinutesAgo, twoMinutesAgo);
    expect(run(rows(30)).code).toBe(0);
    expect(existsSync(lock)).toBe(false);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.channels.google.records.read).toBe(30);
  });

  it('a lock untouched for two minutes is stale even when its pid looks alive (a reused pid)', () => {
    const { out, run } = setUp();
    mkdirSync(join(out, '.feedkit'), { recursive: true });
    const lock = join(out, '.feedkit', 'lock');
    // This test process is alive, on this host: without the heartbeat rule the run would exit 5.
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-12-01T10:00:00.000Z' }),
    );
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(lock, twoMinutesAgo, twoMinutesAgo);
    expect(run(rows(20)).code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('a long run keeps its lock fresh: set two minutes back while held, it is touched again', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.csv');
    await generate(input, 100_000);
    const out = join(dir, 'out');
    const lock = join(out, '.feedkit', 'lock');
    const running = cliAsync(
      [
        'convert',
        input,
        '--mapping',
        join(ROOT, 'bench/mapping.yaml'),
        '--out',
        out,
        '--quiet',
        '--threads',
        '1',
      ],
      { env: { FEEDKIT_LOCK_HEARTBEAT_MS: '20' } },
    );
    while (!existsSync(lock)) await new Promise((r) => setTimeout(r, 5));
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(lock, twoMinutesAgo, twoMinutesAgo);
    // Converting on the main thread (--threads 1) still leaves the heartbeat its turns.
    let touched = false;
    while (!touched && existsSync(lock)) {
      touched = (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0) > twoMinutesAgo.getTime() + 60_000;
      if (!touched) await new Promise((r) => setTimeout(r, 5));
    }
    expect(touched).toBe(true);
    expect((await running).code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it('two real runs on one folder: the second, started while the first holds the lock, exits 5', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.csv');
    await generate(input, 100_000);
    const out = join(dir, 'out');
    const start = () =>
      cliAsync(['convert', input, '--mapping', join(ROOT, 'bench/mapping.yaml'), '--out', out, '--quiet']);
    const first = start();
    // Start the second only once the first holds the folder, so they overlap however loaded the machine is.
    while (!existsSync(join(out, '.feedkit', 'lock'))) await new Promise((r) => setTimeout(r, 10));
    const second = await start();
    expect(second.code).toBe(5);
    expect(second.stderr).toMatch(/is in use by another feedkit run \(pid \d+ on /);
    expect((await first).code).toBe(0);
  }, 60_000);
});

describe('crash safety', () => {
  it('finishes a publish a killed run left halfway before anything else', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.feedkit'));
    writeFileSync(join(dir, '.a.tmp'), 'new a');
    writeFileSync(join(dir, 'b'), 'new b'); // already renamed before the kill
    writeFileSync(join(dir, 'a'), 'old a');
    writeFileSync(
      join(dir, '.feedkit', 'publish.json'),
      JSON.stringify([
        { temp: join(dir, '.a.tmp'), target: join(dir, 'a') },
        { temp: join(dir, '.b.tmp'), target: join(dir, 'b') },
      ]),
    );
    expect(await recoverPublish(dir)).toBe(true);
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('new a');
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('new b');
    expect(existsSync(join(dir, '.feedkit', 'publish.json'))).toBe(false);
  });

  it('SIGKILL at random moments: the folder always holds a complete run (test/publish/kill-loop.mjs, small)', () => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'test/publish/kill-loop.mjs'), '--rows', '20000', '--times', '4'],
      {
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^kill-loop: 4 runs of 20000 rows .* 0 temporary files left by killed runs, [12] generations kept \(current and previous\)\n$/,
    );
  }, 120_000);

  it.each(['SIGINT', 'SIGTERM'])(
    '%s at random moments: exit 130/143 or 0, a truthful one-line message, never a stack trace (test/publish/kill-loop.mjs, small)',
    (signal) => {
      const result = spawnSync(
        process.execPath,
        [join(ROOT, 'test/publish/kill-loop.mjs'), '--rows', '20000', '--times', '6', '--signal', signal],
        { encoding: 'utf8' },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(
          `^kill-loop: 6 runs of 20000 rows .*, \\d+ stopped with ${signal} .* 0 temporary files left by killed runs`,
        ),
      );
    },
    180_000,
  );

  it('SIGTERM: exit 143, its generation and lock removed, previous feeds kept', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.csv');
    await generate(input, 50_000);
    const out = join(dir, 'out');
    const args = [
      join(ROOT, 'bin/feedkit.js'),
      'convert',
      input,
      '--mapping',
      join(ROOT, 'bench/mapping.yaml'),
      '--out',
      out,
      '--quiet',
    ];
    expect(spawnSync(process.execPath, args).status).toBe(0);
    const before = readFileSync(join(out, 'google.tsv'));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // Wait until the run writes its generation, then stop it.
    const generation = join(out, '.feedkit', 'gen-000002');
    while (!existsSync(generation)) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(143);
    expect(stderr).toBe('feedkit: interrupted (SIGTERM); nothing published, previous outputs kept\n');
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(generation)).toBe(false);
    expect(existsSync(join(out, '.feedkit', 'lock'))).toBe(false);
    // Compared as a digest: toEqual on a 30 MB Buffer walks it entry by entry.
    expect(digest(readFileSync(join(out, 'google.tsv')))).toBe(digest(before));
  }, 60_000);
});

describe('report formats', () => {
  it('writes every --report-format into the folder with the run, and Markdown to $GITHUB_STEP_SUMMARY', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const summary = join(dir, 'summary.md');
    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin/feedkit.js'),
        'convert',
        'fixtures/cases/example/supplier.csv',
        '-m',
        'mappings/example.yaml',
        '--out',
        out,
        '--quiet',
        '--report-format',
        'md,html',
        '--report-format',
        'junit,github',
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: summary } },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(
      readdirSync(out)
        .filter((name) => name.startsWith('report'))
        .sort(),
    ).toEqual(['report.github.txt', 'report.html', 'report.json', 'report.junit.xml', 'report.md']);
    expect(readFileSync(summary, 'utf8')).toBe(`${readFileSync(join(out, 'report.md'), 'utf8')}\n`);
    expect(readFileSync(join(out, 'report.github.txt'), 'utf8')).toMatch(
      /^::error file=fixtures\/cases\/example\/supplier\.csv,line=4,title=google%3A Invalid GTIN::/,
    );
  });

  it('removes the reports of an earlier run that this run does not write, with links and with copy', () => {
    for (const [first, second] of [
      ['links', 'links'],
      ['copy', 'copy'],
      ['copy', 'links'],
      ['links', 'copy'],
    ]) {
      const { out, run } = setUp();
      expect(run(rows(10), '--publish', first as string, '--report-format', 'html,md,junit').code).toBe(0);
      const reports = () =>
        readdirSync(out)
          .filter((name) => name.startsWith('report'))
          .sort();
      expect(reports()).toEqual(['report.html', 'report.json', 'report.junit.xml', 'report.md']);
      expect(run(rows(12), '--publish', second as string, '--report-format', 'md').code).toBe(0);
      // No report.html of 10 records beside a report.json of 12.
      expect(reports(), `${first} then ${second}`).toEqual(['report.json', 'report.md']);
      expect(run(rows(14), '--publish', second as string).code).toBe(0);
      expect(reports(), `${first} then ${second}`).toEqual(['report.json']);
      expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).source.records).toBe(14);
    }
  }, 120_000);

  it('refuses an unknown format as a usage error', () => {
    const run = cli([
      'convert',
      'fixtures/cases/example/supplier.csv',
      '-m',
      'mappings/example.yaml',
      '--report-format',
      'pdf',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown report format "pdf"; formats: github, html, json, junit, md');
  });
});

describe('baseline comparison', () => {
  it('shows what got worse against an earlier report, and --max-regression fails the run', () => {
    const { dir, out, run } = setUp();
    expect(run(rows(10)).code).toBe(0);
    const baseline = join(dir, 'baseline.json');
    writeFileSync(baseline, readFileSync(join(out, 'report.json')));
    // Worse: half the records lose their price.
    const worse = `sku,title,price\n${Array.from({ length: 10 }, (_, i) => `S-${i},Item ${i},${i % 2 ? 'n/a' : '"1,00"'}`).join('\n')}\n`;
    const result = run(worse, '--baseline', baseline, '--max-regression', '5', '--force', '--print', 'md');
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.baseline.channels.google.accepted).toEqual({ before: 10, after: 5 });
    expect(report.baseline.channels.google.new_issues).toEqual(['invalid-price']);
    expect(report.baseline.channels.google.score.delta).toBeLessThan(-5);
    expect(report.quality.failures[0]).toMatch(
      /^google: score dropped \d+ points against the baseline \(\d+ → \d+, max 5\)$/,
    );
  });

  it('an unreadable baseline is a usage error before anything is read', () => {
    const { dir, run } = setUp();
    const result = run(rows(3), '--baseline', join(dir, 'nope.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot use');
  });
});

describe('logs fit for cron', () => {
  it('--log-format json: one JSON line per event on stderr, errors included', () => {
    const { dir, run } = setUp();
    const done = run(rows(3), '--log-format', 'json');
    // --quiet (from setUp) still says nothing when all went well.
    expect(done.stderr).toBe('');
    const loud = cli([
      'convert',
      join(dir, 'in.csv'),
      '-m',
      join(dir, 'm.yaml'),
      '--out',
      join(dir, 'o2'),
      '--log-format',
      'json',
    ]);
    const line = JSON.parse(loud.stderr);
    expect(line).toMatchObject({ level: 'info', event: 'done', records: 3, published: true });
    expect(line.channels.google).toEqual({ read: 3, accepted: 3, rejected: 0, score: expect.any(Number) });
    const failed = cli([
      'convert',
      join(dir, 'missing.csv'),
      '-m',
      join(dir, 'm.yaml'),
      '--log-format',
      'json',
    ]);
    expect(failed.code).toBe(3);
    expect(JSON.parse(failed.stderr)).toMatchObject({
      level: 'error',
      event: 'failed',
      code: 'input-missing',
    });
  });
});
