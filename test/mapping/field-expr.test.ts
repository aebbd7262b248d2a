import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { FeedkitErrors, formatError } from '../../src/model/errors.js';
import { MINIMAL_MAPPING, runConvert, tempDir, tsv } from '../helpers/run.js';

// A shop export with the selling price and a "compare at" price: the higher one is the price
// before the sale, the selling price is the sale price; a compare-at price at or below the
// selling price is no sale at all.
const INPUT =
  'sku,title,price,compare\nA-1,Hue,"99,00","129,00"\nA-2,Vanter,"89,50",\nA-3,Sjal,"95,00","64,95"\n';
const MAPPING = MINIMAL_MAPPING.replace(
  '  price: { from: price, pipe: [price] }\n',
  `  price:
    expr: 'number(compare) > number(price) ? compare : price'
    pipe: [price]
  sale_price:
    from: price
    when: 'number(compare) > number(price)'
    pipe: [price]
`,
);

describe('a field whose value is an expression (expr)', () => {
  it('takes the value the expression gives, column by column, and the pipe cleans it', async () => {
    const { feed, report } = await runConvert(INPUT, MAPPING);
    const rows = tsv(feed);
    const header = rows[0] as string[];
    const at = (row: number, name: string) => rows[row]?.[header.indexOf(name)];
    expect([1, 2, 3].map((row) => [at(row, 'id'), at(row, 'price'), at(row, 'sale_price')])).toEqual([
      ['A-1', '129.00 DKK', '99.00 DKK'],
      ['A-2', '89.50 DKK', ''],
      ['A-3', '95.00 DKK', ''],
    ]);
    expect(report.channels.google?.records).toEqual({ read: 3, accepted: 3, rejected: 0 });
  });

  it('is checked like any expression: a wrong one points at its place in the mapping', async () => {
    const dir = tempDir();
    const path = join(dir, 'm.yaml');
    writeFileSync(path, 'fields:\n  id: sku\n  title: { expr: "process.exit(1)" }\n');
    const error = await check(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FeedkitErrors);
    const lines = (error as FeedkitErrors).errors.map((e) => formatError(e).replace(`${path}:`, ''));
    expect(lines).toEqual([expect.stringMatching(/^3:\d+ .+ \[unsafe-expression\]$/)]);
  });

  it('is one source among the others: with from beside it the mapping is refused', async () => {
    const dir = tempDir();
    const path = join(dir, 'm.yaml');
    writeFileSync(path, 'fields:\n  id: { from: sku, expr: sku }\n');
    await expect(check(path)).rejects.toThrow(/has from and expr; use only one of/);
  });
});
