import type { ChannelDefinition, ChannelOutput } from '../channels/definition.js';
import type { ProjectedField } from '../channels/project.js';
import type { ExtractionCounts } from '../mapping/extract/counts.js';
import { ISSUE_TYPES, type IssueType } from '../model/issues.js';
import type { SourceReport } from '../sources/source.js';
import { byCodeUnits } from '../text/no-icu.js';
import type {
  CategoryShare,
  ChannelReport,
  ExtractionReport,
  FieldReport,
  IssueSummary,
  ProductCounts,
  Report,
} from './report.js';
import type { ChannelStats, IssueTallies, IssueTally } from './stats.js';

const round = (value: number) => Math.round(value * 10000) / 10000;

export function summarizeIssues(tallies: IssueTallies): IssueSummary[] {
  return (Object.entries(tallies) as Array<[IssueType, IssueTally | undefined]>)
    .filter((entry): entry is [IssueType, IssueTally] => entry[1] !== undefined)
    .map(([type, tally]) => ({
      type,
      title: ISSUE_TYPES[type].title,
      count: tally.count,
      samples: tally.samples,
    }))
    .sort((a, b) => b.count - a.count || byCodeUnits(a.type, b.type));
}

/** A channel's report from its definition, the fields it wrote and the merged statistics. */
export function channelReport(
  compiled: {
    channel: { definition: ChannelDefinition; schema?: Record<string, unknown> };
    fields: readonly ProjectedField[];
    output: ChannelOutput;
    country?: { choice: { code: string; currency?: string; language?: string } } | undefined;
  },
  stats: ChannelStats,
  files: readonly string[],
  products?: ProductCounts,
): ChannelReport {
  const read = stats.read;
  const fields = compiled.fields.map((projected, i) => {
    const filled = stats.filled[i] ?? 0;
    const valid = stats.valid[i] ?? 0;
    return {
      name: projected.field.name,
      source: projected.field.from,
      group: projected.field.group,
      filled,
      valid,
      fill_rate: read === 0 ? 0 : round(filled / read),
      valid_rate: read === 0 ? 0 : round(valid / read),
    };
  });
  // Fields a channel defines but the mapping never fills count as empty in the score.
  const rate = (group: string) => {
    const all = compiled.channel.definition.fields.filter((field) => field.group === group);
    if (all.length === 0) return 1;
    const sum = fields
      .filter((field) => field.group === group)
      .reduce((total, field) => total + field.valid_rate, 0);
    return sum / all.length;
  };
  const accepted = read === 0 ? 0 : stats.accepted / read;
  const warnings: IssueTallies = { ...stats.warnings };
  const quotes = stats.quotes;
  let qualifier: '"' | "'" | undefined;
  if (compiled.output.quote === 'qualified') {
    const double = (quotes?.double.count ?? 0) > 0;
    const single = (quotes?.single ?? 0) > 0;
    qualifier = double && !single ? "'" : '"';
    if (double && single) warnings['qualifier-replaced'] = quotes?.double;
  }
  const score = Math.round(100 * (0.6 * accepted + 0.3 * rate('recommended') + 0.1 * rate('optional')));
  return {
    title: compiled.channel.definition.title,
    ...(compiled.country !== undefined ? { country: { ...compiled.country.choice } } : {}),
    output: files[0] ?? '',
    ...(files.length > 1 ? { files: [...files] } : {}),
    format: compiled.output.format,
    records: { read, accepted: stats.accepted, rejected: stats.rejected },
    ...(products !== undefined ? { products } : {}),
    score,
    fields,
    issues: summarizeIssues(stats.issues),
    warnings: summarizeIssues(warnings),
    ...(qualifier !== undefined ? { qualifier } : {}),
    ...categoryShare(compiled.channel.schema, fields, read),
  };
}

/** The share of records with a valid category, for a channel whose schema checks one against a taxonomy. */
function categoryShare(
  schema: Record<string, unknown> | undefined,
  fields: readonly FieldReport[],
  read: number,
): { category?: CategoryShare } {
  const properties = (schema?.properties ?? {}) as Record<string, { taxonomy?: string }>;
  const field = Object.keys(properties).find((name) => properties[name]?.taxonomy !== undefined);
  if (field === undefined) return {};
  // A field the mapping never fills is not in `fields`: no record has a category then.
  const valid = fields.find((f) => f.name === field)?.valid ?? 0;
  return { category: { field, valid, share: read === 0 ? 0 : round(valid / read) } };
}

function extractionReport(input: NonNullable<BuildReportInput['extraction']>): ExtractionReport {
  const { records, fields } = input.counts;
  return {
    languages: [...input.languages],
    from: [...input.from],
    records,
    fields: Object.fromEntries(
      Object.entries(fields).map(([field, { supplier, extracted }]) => [
        field,
        { supplier, extracted, empty: records - supplier - extracted },
      ]),
    ),
  };
}

export interface BuildReportInput {
  version: string;
  mapping: string;
  source: SourceReport;
  channels: Record<string, ChannelReport>;
  mappingIssues: IssueTallies;
  /** What extraction filled, when the mapping has `extract`. */
  extraction?: { languages: readonly string[]; from: readonly string[]; counts: ExtractionCounts };
  minScore?: number;
  /** Per canonical field: the share of records that must fill it. */
  minFill?: Partial<Record<string, { min_fill?: number }>>;
}

export function buildReport(input: BuildReportInput): Report {
  const failures: string[] = [];
  if (input.minScore !== undefined) {
    for (const [name, channel] of Object.entries(input.channels)) {
      if (channel.score < input.minScore) {
        failures.push(`${name}: score ${channel.score} is below the minimum ${input.minScore}`);
      }
    }
  }
  for (const [name, channel] of Object.entries(input.channels)) {
    for (const field of channel.fields) {
      const min = input.minFill?.[field.source]?.min_fill;
      if (min !== undefined && field.fill_rate < min) {
        failures.push(
          `${name}: ${field.name} filled in ${Math.round(field.fill_rate * 100)}% of records (min ${Math.round(min * 100)}%)`,
        );
      }
    }
  }
  return {
    valid: failures.length === 0,
    version: input.version,
    finished_at: new Date().toISOString(),
    mapping: input.mapping,
    source: input.source,
    channels: input.channels,
    mapping_issues: summarizeIssues(input.mappingIssues),
    ...(input.extraction !== undefined ? { extraction: extractionReport(input.extraction) } : {}),
    quality: { ...(input.minScore !== undefined ? { min_score: input.minScore } : {}), failures },
  };
}
