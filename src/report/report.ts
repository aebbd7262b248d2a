import type { FieldGroup } from '../channels/definition.js';
import type { IssueType } from '../model/issues.js';
import type { ProbeKind, ProbeTally } from '../probe/facts.js';
import type { SourceReport } from '../sources/source.js';
import type { ChangesReport } from './changes.js';
import type { ReadinessReport } from './readiness.js';
import type { IssueSample } from './stats.js';

/**
 * The run report: plain data, described by `schemas/report.schema.json` and written as
 * `<out>/report.json`. Renderers turn it into text; `valid` decides the exit code.
 * The key names `valid`, `source` and `channels.<name>.records.{read,accepted,rejected}`
 * are a public contract.
 */
export interface Report {
  /** True when every quality threshold was met (rejected records alone do not make a run invalid). */
  valid: boolean;
  /** feedkit version that wrote the report. */
  version: string;
  /** When the run finished (ISO 8601). */
  finished_at: string;
  /** The mapping file used. */
  mapping: string;
  /** What was read. */
  source: SourceReport;
  /** Per channel, by channel name. */
  channels: Record<string, ChannelReport>;
  /** Problems the mapping found in values: the field was left empty, the record went on. */
  mapping_issues: IssueSummary[];
  /** Attribute values guessed from the product's text (`extract`), counted apart from the supplier's. */
  extraction?: ExtractionReport;
  /** Quality thresholds and whether they were met. */
  quality: QualityReport;
  /** Whether the run was published (set once the gate has decided). */
  publish?: PublishReport;
  /** The comparison with an earlier report (`--baseline`). */
  baseline?: BaselineReport;
  /** Per channel, what changed item by item since the last published run (absent on a first run). */
  changes?: ChangesReport;
  /** What the mapping's `variants` did: products found, parents, children grouped, values inherited. */
  variants?: VariantsReport;
  /** Per join of the mapping, in its order: rows read and records matched. */
  joins?: JoinReport[];
  /** AI readiness per channel: the score distribution, what to fix first (unless the run turns it off). */
  readiness?: ReadinessReport;
  /** The image and link probe (`--probe`): what was asked, and per channel the problems of accepted items' URLs. */
  probe?: ProbeReport;
}

/** How records were grouped into products with variants. */
export interface VariantsReport {
  /** How rows find their product: `parent` (a column names it), `handle` (rows share a value) or `children` (the parent lists them). */
  style: 'parent' | 'handle' | 'children';
  /** Products the pre-pass found (parents, or handles). */
  products: number;
  /** Records that are parents; unless `emit_parents`, rejected in every channel as `variant-parent`. */
  parents: number;
  /** Parents sold as items too (`emit_parents: true`). */
  parents_emitted: number;
  /** Records grouped under their product (`item_group_id` set). */
  children: number;
  /** Children naming a parent that is not in the input: sold, grouped under that key, nothing inherited. */
  orphans: number;
  /** Per canonical field: children that had no value and took their parent's. */
  inherited: Record<string, number>;
}

/** One supplemental file joined by key. */
export interface JoinReport {
  /** The name its columns are read under (`stock` for `stock.qty`). */
  name: string;
  /** The file read (as the mapping or `--join` names it). */
  path: string;
  /** Encoding it was read with. */
  encoding: string;
  /** Its field delimiter. */
  delimiter: string;
  /** True when it was gzip-compressed. */
  gzip: boolean;
  /** Data rows read (the header not counted). */
  rows: number;
  /** Distinct keys kept. */
  keys: number;
  /** Rows whose key an earlier row had: ignored, the first row wins. */
  duplicates: number;
  /** Rows with an empty key, ragged or undecodable: ignored. */
  skipped: number;
  /** Records whose key has a row. */
  matched: number;
  /** Records with a key the file has no row for. */
  unmatched: number;
  /** Records with an empty key. */
  without_key: number;
  /** First unmatched keys, in input order. */
  unmatched_samples: string[];
  /** Keys of the file no record used. */
  unused: number;
}

/** What a nested channel (acp) wrote: products and their variants. */
export interface ProductCounts {
  /** Products (lines of products.jsonl). */
  products: number;
  /** Variants in them, one per accepted record. */
  variants: number;
}

/** One channel's outcome. */
export interface ChannelReport {
  /** Human title of the channel. */
  title: string;
  /** The country this feed is for, when the mapping's channel lists `countries`. */
  country?: {
    /** ISO 3166-1 alpha-2 code (`SE`). */
    code: string;
    /** The currency every price of the feed is in (`SEK`), when the mapping sets one. */
    currency?: string;
    /** The feed's language, ISO 639-1 (`sv`), when the mapping sets one. */
    language?: string;
  };
  /** Output file, as written (the first one when the feed is split). */
  output: string;
  /** Every output file, when the feed is split into several (`shard`). */
  files?: string[];
  /** Output format (`tsv`, `jsonl`, …). */
  format: string;
  /** Record counts: `accepted + rejected == read`, always. */
  records: { read: number; accepted: number; rejected: number };
  /**
   * Channels that nest records into products (acp): the products written and the variants in
   * them. Each accepted record is one variant (`variants == records.accepted`); a product is a
   * group of records sharing an `item_group_id`, or one record without it.
   */
  products?: ProductCounts;
  /** Completeness score 0–100: 60 % accepted share, 30 % recommended-field valid rate, 10 % optional. */
  score: number;
  /** Per channel field, in output order. */
  fields: FieldReport[];
  /** Why records were rejected: issues by type, most frequent first. */
  issues: IssueSummary[];
  /**
   * Values left out of accepted items, which were kept (warnings, not rejections): by type,
   * most frequent first. `dropped-value` is a value that broke a rule of a field the channel
   * does not require; `sale-not-lower`, `sale-expired` and `sale-not-started` a sale price the
   * channel's sale rules left out; `qualifier-replaced` a quote replaced by its typographic form;
   * `all-caps`, `same-value` and `home-page-link` what the channel's `warnings` checks found in
   * an item the channel will flag after upload (nothing left out).
   */
  warnings: IssueSummary[];
  /**
   * Outputs that wrap every field in a qualifier (`quote: qualified`, Klarna): the qualifier
   * this file uses, `"` unless a value holds `"` and none holds `'`.
   */
  qualifier?: '"' | "'";
  /**
   * For a channel whose category field is checked against a taxonomy (Google's and Meta's
   * `google_product_category`): the records whose category is valid.
   */
  category?: CategoryShare;
}

