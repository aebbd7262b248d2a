import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert.js';
import type { Report } from '../../src/report/report.js';
import { ROOT, tempDir } from '../helpers/run.js';

interface Case {
  description: string;
  input: string;
  mapping: string;
  channels?: string[];
  /** The run's time (ConvertOptions.now), so sale dates give the same feeds every day. */
  now?: string;
  counted_by_hand: {
    records: number;
    channels: Record<string, { read: number; accepted: number; rejected: number }>;
    issues: Record<string, Record<string, number>>;
    /** Values left out of kept items, per channel and type (`notes` explains them). */
    warnings?: Record<string, Record<string, number> | string>;
  };
}

const fixtures = join(ROOT, 'fixtures', 'cases');
const cases = readdirSync(fixtures).filter((name) => {
  try {
    readFileSync(join(fixtures, name, 'case.json'));
    return true;
  } catch {
    return false;
  }
});

describe.each(cases)('golden case %s', (name) => {
  const spec = JSON.parse(readFileSync(join(fixtures, name, 'case.json'), 'utf8')) as Case;
  const run = async () => {
    const out = tempDir();
    const result = await convert({
      input: join(ROOT, spec.input),
      mapping: join(ROOT, spec.mapping),
      channels: spec.channels,
      out,
      ...(spec.now !== undefined ? { now: new Date(spec.now) } : {}),
    });
    return { out, result };
  };

  it('matches the counts made by hand, and accepted + rejected = read per channel', async () => {
    const { out, result } = await run();
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report).toEqual(JSON.parse(JSON.stringify(result.report)));
    expect(report.source.records).toBe(spec.counted_by_hand.records);
    for (const [channel, counts] of Object.entries(spec.counted_by_hand.channels)) {
      const records = report.channels[channel]?.records;
      expect(records).toEqual({ read: counts.read, accepted: counts.accepted, rejected: counts.rejected });
      expect((records?.accepted ?? 0) + (records?.rejected ?? 0)).toBe(records?.read);
      const issues = Object.fromEntries(
        (report.channels[channel]?.issues ?? []).map((i) => [i.type, i.count]),
      );
      expect(issues).toEqual(spec.counted_by_hand.issues[channel]);
      const warnings = spec.counted_by_hand.warnings?.[channel];
      if (warnings !== undefined) {
        expect(
          Object.fromEntries((report.channels[channel]?.warnings ?? []).map((w) => [w.type, w.count])),
        ).toEqual(warnings);
      }
    }
  });

  it('writes the golden feeds and rejects', async () => {
    const { out, result } = await run();
    for (const [channel, file] of Object.entries(result.files)) {
      if (channel === 'report') continue;
      // Gzipped feeds are compared by their text (gzip bytes carry a timestamp and a level).
      const gzipped = file.endsWith('.gz');
      const base = file.slice(out.length + 1).replace(/\.gz$/, '');
      const text = gzipped ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
      await expect(text).toMatchFileSnapshot(join(fixtures, name, 'expected', base));
    }
  });
});
