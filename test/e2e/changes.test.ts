import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/run.js';

const CASE = join(ROOT, 'fixtures/cases/change-control');
const convert = (input: string, out: string, ...args: string[]) =>
  cli(['convert', join(CASE, input), '-m', join(CASE, 'mapping.yaml'), '--out', out, '--quiet', ...args]);
const bytes = (out: string) =>
  Object.fromEntries(
    [
      'google.tsv',
      'meta.csv',
      'acp/products.jsonl',
      'rejects.csv',
      'report.json',
      '.feedkit/snapshot/google',
    ].map((name) => [name, readFileSync(join(out, name))]),
  );

// Several CLI runs: a bound for a loaded machine, not a timed assertion.
describe('change control (issue 17, the acceptance test)', { timeout: 120_000 }, () => {
  it('reports every change of the second file, max_price_drop refuses it (exit 4, feeds kept), --force publishes', () => {
    const out = join(tempDir(), 'out');
    expect(convert('before.csv', out).code).toBe(0);
    const snapshot = readFileSync(join(out, '.feedkit/snapshot/google'), 'utf8').split('\n');
    expect(snapshot.slice(0, 2)).toEqual([
      '# feedkit snapshot 1',
      expect.stringMatching(/^id\tprice\tsale_price\tavailability\ttitle\tdescription\t/),
    ]);
    expect(snapshot.slice(2, -1).map((line) => line.split('\t')[0])).toEqual([
      'A01',
      'A02',
      'A03',
      'A04',
      'A05',
      'A06',
      'A07',
      'A08',
      'A09',
      'A10',
    ]);
    expect(snapshot[2]?.split('\t').slice(0, 5)).toEqual([
      'A01',
      '101.00 EUR',
      '',
      'in_stock',
      'Wool sweater 1',
    ]);
    const published = bytes(out);

    // 3 prices cut by 90 %, A04 and A05 removed, A11 added, A06's title changed, A07 now rejected.
    const refused = convert('after.csv', out, '--report-format', 'md');
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(
      'feedkit: not published, previous feeds kept: google: max_price_drop: 3 of 7 prices fell by more than 50% (42.9%, max 10%): A01 101.00 EUR → 10.10 EUR, A02 102.00 EUR → 10.20 EUR, A03 103.00 EUR → 10.30 EUR; meta: max_price_drop: 3 of 7',
    );
    expect(bytes(out)).toEqual(published);

    const report = JSON.parse(readFileSync(join(out, '.feedkit/refused/report.json'), 'utf8'));
    const google = {
      against: 'published',
      before: 10,
      after: 8,
      added: 1,
      removed: 3,
      changed: 4,
      unchanged: 3,
      fields: { price: 3, title: 1 },
      price: { fell: { '10': 3, '50': 3, '90': 0 }, rose: { '10': 0, '50': 0, '90': 0 } },
      rejected: { count: 1, samples: [{ id: 'A07', reason: 'invalid-price price' }] },
      added_samples: ['A11'],
      removed_samples: ['A04', 'A05', 'A07'],
      samples: [
        { id: 'A01', field: 'price', before: '101.00 EUR', after: '10.10 EUR' },
        { id: 'A02', field: 'price', before: '102.00 EUR', after: '10.20 EUR' },
        { id: 'A03', field: 'price', before: '103.00 EUR', after: '10.30 EUR' },
        { id: 'A06', field: 'title', before: 'Wool sweater 6', after: 'Wool sweater 6, new colour' },
      ],
      failed: [
        'google: max_price_drop: 3 of 7 prices fell by more than 50% (42.9%, max 10%): A01 101.00 EUR → 10.10 EUR, A02 102.00 EUR → 10.20 EUR, A03 103.00 EUR → 10.30 EUR',
      ],
    };
    expect(report.changes.google).toEqual(google);
    // Meta writes the same items; acp takes the price-less A07 (its price is optional): emptied, not rejected.
    expect(report.changes.meta).toMatchObject({ added: 1, removed: 3, changed: 4, rejected: { count: 1 } });
    expect(report.changes.acp).toMatchObject({
      added: 1,
      removed: 2,
      changed: 5,
      fields: { price: 4, title: 1 },
      price: { fell: { '50': 3 } },
      rejected: { count: 0 },
    });
    expect(report.publish.channels.google).toEqual({ published: false, reasons: google.failed });

    const md = readFileSync(join(out, '.feedkit/refused/report.md'), 'utf8');
    expect(md).toContain(
      [
        '| channel | before | after | added | removed | changed | fields | prices | accepted → rejected |',
        '|---|---:|---:|---:|---:|---:|---|---|---:|',
        '| google | 10 | 8 | 1 | 3 | 4 | price 3, title 1 | fell >10 % 3, >50 % 3, >90 % 0 | 1 |',
        '| meta | 10 | 8 | 1 | 3 | 4 | price 3, title 1 | fell >10 % 3, >50 % 3, >90 % 0 | 1 |',
        '| acp | 10 | 9 | 1 | 2 | 5 | price 4, title 1 | fell >10 % 3, >50 % 3, >90 % 0 | 0 |',
      ].join('\n'),
    );
    expect(md).toContain(
      [
        '**google**, top samples:',
        '',
        '| id | field | before | after |',
        '|---|---|---|---|',
        '| A01 | price | 101.00 EUR | 10.10 EUR |',
        '| A02 | price | 102.00 EUR | 10.20 EUR |',
        '| A03 | price | 103.00 EUR | 10.30 EUR |',
        '| A06 | title | Wool sweater 6 | Wool sweater 6, new colour |',
        '| A11 | *added* | | |',
        '| A04 | *removed* | | |',
        '| A05 | *removed* | | |',
        '| A07 | *rejected* | | invalid-price price |',
      ].join('\n'),
    );

    // --force publishes anyway and says so; the snapshot is then the new run's.
    const forced = convert('after.csv', out, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('feedkit: published anyway (--force): google: max_price_drop: 3 of 7');
    const after = readFileSync(join(out, '.feedkit/snapshot/google'), 'utf8').split('\n');
    expect(after.slice(2, -1).map((line) => line.split('\t')[0])).toEqual([
      'A01',
      'A02',
      'A03',
      'A06',
      'A08',
      'A09',
      'A10',
      'A11',
    ]);
    // Compared with itself, nothing changed.
    const again = cli([
      'convert',
      join(CASE, 'after.csv'),
      '-m',
      join(CASE, 'mapping.yaml'),
      '--out',
      out,
      '--print',
      'console',
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('google changes since published: +0 added, -0 removed, 0 changed');
  });

  it("--baseline <folder> compares with that folder's snapshots (an output folder or snapshot files), a report.json still compares totals", () => {
    const dir = tempDir();
    const main = join(dir, 'main');
    expect(convert('before.csv', main).code).toBe(0);
    const counts = (out: string) => {
      const report = JSON.parse(readFileSync(join(out, '.feedkit/dry-run/report.json'), 'utf8'));
      return Object.fromEntries(
        Object.entries(report.changes as Record<string, Record<string, unknown>>).map(([name, c]) => [
          name,
          [c.against, c.before, c.after, c.added, c.removed, c.changed, c.unchanged],
        ]),
      );
    };
    // A pull request's run: a fresh folder of its own, compared with main's output folder.
    const pr = join(dir, 'pr');
    const run = convert('after.csv', pr, '--dry-run', '--baseline', main);
    // A dry run says what the gate would refuse, against main's snapshots, and exits 0.
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('the gate would refuse (--dry-run): google: max_price_drop: 3 of 7');
    expect(counts(pr)).toEqual({
      google: [main, 10, 8, 1, 3, 4, 3],
      meta: [main, 10, 8, 1, 3, 4, 3],
      acp: [main, 10, 9, 1, 2, 5, 3],
    });
    // main's report.json is in the folder: the totals are compared too.
    const report = JSON.parse(readFileSync(join(pr, '.feedkit/dry-run/report.json'), 'utf8'));
    expect(report.baseline.channels.google.accepted).toEqual({ before: 10, after: 8 });

    // The snapshot files alone, as a catalog repository commits them.
    const files = join(dir, 'snapshots');
    mkdirSync(files);
    for (const name of readdirSync(join(main, '.feedkit/snapshot')))
      cpSync(join(main, '.feedkit/snapshot', name), join(files, name));
    const pr2 = join(dir, 'pr2');
    expect(convert('after.csv', pr2, '--dry-run', '--baseline', files).code).toBe(0);
    expect(Object.values(counts(pr2)).map((c) => c.slice(1))).toEqual(
      Object.values(counts(pr)).map((c) => c.slice(1)),
    );

    // A folder without a channel's snapshot: exit 2 before anything is read, naming what it looked for.
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const missing = convert('after.csv', join(dir, 'pr3'), '--baseline', empty);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `--baseline ${empty}: no snapshot of channel "google" (looked for ${join(empty, '.feedkit/snapshot/google')} and ${join(empty, 'google')})`,
    );
    expect(missing.stderr).toContain('[baseline-no-snapshot]');

    // A report file: the totals only, the change report against the folder's own last publish.
    const totals = convert(
      'after.csv',
      join(dir, 'pr4'),
      '--dry-run',
      '--baseline',
      join(main, 'report.json'),
    );
    expect(totals.code).toBe(0);
    const only = JSON.parse(readFileSync(join(dir, 'pr4/.feedkit/dry-run/report.json'), 'utf8'));
    expect(only.changes).toBeUndefined();
    expect(only.baseline.channels.google.accepted).toEqual({ before: 10, after: 8 });
  });

  it('feedkit diff on two Google TSV files, two Meta CSVs and two output folders (acp) gives the convert-time counts', () => {
    const dir = tempDir();
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    expect(convert('before.csv', a).code).toBe(0);
    expect(convert('after.csv', b).code).toBe(0);
    // The convert-time report of the same change: after.csv against a's published run.
    expect(convert('after.csv', a, '--dry-run').code).toBe(0);
    const atConvert = JSON.parse(readFileSync(join(a, '.feedkit/dry-run/report.json'), 'utf8')).changes;
    const counts = (c: Record<string, unknown>) => ({
      before: c.before,
      after: c.after,
      added: c.added,
      removed: c.removed,
      changed: c.changed,
      unchanged: c.unchanged,
      fields: c.fields,
      price: c.price,
      added_samples: c.added_samples,
      removed_samples: c.removed_samples,
    });
    const diff = (...args: string[]) => cli(['diff', ...args, '--format', 'json']);
    for (const [channel, file] of [
      ['google', 'google.tsv'],
      ['meta', 'meta.csv'],
    ] as const) {
      const run = diff(join(a, file), join(b, file));
      expect(run.code).toBe(0);
      const changes = JSON.parse(run.stdout).changes;
      expect(Object.keys(changes)).toEqual([channel]);
      expect(counts(changes[channel])).toEqual(counts(atConvert[channel]));
      // A file alone does not tell which items were rejected: only a folder's rejects.csv does.
      expect(changes[channel].rejected.count).toBe(0);
    }
    // Folders: every channel in both, rejected items from the later folder's rejects.csv.
    const folders = diff(a, b);
    expect(folders.code).toBe(0);
    const changes = JSON.parse(folders.stdout).changes;
    expect(Object.keys(changes)).toEqual(['google', 'meta', 'acp']);
    for (const name of ['google', 'meta', 'acp']) {
      expect(counts(changes[name])).toEqual(counts(atConvert[name]));
      expect(changes[name].rejected).toEqual(atConvert[name].rejected);
      expect(changes[name].samples.map((s: { id: string; field: string }) => `${s.id} ${s.field}`)).toEqual(
        atConvert[name].samples.map((s: { id: string; field: string }) => `${s.id} ${s.field}`),
      );
    }
    expect(changes.acp.against).toBe(a);

    // The console line and the mapping's rules: max_price_drop breaks, --fail-on-rules exits 4.
    const ruled = cli(['diff', a, b, '-m', join(CASE, 'mapping.yaml'), '--fail-on-rules']);
    expect(ruled.code).toBe(4);
    expect(ruled.stdout).toContain(
      `google changes since ${a}: +1 added, -3 removed, 4 changed (price 3, title 1); prices fell >10 % 3, >50 % 3, >90 % 0; 1 accepted → rejected`,
    );
    expect(ruled.stdout).toContain(
      'change rule broken: google: max_price_drop: 3 of 7 prices fell by more than 50%',
    );
    expect(cli(['diff', a, b, '-m', join(CASE, 'mapping.yaml')]).code).toBe(0);
    const md = cli(['diff', join(a, 'google.tsv'), join(b, 'google.tsv'), '--format', 'md']);
    expect(md.stdout).toContain(
      '| google | 10 | 8 | 1 | 3 | 4 | price 3, title 1 | fell >10 % 3, >50 % 3, >90 % 0 | 0 |',
    );
    // A file with a folder is a usage error.
    expect(cli(['diff', join(a, 'google.tsv'), b]).code).toBe(2);
  });
});
