import { copyFileSync, existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert.js';
import { FeedkitError, FeedkitErrors } from '../../src/model/errors.js';
import { cli, ROOT, tempDir, tsv } from '../helpers/run.js';

const fixtures = join(ROOT, 'fixtures/inputs/groups/joins');

/** A copy of the joins fixture in a temp folder, with the mapping edited. */
function setUp(edit: (yaml: string) => string = (yaml) => yaml) {
  const dir = tempDir();
  copyFileSync(join(fixtures, 'products.csv'), join(dir, 'products.csv'));
  copyFileSync(join(fixtures, 'stock.csv'), join(dir, 'stock.csv'));
  writeFileSync(join(dir, 'mapping.yaml'), edit(readFileSync(join(fixtures, 'mapping.yaml'), 'utf8')));
  return { dir, input: join(dir, 'products.csv'), mapping: join(dir, 'mapping.yaml'), out: join(dir, 'out') };
}

describe('joins', () => {
  it('reads a join file in its own dialect (main ";" windows-1252, join "," UTF-8 with BOM)', async () => {
    const { input, mapping, out } = setUp();
    const { report } = await convert({ input, mapping, out, threads: 1 });
    expect(report.source).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    const rows = tsv(readFileSync(join(out, 'google.tsv'), 'utf8'));
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    const byId = new Map(rows.slice(1).map((row) => [row[0], row]));
    expect(byId.get('DK-1')?.[col('availability')]).toBe('in_stock');
    // The first row of a key wins: DK-1's second row (99, "duplicate…") is ignored.
    expect(byId.get('DK-1')?.[col('custom_label_0')]).toBe('Vejle');
    expect(byId.get('DK-2')?.[col('custom_label_0')]).toBe('Århus');
    expect(byId.get('DK-2')?.[col('availability')]).toBe('out_of_stock');
    expect(byId.get('DK-3')?.[col('custom_label_0')]).toBe('');
    expect(report.joins).toEqual([
      {
        name: 'stock',
        path: 'stock.csv',
        encoding: 'utf-8',
        delimiter: ',',
        gzip: false,
        rows: 4,
        keys: 3,
        duplicates: 1,
        skipped: 0,
        matched: 2,
        unmatched: 1,
        without_key: 1,
        unmatched_samples: ['DK-3'],
        unused: 1,
      },
    ]);
  });

  it('refuses a join file outside the mapping folder, with its position', async () => {
    const { input, mapping, out } = setUp((yaml) => yaml.replace('path: stock.csv', 'path: ../stock.csv'));
    const error = (await convert({ input, mapping, out }).catch((e: unknown) => e)) as FeedkitError;
    expect(error).toBeInstanceOf(FeedkitError);
    expect({ code: error.code, line: error.line, col: error.col }).toEqual({
      code: 'mapping-invalid',
      line: 4,
      col: 11,
    });
    expect(error.message).toMatch(/"\.\.\/stock\.csv" is outside the mapping's folder.*--join <name>=<path>/);
  });

  it('names a join file elsewhere with --join, gzipped and with ";" this time', async () => {
    const { input, mapping, out } = setUp((yaml) =>
      yaml.replace('path: stock.csv', 'path: missing.csv\n    name: stock'),
    );
    const elsewhere = join(tempDir(), 'lager.csv.gz');
    writeFileSync(elsewhere, gzipSync(Buffer.from('SKU;Antal;Lager\nDK-3;2;Kolding\n', 'utf8')));
    const { report } = await convert({ input, mapping, out, threads: 1, joins: { stock: elsewhere } });
    expect(report.joins?.[0]).toMatchObject({
      path: elsewhere,
      gzip: true,
      delimiter: ';',
      matched: 1,
      unmatched: 2,
    });
  });

  it('a column the join file does not have is a mapping error at its place', async () => {
    const { input, mapping, out } = setUp((yaml) =>
      yaml.replace('fields: [Antal, Lager]', 'fields: [Antal, Lager, Lagr]'),
    );
    const error = await convert({ input, mapping, out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedkitErrors);
    const [first] = (error as FeedkitErrors).errors;
    expect(first).toMatchObject({ code: 'unknown-column', line: 7, col: 28, suggestion: 'Lager' });
    expect(first?.message).toMatch(/unknown column "Lagr" in the join file .*stock\.csv/);
  });

  it('closes a join file whose header lacks the key column', async () => {
    const { dir, input, mapping, out } = setUp();
    // Longer than the head read before the header is checked: the file is still open then.
    const stock = join(dir, 'stock.csv');
    writeFileSync(stock, `Varenummer,Antal,Lager\n${'DK-9,1,Vejle\n'.repeat(200_000)}`);
    const error = await convert({ input, mapping, out, threads: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedkitErrors);
    const [first] = (error as FeedkitErrors).errors;
    expect(first).toMatchObject({ code: 'unknown-column', line: 6, col: 10 });
    expect(first?.message).toMatch(/unknown column "SKU" in the join file .*stock\.csv/);
    // Where the open files can be listed (Linux): the join file is not among them.
    if (existsSync('/proc/self/fd')) await expect.poll(() => openFiles().includes(stock)).toBe(false);
  });

  it('a joined name that is also an input column is a mapping error', async () => {
    const { dir, mapping, out } = setUp();
    const input = join(dir, 'clash.csv');
    writeFileSync(input, 'Varenr,Navn,Pris,Billede,stock.Lager\nDK-1,Hue,10,/b.jpg,x\n');
    const error = await convert({ input, mapping, out }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/"stock\.Lager" is also a column of the input/);
  });

  it('the CLI takes --join and prints the join line (exit 0)', () => {
    const { input, mapping, out } = setUp((yaml) =>
      yaml.replace('path: stock.csv', 'path: other.csv\n    name: stock'),
    );
    const result = cli([
      'convert',
      input,
      '-m',
      mapping,
      '--out',
      out,
      '--join',
      `stock=${join(fixtures, 'stock.csv')}`,
      '--print',
      'console',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`join stock (${join(fixtures, 'stock.csv')})`);
    expect(result.stdout).toMatch(
      /4 rows, 2 records matched, 1 unmatched, 1 without key, 1 keys unused, 1 duplicate keys/,
    );
    const bad = cli(['convert', input, '-m', mapping, '--out', out, '--join', 'stok=x.csv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('the mapping has no join named "stok"');
  });
});

/** Paths of the files this process has open (Linux only). */
function openFiles(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return []; // closed since it was listed
    }
  });
}
