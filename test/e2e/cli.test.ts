import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/run.js';

const example = ['convert', 'fixtures/cases/example/supplier.csv', '--mapping', 'mappings/example.yaml'];

describe('feedkit CLI', () => {
  it('converts the example: exit 0, one summary line on stderr when not a terminal', () => {
    const out = tempDir();
    const run = cli([...example, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'feedkit: fixtures/cases/example/supplier.csv: 13 records; google 5/13 accepted (score 37), meta 8/13 accepted (score 47), klarna 8/13 accepted (score 67), openai 7/13 accepted (score 37)\n',
    );
    expect(existsSync(join(out, 'google.tsv'))).toBe(true);
    expect(existsSync(join(out, 'rejects.csv'))).toBe(true);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  });

  it('prints nothing with --quiet', () => {
    const run = cli([...example, '--out', tempDir(), '--quiet']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints the summary table with --print console, without colour under NO_COLOR', () => {
    const out = tempDir();
    const run = cli([...example, '--out', out, '--print', 'console']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('channel  read  accepted  rejected  score  output');
    expect(run.stdout).toMatch(/google\s+13\s+5\s+8\s+37\s+/);
    expect(run.stdout).toContain('meta values left out (items kept): dropped-value 3, sale-expired 1');
    expect(run.stdout.includes('\u001b[')).toBe(false);
  });

  it('exits 1 when the score is below --min-score, after writing everything', () => {
    const out = tempDir();
    const run = cli([...example, '--out', out, '--min-score', '90', '--quiet']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        'feedkit: quality: google: score 37 is below the minimum 90',
        'feedkit: quality: meta: score 47 is below the minimum 90',
        'feedkit: quality: klarna: score 67 is below the minimum 90',
        'feedkit: quality: openai: score 37 is below the minimum 90\n',
      ].join('\n'),
    );
    expect(existsSync(join(out, 'google.tsv'))).toBe(true);
  });

  it('exits 3 naming a missing input, and writes nothing', () => {
    const out = tempDir();
    const run = cli(['convert', 'nope.csv', '--mapping', 'mappings/example.yaml', '--out', out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('feedkit: nope.csv input file not found: nope.csv [input-missing]\n');
    expect(existsSync(join(out, 'google.tsv'))).toBe(false);
  });

  it('exits 2 on an unknown channel and lists the channels', () => {
    const run = cli([...example, '--channel', 'nope', '--out', tempDir()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^feedkit: unknown channel "nope"; channels: acp, google.* \[unknown-channel\]\n$/,
    );
  });

  it('exits 2 on a usage error', () => {
    const run = cli(['convert', 'fixtures/cases/example/supplier.csv']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '-m, --mapping <file>' not specified");
  });

  it('reads stdin for -', () => {
    const out = tempDir();
    const input = readFileSync(join(ROOT, 'fixtures/cases/example/supplier.csv'));
    const run = cli(['convert', '-', '--mapping', 'mappings/example.yaml', '--out', out, '--quiet'], {
      input,
    });
    expect(run.code).toBe(0);
    expect(readFileSync(join(out, 'google.tsv'), 'utf8').split('\n')).toHaveLength(7);
  });

  it.each([
    ['empty', ''],
    ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00])],
    ['truncated', 'cut'],
  ])('answers a %s input with one clean line and exit 3 (4 when cut off)', (_, given) => {
    const dir = tempDir();
    // A download cut off inside a quoted description of the example file.
    const example = readFileSync(join(ROOT, 'fixtures/cases/example/supplier.csv'));
    const content = given === 'cut' ? example.subarray(0, example.indexOf('Knapper')) : given;
    const input = join(dir, 'in.csv');
    writeFileSync(input, content);
    const run = cli(['convert', input, '--mapping', 'mappings/example.yaml', '--out', join(dir, 'out')]);
    expect(run.code).toBe(given === 'cut' ? 4 : 3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out', 'google.tsv'))).toBe(false);
  });

  it('checks a mapping: ok', () => {
    const run = cli(['check', 'mappings/example.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'mappings/example.yaml: ok (22 fields, channels: google, meta, klarna, openai)\n',
    );
  });

  it('checks a mapping: misspelt transform with file:line:col and a suggestion, exit 2', () => {
    const dir = tempDir();
    const mapping = join(dir, 'acme.yaml');
    writeFileSync(
      mapping,
      'fields:\n  id: sku\n  title:\n    from: name\n    pipe: [trim, { truncat: 150 }]\n',
    );
    const run = cli(['check', mapping]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `feedkit: ${mapping}:5:20 unknown transform "truncat" (did you mean "truncate"?) [unknown-transform]\n`,
    );
  });

  it('checks a mapping: YAML syntax error with position, exit 2', () => {
    const dir = tempDir();
    const mapping = join(dir, 'broken.yaml');
    writeFileSync(mapping, 'fields:\n  id: sku\n  title: { from: name\n');
    const run = cli(['check', mapping]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`^feedkit: ${mapping}:\\d+:\\d+ YAML syntax error: .+ \\[mapping-syntax\\]\\n`),
    );
  });

  it('checks several mappings, each with all its problems; --json gives them as data', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'fields:\n  id: sku\n  title:\n    from: name\n    pipe: [trim, { truncat: 150 }]\n');
    const run = cli(['check', 'mappings/example.yaml', bad, 'mappings/shopify.yaml']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^mappings\/example\.yaml: ok .+\nmappings\/shopify\.yaml: ok .+\n$/);
    expect(run.stderr).toBe(
      `feedkit: ${bad}:5:20 unknown transform "truncat" (did you mean "truncate"?) [unknown-transform]\n`,
    );
    const json = cli(['check', 'mappings/example.yaml', bad, '--json']);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('');
    const results = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(results.map((r) => [r.mapping, r.ok])).toEqual([
      ['mappings/example.yaml', true],
      [bad, false],
    ]);
    expect(results[0]?.channels).toEqual(['google', 'meta', 'klarna', 'openai']);
    expect(results[1]?.problems).toEqual([
      {
        code: 'unknown-transform',
        message: 'unknown transform "truncat"',
        file: bad,
        line: 5,
        col: 20,
        suggestion: 'truncate',
      },
    ]);
  }, 30_000);

  it('lists channels and transforms as JSON', () => {
    const channels = JSON.parse(cli(['channels', '--json']).stdout) as Array<{
      name: string;
      fields: unknown[];
    }>;
    expect(channels.map((c) => c.name)).toContain('google');
    expect(channels.every((c) => c.fields.length > 0)).toBe(true);
    const google = JSON.parse(cli(['channels', 'google', '--json']).stdout) as {
      fields: { name: string; group: string }[];
    };
    expect(google.fields).toContainEqual({ name: 'title', group: 'required' });
    const microsoft = JSON.parse(cli(['channels', 'microsoft', '--json']).stdout) as {
      source: string;
      spec_date: string;
    };
    expect(microsoft.spec_date).toBe('2026-12-07');
    expect(microsoft.source).toContain('help.ads.microsoft.com');
    const transforms = JSON.parse(cli(['transforms', '--json']).stdout) as Array<{
      name: string;
      examples: unknown[];
    }>;
    expect(transforms.find((t) => t.name === 'truncate')?.examples.length).toBeGreaterThan(1);
  }, 30_000);

  it('lists channels and transforms from the registries', () => {
    const channels = cli(['channels']);
    expect(channels.code).toBe(0);
    expect(channels.stdout).toMatch(/^google\s+Google Merchant Center \(tsv, rss, \d+ fields\)$/m);
    // Every channel with its source and spec date on the line below.
    for (const name of [
      'google',
      'klarna',
      'meta',
      'microsoft',
      'openai',
      'perplexity',
      'pinterest',
      'tiktok',
    ])
      expect(channels.stdout, name).toMatch(
        new RegExp(`^${name}\\s+.+\\n\\s+spec \\d{4}-\\d{2}(-\\d{2})?: \\S`, 'm'),
      );
    expect(channels.stdout).toMatch(
      /^microsoft\s+Microsoft Merchant Center \(tsv, \d+ fields\)\n\s+spec 2026-12-07: help\.ads\.microsoft\.com/m,
    );
    const tiktok = cli(['channels', 'tiktok']);
    expect(tiktok.stdout).toMatch(
      /^spec 2026-12-07: ads\.tiktok\.com\/help\/article\/catalog-product-parameters/m,
    );
    expect(tiktok.stdout).toMatch(
      /^ {2}availability\s+required\s+in stock\|available for order\|preorder\|out of stock\|discontinued$/m,
    );
    const google = cli(['channels', 'google']);
    expect(google.stdout).toMatch(/^ {2}title\s+required\s+string ≤150$/m);
    const transforms = cli(['transforms']);
    expect(transforms.stdout).toMatch(/^strip_html\s+\S/m);
    expect(transforms.stdout).toMatch(/^truncate\s+\S/m);
  });

  it('prints --version and --help with exit 0', () => {
    const version = cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const help = cli(['convert', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('Exit codes: 0 done, 1 quality threshold failed');
  });
});
