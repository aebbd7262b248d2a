import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MINIMAL_MAPPING, runConvert } from '../helpers/run.js';

const INPUT = 'sku,title,price\nA-1,Hue,"129,00"\n';

/** The openai rows of a run with these channel fields. */
async function openaiRows(fields: string) {
  const mapping = `${MINIMAL_MAPPING}
channels:
  google: {}
  openai:
    output: openai.jsonl.gz
    fields:
      seller_name: { value: Acme ApS }
${fields}`;
  const result = await runConvert(INPUT, mapping);
  const file = join(result.dir, 'out', 'openai-0001.jsonl.gz');
  // A run with no accepted item writes no feed.
  const text = existsSync(file) ? gunzipSync(readFileSync(file)).toString('utf8') : '';
  const rows = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { rows, result };
}

describe('openai (flat): what its served versions disagree on is on every row', () => {
  it('writes both eligibility flags when the mapping gives none: search on, checkout off', async () => {
    const { rows } = await openaiRows(
      '      target_countries: { value: DK }\n      store_country: { value: DK }\n',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      is_eligible_search: true,
      is_eligible_checkout: false,
      target_countries: ['DK'],
      store_country: 'DK',
    });
  });

  it("keeps the mapping's flags and lists several target countries", async () => {
    const { rows } = await openaiRows(
      '      enable_search: { value: false }\n      target_countries: { value: "DK,SE", pipe: [{ split: "," }] }\n      store_country: { value: DK }\n',
    );
    expect(rows[0]).toMatchObject({ is_eligible_search: false, target_countries: ['DK', 'SE'] });
  });

  it('rejects a row without target_countries and store_country, naming both', async () => {
    const { result } = await openaiRows('');
    const openai = result.report.channels.openai;
    expect(openai?.records).toEqual({ read: 1, accepted: 0, rejected: 1 });
    expect(openai?.issues.map((issue) => [issue.type, issue.samples.map((s) => s.field)])).toEqual([
      ['missing-required', ['target_countries', 'store_country']],
    ]);
  });
});
