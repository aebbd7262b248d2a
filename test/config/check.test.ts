import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { FeedkitError, FeedkitErrors, formatError } from '../../src/model/errors.js';
import { runConvert, tempDir } from '../helpers/run.js';

/** Check a mapping text; return each problem as `line:col message [code]`. */
async function problems(text: string): Promise<string[]> {
  const dir = tempDir();
  const path = join(dir, 'm.yaml');
  writeFileSync(path, text);
  try {
    await check(path);
    return [];
  } catch (error) {
    const list = error instanceof FeedkitErrors ? error.errors : error instanceof FeedkitError ? [error] : [];
    if (list.length === 0) throw error;
    return list.map((e) => formatError(e).replace(`${path}:`, ''));
  }
}

describe('mapping check', () => {
  it('accepts a good mapping', async () => {
    expect(
      await problems('fields:\n  id: sku\n  title: { from: name, pipe: [trim, { truncate: 150 }] }\n'),
    ).toEqual([]);
  });

  it('reports every repeated key with its position, in maps of any size', async () => {
    const table = Array.from({ length: 20_000 }, (_, i) => `        v${i}: Color ${i}\n`).join('');
    expect(
      await problems(
        `fields:\n  id: sku\n  title: a\n  id: b\n  color:\n    from: c\n    pipe:\n      - map:\n${table}        v7: again\n`,
      ),
    ).toEqual([
      '4:3 YAML syntax error: Map keys must be unique [mapping-syntax]',
      '20009:9 YAML syntax error: Map keys must be unique [mapping-syntax]',
    ]);
  });

  it('refuses a mapping file over 1 MiB, naming its size, before reading it', async () => {
    const table = Array.from({ length: 40_000 }, (_, i) => `        v${i}: Color ${i}\n`).join('');
    const text = `fields:\n  color:\n    from: c\n    pipe:\n      - map:\n${table}`;
    const [problem] = await problems(text);
    expect(problem).toMatch(/ the mapping file is 1,\d{3},\d{3} bytes, over the limit of 1 MiB; /);
    expect(problem).toContain(`is ${Buffer.byteLength(text).toLocaleString('en')} bytes`);
    expect(problem).toMatch(
      /lookup file \(lookup: \{ file: … \}\) \(expected at most 1,048,576 bytes\) \[usage\]$/,
    );
  });

  it('names an unknown canonical field with a suggestion', async () => {
    expect(await problems('fields:\n  id: sku\n  titel: name\n')).toEqual([
      '3:3 unknown canonical field "titel" in fields (did you mean "title"?) [unknown-field]',
    ]);
  });

  it('names an unknown key in a field with a suggestion', async () => {
    expect(await problems('fields:\n  id: { form: sku }\n')).toEqual([
      '2:9 unknown key "form" in fields.id (did you mean "from"?) [mapping-invalid]',
    ]);
  });

  it('names an unknown transform at its position', async () => {
    expect(
      await problems('fields:\n  title:\n    from: name\n    pipe:\n      - trim\n      - strip_htm\n'),
    ).toEqual(['6:9 unknown transform "strip_htm" (did you mean "strip_html"?) [unknown-transform]']);
  });

  it('checks transform options against their schema', async () => {
    expect(await problems('fields:\n  title: { from: name, pipe: [{ truncate: { limit: -3 } }] }\n')).toEqual(
      ['2:52 transform "truncate" option limit must be >= 1 [invalid-options]'],
    );
  });

  it('refuses a regex no linear-time engine runs at check time', async () => {
    const [problem] = await problems(
      'fields:\n  title: { from: name, pipe: [{ regex_replace: { pattern: "(a)\\\\1" } }] }\n',
    );
    expect(problem).toBe(
      '2:48 transform "regex_replace": backreferences cannot run in linear time [invalid-options]',
    );
  });

  it('refuses unsafe expressions with their position', async () => {
    expect(
      await problems("filters:\n  - exclude: 'name.constructor == 1'\n    reason: x\nfields:\n  id: sku\n"),
    ).toEqual([expect.stringMatching(/^2:1[5-9] .+ \[unsafe-expression\]$/)]);
    expect(await problems('filters:\n  - exclude: process\n    reason: x\nfields:\n  id: sku\n')).toEqual([
      expect.stringMatching(/^2:14 .+ \[unsafe-expression\]$/),
    ]);
  });

  it('refuses a field with two sources', async () => {
    expect(await problems('fields:\n  id: { from: sku, value: x }\n')).toEqual([
      '2:7 field "id" has from and value; use only one of from, feature, value, template, expr, start/end [mapping-invalid]',
    ]);
  });

  it('wants a fields section', async () => {
    expect(await problems('source: { delimiter: ";" }\n')).toEqual([
      '1:1 mapping needs "fields" [mapping-invalid]',
    ]);
  });

  it('reports a bad enum value with what was expected', async () => {
    expect(await problems('source: { decimal: ";" }\nfields: { id: sku }\n')).toEqual([
      '1:20 source.decimal has a value that is not allowed (expected "auto", ",", ".", found ";") [mapping-invalid]',
    ]);
  });

  it('names an unknown column once the header is known, with a suggestion', async () => {
    const error = await runConvert(
      'sku,title,price\n1,Hat,10\n',
      'fields:\n  id: skus\n  title: title\n',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedkitErrors);
    const [first] = (error as FeedkitErrors).errors;
    expect(first?.code).toBe('unknown-column');
    expect(first?.message).toBe('unknown column "skus" in the input header');
    expect(first?.suggestion).toBe('sku');
    expect([first?.line, first?.col]).toEqual([2, 7]);
    expect(first?.exitCode).toBe(2);
  });
});
