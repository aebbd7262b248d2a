import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ISSUE_TYPES } from '../../src/model/issues.js';
import { byCodeUnits, thousands } from '../../src/text/no-icu.js';

describe('thousands', () => {
  it("writes what toLocaleString('en') writes", () => {
    const numbers = [0, 7, -7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -1_234_567, 2 ** 31, 3.6, -2.5];
    for (let n = 1; n < 1e15; n = n * 7 + 3) numbers.push(n, -n);
    for (const n of numbers) expect(thousands(n)).toBe(Math.round(n).toLocaleString('en'));
  });
});

describe('byCodeUnits', () => {
  it('orders issue types and readiness rule ids as localeCompare does', () => {
    const rules = (parse(readFileSync('schemas/readiness.yaml', 'utf8')) as { rules: Array<{ id: string }> })
      .rules;
    for (const ids of [Object.keys(ISSUE_TYPES), rules.map((rule) => rule.id)]) {
      expect(ids.length).toBeGreaterThan(10);
      const reversed = [...ids].reverse();
      expect(reversed.sort(byCodeUnits)).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
    }
  });
});
