import type { CanonicalField, CanonicalProduct } from '../model/canonical.js';
import { hasValue } from './checks.js';
import type { CompiledReadiness, ReadinessChannel } from './compile.js';
import type { ReadinessRule } from './rules.js';

/** The fill-in sheet's first columns; then one per field the rules may ask for. */
export const GAP_COLUMNS = ['id', 'title', 'link', 'to_fill'] as const;

/** The fill-in sheet (`--gaps`): its header, and a row per product below the threshold. */
export interface GapSheet {
  /** The CSV header line, with its line break. */
  header: string;
  /** The row of the record scored last in every channel, or '' when it scores `below` or more everywhere. */
  row(product: CanonicalProduct): string;
}

/** The fields a failed rule asks the merchant to fill (its `fill`, or a `filled` rule's fields). */
export function wantedFields(rule: ReadinessRule): readonly CanonicalField[] {
  return rule.fill ?? (rule.check === 'filled' ? rule.fields : []);
}

const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * The sheet for a run's channels: the columns are every field a rule applying to one of them
 * may ask for (known before the first record, so rows stream in input order); a row names
 * in `to_fill` the fields its failed rules want that it lacks (or, when it has them all, the
 * fields themselves: a GTIN that is wrong, a description too short), with the allowed values
 * where a channel's schema has an enum, and leaves every field's cell empty to fill.
 */
export function compileGaps(
  compiled: CompiledReadiness,
  channels: readonly ReadinessChannel[],
  below: number,
): GapSheet {
  const rules = compiled.rules.rules;
  const columns: CanonicalField[] = [];
  rules.forEach((rule, r) => {
    if (!compiled.applies.some((applies) => applies[r])) return;
    for (const field of wantedFields(rule)) if (!columns.includes(field)) columns.push(field);
  });
  const allowed = new Map(columns.map((field) => [field, enumOf(channels, field)]));
  const empty = ','.repeat(columns.length);
  return {
    header: `${[...GAP_COLUMNS, ...columns].join(',')}\n`,
    row(product) {
      let lowest = 100;
      for (const score of compiled.scores) lowest = Math.min(lowest, score);
      if (Math.round(lowest) >= below) return '';
      const fill: CanonicalField[] = [];
      for (let c = 0; c < channels.length; c++) {
        const states = compiled.states(c);
        for (let r = 0; r < rules.length; r++) {
          if ((states[r] as number) <= 0) continue;
          const wanted = wantedFields(rules[r] as ReadinessRule);
          const lacking = wanted.filter((field) => !hasValue(product[field]));
          for (const field of lacking.length > 0 ? lacking : wanted)
            if (!fill.includes(field)) fill.push(field);
        }
      }
      if (fill.length === 0) return '';
      const toFill = columns
        .filter((field) => fill.includes(field))
        .map((field) => {
          const values = allowed.get(field);
          return values === undefined ? field : `${field} (${values.join('|')})`;
        })
        .join('; ');
      const cells = [product.id ?? '', product.title ?? '', product.link ?? '', toFill].map(quote);
      return `${cells.join(',')}${empty}\n`;
    },
  };
}

/** The values a channel's schema allows for a canonical field, in canonical spelling (a channel that respells them is skipped). */
function enumOf(channels: readonly ReadinessChannel[], field: CanonicalField): string[] | undefined {
  for (const channel of channels) {
    const own = channel.fields.find((f) => f.from === field && f.values === undefined);
    const properties = channel.schema.properties as Record<string, { enum?: unknown }> | undefined;
    const values = own === undefined ? undefined : properties?.[own.name]?.enum;
    if (Array.isArray(values) && values.every((v) => typeof v === 'string')) return values as string[];
  }
  return undefined;
}