/** Records with a valid taxonomy category, over the records read. */
export interface CategoryShare {
  /** The channel's category field. */
  field: string;
  /** Records with a category that is an id or full path of the taxonomy (rejected records included). */
  valid: number;
  /** `valid / read`, 0–1, rounded to 4 places. */
  share: number;
}

/** Fill and valid rate of one channel field over the records read. */
export interface FieldReport {
  /** Channel field name. */
  name: string;
  /** The canonical field it is projected from. */
  source: string;
  /** Required, recommended or optional for this channel. */
  group: FieldGroup;
  /** Records with a value. */
  filled: number;
  /** Records with a value that passed validation. */
  valid: number;
  /** `filled / read`, 0–1, rounded to 4 places. */
  fill_rate: number;
  /** `valid / read`, 0–1, rounded to 4 places. */
  valid_rate: number;
}

/** What attribute extraction filled, so nobody mistakes guesses for supplier data. */
export interface ExtractionReport {
  /** Dictionaries used (`da`, `en`), in the mapping's order. */
  languages: string[];
  /** Canonical text fields read, in order. */
  from: string[];
  /** Records mapped (records a filter excluded are not counted). */
  records: number;
  /** Per extracted field, in the order the mapping lists them. */
  fields: Record<string, ExtractionFieldReport>;
}

/** Where one field's values came from; `supplier + extracted + empty == records`. */
export interface ExtractionFieldReport {
  /** Records whose value came from the supplier's data (never replaced by a guess). */
  supplier: number;
  /** Records whose empty value was filled by extraction: guesses from the text. */
  extracted: number;
  /** Records left without a value. */
  empty: number;
}

/** One issue type with its count and first samples. */
export interface IssueSummary {
  /** Stable kebab-case type. */
  type: IssueType;
  /** Human title of the type. */
  title: string;
  /** Occurrences. */
  count: number;
  /** Up to 5 first occurrences: record key, line, field, value. */
  samples: IssueSample[];
}

/** Quality thresholds and their outcome. */
/** What changed against an earlier report. */
export interface BaselineReport {
  /** The earlier report's path. */
  path: string;
  /** When the earlier run finished. */
  finished_at: string;
  /** Per channel present in both. */
  channels: Record<string, ChannelComparison>;
}

/** One channel's changes against the baseline. */
export interface ChannelComparison {
  /** Completeness score before and after; `delta` is after − before. */
  score: { before: number; after: number; delta: number };
  /** Accepted items before and after. */
  accepted: { before: number; after: number };
  /** Fields whose fill or valid rate moved (after − before). */
  fields: Array<{ name: string; fill_rate_delta: number; valid_rate_delta: number }>;
  /** Issue types whose counts changed. */
  issues: Array<{ type: string; before: number; after: number }>;
  /** Issue types that the baseline did not have. */
  new_issues: string[];
}

/** Whether this run replaced the published feeds, and if not, why. */
export interface PublishReport {
  /** True when this run was published: at least one channel's feed in the output folder is this run's. */
  published: boolean;
  /** True for `--dry-run`: only this report was written (to `<out>/.feedkit/dry-run/`). */
  dry_run: boolean;
  /** True when `--force` published over the gate's reasons. */
  forced: boolean;
  /** Why the gate refused to publish (empty when it did not): one sentence each, naming the channel. */
  refused: string[];
  /** Per channel, by channel name: whether its feed is this run's, and why not. */
  channels?: Record<string, ChannelPublishReport>;
}

/**
 * Whether one channel's feed was published. The gate decides per channel: a refused channel
 * keeps its previous feed (and in the published report.json its previous entry under
 * `channels`), while the others publish.
 */
export interface ChannelPublishReport {
  /** True when the channel's feed in the output folder is this run's (false for `--dry-run`). */
  published: boolean;
  /** The gate's reasons against this channel, one sentence each (empty when it passed; may be set with `--force`). */
  reasons: string[];
}

export interface QualityReport {
  /** Minimum score every channel must reach, if set. */
  min_score?: number;
  /** One line per unmet threshold. */
  failures: string[];
}

/** The report's `probe` section (`--probe images,links`): what was asked, and per channel what was found. */
export interface ProbeReport extends ProbeTally {
  /** The kinds of URL probed. */
  kinds: ProbeKind[];
  /** Seconds the probe took (before the main pass). */
  seconds: number;
  /** Per channel, the problems of its accepted items' URLs. */
  channels: Record<string, ChannelProbeReport>;
}

/** One channel's probe findings. */
export interface ChannelProbeReport {
  /** URLs of accepted items found wrong, per kind of problem (`probe-unreachable`, `probe-too-small` …), with samples: item id, field, URL and what was found. */
  findings: IssueSummary[];
  /** Records the channel rejected for an unreachable image_link or link (`probe.reject_unreachable`). */
  rejected: number;
}
