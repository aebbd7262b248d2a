import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir, tsv } from '../helpers/run.js';

const CASE = join(ROOT, 'fixtures/cases/change-control');
const GOLDEN = join(CASE, 'expected-delta');
const convert = (input: string, out: string, ...args: string[]) =>
  cli(['convert', join(CASE, input), '-m', join(CASE, 'delta.yaml'), '--out', out, '--quiet', ...args]);
const read = (path: string) => readFileSync(path, 'utf8');

/** Rows of a delimited file as objects by its header. */
const records = (rows: string[][]) => {
  const [header = [], ...rest] = rows;
  return rest.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
};
const byId = (rows: Array<Record<string, string>>, key = 'id') =>
  new Map(rows.map((r) => [r[key] as string, r]));
const sorted = <T>(values: Iterable<T>) =>
  [...values].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

type Product = { id: string; variants: Array<{ id: string; availability?: { status?: string } }> };
const products = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Product);

// Several CLI runs: a bound for a loaded machine, not a timed assertion.
describe('delta outputs (delta: true)', { timeout: 60_000 }, () => {
  it('write the golden Google supplemental, Meta batch and acp upsert, which turn the old feed into the new', () => {
    const dir = tempDir();
    const [before, out] = [join(dir, 'before'), join(dir, 'out')];
    expect(convert('before.csv', before).code).toBe(0);
    expect(convert('before.csv', out).code).toBe(0);
    // A first run compares with nothing: no delta, but its supplemental feed of every item.
    expect(existsSync(join(out, 'google.delta.tsv'))).toBe(false);
    expect(records(tsv(read(join(out, 'google.supplemental.tsv')))).length).toBe(10);
    const run = convert('after.csv', out);
    expect(run.code).toBe(0);
    for (const file of [
      'google.delta.tsv',
      'meta.delta.csv',
      'acp/products.delta.jsonl',
      'google.supplemental.tsv',
    ])
      expect(read(join(out, file)), file).toBe(read(join(GOLDEN, file.replace('acp/', ''))));
    const report = JSON.parse(read(join(out, 'report.json')));
    expect(report.changes.google.delta).toEqual({
      file: 'google.delta.tsv',
      added: 0,
      changed: 4,
      removed: 0,
    });
    expect(report.changes.meta.delta).toEqual({ file: 'meta.delta.csv', added: 1, changed: 4, removed: 3 });
    expect(report.changes.acp.delta).toEqual({
      file: 'acp/products.delta.jsonl',
      added: 1,
      changed: 5,
      removed: 2,
    });

    // Google: the supplemental updates the items in both feeds (it adds and removes none).
    const oldGoogle = byId(records(tsv(read(join(before, 'google.tsv')))));
    const newGoogle = byId(records(tsv(read(join(out, 'google.tsv')))));
    for (const row of records(tsv(read(join(out, 'google.delta.tsv'))))) {
      const item = oldGoogle.get(row.id as string);
      expect(item, row.id).toBeDefined();
      Object.assign(item as object, row);
    }
    for (const [id, item] of newGoogle) if (oldGoogle.has(id)) expect(oldGoogle.get(id), id).toEqual(item);
    const only = (a: Map<string, unknown>, b: Map<string, unknown>) =>
      [...a.keys()].filter((id) => !b.has(id));
    expect(only(newGoogle, oldGoogle)).toEqual(report.changes.google.added_samples);
    expect(only(oldGoogle, newGoogle)).toEqual(report.changes.google.removed_samples);

    // The supplemental feed: id, price and availability of every accepted item, as the feed has them.
    const supplemental = records(tsv(read(join(out, 'google.supplemental.tsv'))));
    expect(supplemental.map((r) => r.id)).toEqual([...newGoogle.keys()]);
    for (const row of supplemental) {
      const item = newGoogle.get(row.id as string);
      expect(row, row.id).toEqual({ id: row.id, availability: item?.availability, price: item?.price });
    }

    // Meta: CREATE, UPDATE and DELETE applied to the old feed give the new feed.
    const meta = byId(records(parse(read(join(before, 'meta.csv')))));
    for (const { method, ...row } of records(parse(read(join(out, 'meta.delta.csv'))))) {
      if (method === 'DELETE') expect(meta.delete(row.id as string), row.id).toBe(true);
      else {
        expect(meta.has(row.id as string), `${method} ${row.id}`).toBe(method === 'UPDATE');
        meta.set(row.id as string, row);
      }
    }
    expect(sorted(meta.values())).toEqual(sorted(records(parse(read(join(out, 'meta.csv'))))));

    // acp: upserted whole products, removed variants sent as discontinued, give the new feed.
    const acp = new Map(products(read(join(before, 'acp/products.jsonl'))).map((p) => [p.id, p]));
    for (const product of products(read(join(out, 'acp/products.delta.jsonl')))) acp.set(product.id, product);
    const live = [...acp.values()]
      .map((p) => ({ ...p, variants: p.variants.filter((v) => v.availability?.status !== 'discontinued') }))
      .filter((p) => p.variants.length > 0);
    expect(sorted(live)).toEqual(sorted(products(read(join(out, 'acp/products.jsonl')))));

    // The same file again: nothing changed, each delta is its header alone (acp's is empty).
    expect(convert('after.csv', out).code).toBe(0);
    expect(read(join(out, 'google.delta.tsv'))).toBe('id\n');
    expect(read(join(out, 'meta.delta.csv')).split('\n').slice(1)).toEqual(['']);
    expect(read(join(out, 'acp/products.delta.jsonl'))).toBe('');
    expect(JSON.parse(read(join(out, 'report.json'))).changes.meta.delta).toEqual({
      file: 'meta.delta.csv',
      added: 0,
      changed: 0,
      removed: 0,
    });
  });

  it('are not published for a refused channel, which keeps its previous feed', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect(convert('before.csv', out).code).toBe(0);
    const google = read(join(out, 'google.tsv'));
    const supplemental = read(join(out, 'google.supplemental.tsv'));
    // Google and Meta reject A07 (1 of 10 > 5 %): refused; acp takes it without a price and publishes.
    const mapping = join(dir, 'delta.yaml');
    writeFileSync(mapping, `${read(join(CASE, 'delta.yaml'))}gate: { max_reject_rate: 0.05 }\n`);
    const run = cli(['convert', join(CASE, 'after.csv'), '-m', mapping, '--out', out, '--quiet']);
    expect(run.code).toBe(4);
    expect(read(join(out, 'google.tsv'))).toBe(google);
    // Its update files stay the kept feed's: the first run's supplemental, no delta (it had none).
    expect(read(join(out, 'google.supplemental.tsv'))).toBe(supplemental);
    expect(existsSync(join(out, 'google.delta.tsv'))).toBe(false);
    expect(existsSync(join(out, 'meta.delta.csv'))).toBe(false);
    expect(read(join(out, 'acp/products.delta.jsonl'))).toBe(read(join(GOLDEN, 'products.delta.jsonl')));
    expect(readdirSync(join(out, '.feedkit/current')).filter((name) => name.startsWith('.changes'))).toEqual(
      [],
    );
  });

  it('is a mapping error on a channel that takes full feeds only (Klarna), or for a field the channel lacks', () => {
    const dir = tempDir();
    const mapping = join(dir, 'klarna.yaml');
    writeFileSync(
      mapping,
      'source: { currency: EUR }\nchannels:\n  klarna: { delta: true }\n  google: { supplemental: [price, seller_name] }\nfields:\n  id: SKU\n  title: Name\n',
    );
    const run = cli(['check', mapping]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${mapping}:3:13 channel "klarna" takes full feeds only: it has no delta form (expected delta on a channel that takes it (acp, google, meta)) [mapping-invalid]`,
    );
    expect(run.stderr).toContain(`${mapping}:4:35 channel "google" has no field from seller_name`);
  });
});
