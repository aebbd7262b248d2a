import { type ProvenanceCounts, VALUE_SOURCES, type ValueSource } from '../mapping/provenance.js';
import type { CanonicalField } from '../model/canonical.js';
import type { CompiledReadiness } from '../readiness/compile.js';
import { BUCKETS, type ReadinessCounts } from '../readiness/counts.js';
import { wantedFields } from '../readiness/gaps.js';
import { byCodeUnits, thousands } from '../text/no-icu.js';

/** The report's AI readiness section: per channel, how well its products can be shown by AI shopping surfaces. */
export interface ReadinessReport {
  /** The score a product needs to count as good (the rules' `good`, 80). */
  good: number;
  /** Per channel, by channel name. */
  channels: Record<string, ChannelReadiness>;
  /** The fill-in sheet, when the run wrote one (`--gaps`). */
  gaps?: GapsReport;
  /** Where the values came from: per canonical field with values, the values from each source. */
  sources: SourcesReport;
}

/**
 * Per canonical field, its values by source: `supplier` (a column of the input, or the parent's
 * value a variant took), `join` (a join file), `sheet` (the fill-in sheet, the join named
 * `gaps`), `extraction` (guesses from the text), `default`, `constant` (`value:`) and
 * `computed` (`template`, `expr`); sources without values are left out.
 */
export interface SourcesReport {
  /** Records mapped (excluded and unreadable rows are not). */
  records: number;
  /** Per canonical field, in the mapping's order: values by source. */
  fields: Record<string, Partial<Record<ValueSource, number>>>;
}

/** The sources section from the run's counts. */
export function sourcesReport(counts: ProvenanceCounts): SourcesReport {
  const fields: SourcesReport['fields'] = {};
  for (const [field, row] of Object.entries(counts.fields) as Array<[string, number[]]>) {
    const entry: Partial<Record<ValueSource, number>> = {};
    VALUE_SOURCES.forEach((source, s) => {
      if ((row[s] ?? 0) > 0) entry[source] = row[s] as number;
    });
    fields[field] = entry;
  }
  return { records: counts.records, fields };
}

/** The fill-in sheet a run wrote. */
export interface GapsReport {
  /** Its path, as given. */
  file: string;
  /** Products scoring below this in some channel got a row. */
  below: number;
  /** Rows written: one per product. */
  products: number;
}

/** One channel's readiness. */
export interface ChannelReadiness {
  /** Records scored (mapped records; excluded and unreadable rows are not). */
  products: number;
  /** The average score, 0–100, to one decimal. */
  average: number;
  /** Products scoring `good` or more. */
  good: number;
  /** `good / products`, 0–1, rounded to 4 places. */
  good_share: number;
  /** The score distribution: products per 10 points (the last bucket is 90–100). */
  buckets: ScoreBucket[];
  /** What to fix first: each failed rule, most points gained over the catalog first. */
  fixes: ReadinessFix[];
  /** Average score points lost per product, by the canonical field a rule reads first (sums to 100 − `average`). */
  lost_by_field: Record<string, number>;
  /** Canonical fields failed rules want that the mapping does not fill at all, and the channel carries. */
  unmapped: string[];
}

/** Products whose score is in `[from, to]`. */
export interface ScoreBucket {
  /** Lowest score of the bucket. */
  from: number;
  /** Highest score of the bucket. */
  to: number;
  /** Products in it. */
  products: number;
}

/** One fix: a rule some products failed, and what passing it gains. */
export interface ReadinessFix {
  /** The rule's id in `schemas/readiness.yaml`. */
  rule: string;
  /** What to do (`fill \`material\``, `add 2 more images`). */
  fix: string;
  /** The Google top-level categories the rule is about (`apparel`), when it is about some. */
  categories?: string[];
  /** Products that failed it. */
  products: number;
  /** Score points each of them gains by passing it, on average, to one decimal. */
  points_each: number;
  /** Its part of all the points the channel's products miss, 0–1, rounded to 4 places. */
  share: number;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** A channel's readiness section from the run's counts. */
export function channelReadiness(
  compiled: CompiledReadiness,
  c: number,
  counts: ReadinessCounts,
  mapped: ReadonlySet<CanonicalField>,
  carried: ReadonlySet<CanonicalField>,
): ChannelReadiness {
  const { rules } = compiled.rules;
  const products = counts.products;
  const missing = counts.lost.reduce((sum, lost) => sum + lost, 0);
  const fixes: ReadinessFix[] = [];
  const lostByField: Record<string, number> = {};
  const unmapped = new Set<string>();
  rules.forEach((rule, r) => {
    const failed = counts.failed[r] ?? 0;
    if (failed === 0 || compiled.applies[c]?.[r] !== true) return;
    const lost = counts.lost[r] ?? 0;
    const field = rule.fields[0] as string;
    lostByField[field] = (lostByField[field] ?? 0) + lost;
    fixes.push({
      rule: rule.id,
      fix: rule.fix.replaceAll('{n}', String(Math.max(1, Math.round((counts.amount[r] ?? 0) / failed)))),
      ...(rule.categories !== undefined ? { categories: [...rule.categories] } : {}),
      products: failed,
      points_each: round(lost / failed, 1),
      share: missing === 0 ? 0 : round(lost / missing, 4),
    });
    for (const want of wantedFields(rule)) if (!mapped.has(want) && carried.has(want)) unmapped.add(want);
  });
  fixes.sort((a, b) => b.share - a.share || b.products - a.products || byCodeUnits(a.rule, b.rule));
  return {
    products,
    average: products === 0 ? 0 : round(counts.total / products, 1),
    good: counts.good,
    good_share: products === 0 ? 0 : round(counts.good / products, 4),
    buckets: Array.from({ length: BUCKETS }, (_, b) => ({
      from: b * 10,
      to: b === BUCKETS - 1 ? 100 : b * 10 + 9,
      products: counts.buckets[b] ?? 0,
    })),
    fixes,
    lost_by_field: Object.fromEntries(
      Object.entries(lostByField)
        .sort((a, b) => b[1] - a[1])
        .map(([field, lost]) => [field, products === 0 ? 0 : round(lost / products, 1)]),
    ),
    unmapped: [...unmapped],
  };
}

/** `fill \`material\` for 1,240 apparel products (+9 points each, 31 % of the missing points)`. */
export function fixText(fix: ReadinessFix): string {
  const who = fix.categories === undefined ? '' : `${fix.categories.join(' and ')} `;
  const each = Number.isInteger(fix.points_each) ? String(fix.points_each) : fix.points_each.toFixed(1);
  return `${fix.fix} for ${thousands(fix.products)} ${who}product${fix.products === 1 ? '' : 's'} (+${each} points each, ${Math.round(fix.share * 100)} % of the missing points)`;
}

/** `3 fields the rules want are not mapped at all: gtin, material, age_group (…)`. */
export function unmappedText(unmapped: readonly string[]): string {
  const n = unmapped.length;
  return `${n} field${n === 1 ? '' : 's'} the rules want ${n === 1 ? 'is' : 'are'} not mapped at all: ${unmapped.join(', ')} (add ${n === 1 ? 'it' : 'them'} to the mapping: \`feedkit init\` proposes columns)`;
}
