import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, MINIMAL_MAPPING, ROOT, tempDir } from '../helpers/run.js';

const rows = (n: number, price = (i: number) => `"${i + 1},00"`) =>
  `sku,title,price\n${Array.from({ length: n }, (_, i) => `S-${i},Item ${i},${price(i)}`).join('\n')}\n`;

/** The CLI with NO_COLOR=1, run in `dir`, with a temporary folder of its own to look into. */
function run(dir: string, args: string[]) {
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/feedkit.js'), ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, TMPDIR: tmp },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, leftInTmp: readdirSync(tmp) };
}

function setUp(input = rows(20), mapping = MINIMAL_MAPPING) {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.csv'), input);
  writeFileSync(join(dir, 'm.yaml'), mapping);
  return dir;
}

describe('-o -: the feed to stdout', () => {
  it("writes the one channel's feed to stdout, byte for byte the folder's, and the summary to stderr", () => {
    const dir = setUp();
    const inFolder = cli([
      'convert',
      join(dir, 'in.csv'),
      '-m',
      join(dir, 'm.yaml'),
      '--out',
      join(dir, 'feeds'),
      '-q',
    ]);
    expect(inFolder.code).toBe(0);
    const result = run(dir, ['convert', 'in.csv', '-m', 'm.yaml', '-o', '-']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(dir, 'feeds', 'google.tsv'), 'utf8'));
    expect(result.stderr).toBe('feedkit: in.csv: 20 records; google 20/20 accepted (score 60)\n');
    // No folder is kept: not the default out/, not a folder named -, nothing left in TMPDIR.
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(existsSync(join(dir, '-'))).toBe(false);
    expect(result.leftInTmp).toEqual([]);
  });

  it('--print goes to stderr then; --out <dir> and --out - side by side stay what they were', () => {
    const dir = setUp();
    const result = run(dir, ['convert', 'in.csv', '-m', 'm.yaml', '--out', '-', '--print', 'json']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^id\ttitle\t/);
    const report = JSON.parse(result.stderr);
    expect(report.channels.google.records).toEqual({ read: 20, accepted: 20, rejected: 0 });
    const folder = run(dir, ['convert', 'in.csv', '-m', 'm.yaml', '-o', 'feeds', '-q']);
    expect(folder.code).toBe(0);
    expect(folder.stdout).toBe('');
    expect(existsSync(join(dir, 'feeds', 'google.tsv'))).toBe(true);
  });

  it('a feed the gate refuses prints nothing on stdout (exit 4)', () => {
    const dir = setUp(rows(20, () => 'free'));
    const result = run(dir, ['convert', 'in.csv', '-m', 'm.yaml', '-o', '-']);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/not published, previous feeds kept: /);
    expect(result.stderr).not.toContain('.feedkit');
    expect(result.leftInTmp).toEqual([]);
  });

  it('several channels, or an option that needs a folder, is a usage error (exit 2) saying why', () => {
    const dir = setUp(rows(5), `${MINIMAL_MAPPING}channels: [google, meta]\n`);
    const several = run(dir, ['convert', 'in.csv', '-m', 'm.yaml', '-o', '-']);
    expect(several.code).toBe(2);
    expect(several.stdout).toBe('');
    expect(several.stderr).toBe(
      "feedkit: -o - writes one channel's feed to stdout, and this run has 2 (google, meta): choose one with --channel, or write them to a folder [usage]\n",
    );
    const chosen = run(dir, ['convert', 'in.csv', '-m', 'm.yaml', '-o', '-', '-c', 'google', '-q']);
    expect(chosen.code).toBe(0);
    expect(chosen.stdout.split('\n')[0]).toMatch(/^id\t/);
    for (const [option, why] of [
      [['--if-changed'], '--if-changed compares with the last run kept in the output folder'],
      [['--dry-run'], '--dry-run writes no feed'],
      [['--report-format', 'html'], '--report-format writes report files into the output folder'],
    ] as const) {
      const result = run(dir, ['convert', 'in.csv', '-m', 'm.yaml', '-c', 'google', '-o', '-', ...option]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `feedkit: -o - writes the feed to stdout and keeps no folder; ${why} [usage]\n`,
      );
    }
  });
});
