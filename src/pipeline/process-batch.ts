import { rejectedRecordLine, type SnapshotLayout, snapshotLine } from '../changes/snapshot-line.js';
import type { WarningCheck } from '../channels/checks.js';
import type { Channel, ChannelOutput } from '../channels/definition.js';
import { droppedValue } from '../channels/dropped.js';
import type { NestedChannel } from '../channels/nest.js';
import type { ItemProjector, ProjectedField } from '../channels/project.js';
import type { SaleRule } from '../channels/sale.js';
import { hashKey } from '../channels/seen-keys.js';
import type { ChannelItem, ItemValidator } from '../channels/validate.js';
import type { CompiledMapping, MappedRecord } from '../mapping/compile.js';
import type { CompiledCountry } from '../mapping/countries.js';
import type { ExtractionCounts } from '../mapping/extract/counts.js';
import { countExtraction, emptyExtractionCounts } from '../mapping/extract/counts.js';
import type { CompiledOverrides } from '../mapping/overrides.js';
import type { ProvenanceCounts } from '../mapping/provenance.js';
import type { GroupTallies } from '../mapping/variants/tables.js';
import type { Row } from '../model/columns.js';
import { type RecordIssue, shorten } from '../model/issues.js';
import type { ChannelProbe } from '../probe/judge.js';
import type { CompiledReadiness } from '../readiness/compile.js';
import type { ReadinessCounts } from '../readiness/counts.js';
import type { GapSheet } from '../readiness/gaps.js';
import { type ChannelStats, emptyChannelStats, type IssueTallies, tally } from '../report/stats.js';
import type { ItemBuffer } from '../sinks/item-buffer.js';
import type { RejectRows, RejectWriter } from '../sinks/rejects.js';
import type { ItemSerializer, SinkDef, SinkOptions } from '../sinks/sink.js';
import type { BatchReader } from '../sources/source.js';
import { explain } from './batch-issues.js';
import { probeRejects } from './batch-probe.js';
import { batchReadiness } from './batch-readiness.js';

/** What one channel made of one batch. */
export interface ChannelBatch {
  /** Serialized accepted items, UTF-8. */
  data: Uint8Array;
  /** End offset in `data` of each accepted item. */
  ends: Uint32Array;
  /** Keys of the accepted items joined with NUL; read only when a duplicate needs naming. */
  keys: string;
  /** 64-bit hash of each accepted item's key (two halves each), for duplicate detection across batches. */
  hashes: Uint32Array;
  /** Line of each accepted item (relative). */
  lines: Uint32Array;
  /**
   * Each accepted item's snapshot line, in order. An array, not one joined text: a batch's
   * lines joined are over 128 KiB, which V8 keeps in pages of their own (fresh memory, paid in
   * page faults) in both threads, and the main thread split them again. 800 batches through
   * a message port: 1.34 s joined and split, 0.35–0.5 s as arrays.
   */
  snapshot: string[];
  /** Each rejected record's line for the change report (id, reason). */
  rejected: string[];
  stats: ChannelStats;
}

/** What a batch produced. Plain data with transferable buffers. */
export interface BatchResult {
  /** Lines the batch spans. */
  lines: number;
  /** Records read (ragged and undecodable rows included). */
  records: number;
  /** Of those, records read by the reference parser (csv-parse), for a source that has a fast cut. */
  referenceRecords?: number;
  channels: ChannelBatch[];
  /** Rows of `rejects.csv`, in input order. */
  rejects: RejectRows;
  /** Problems the mapping found in values (warnings; the field was left empty). */
  mappingIssues: IssueTallies;
  /** Supplier values and guesses per extracted field, when the mapping has `extract`. */
  extraction?: ExtractionCounts;
  /** What joins and variants did in this batch. */
  groups?: GroupTallies;
  /** Per channel, the AI readiness counts of the batch's records (unless readiness is off). */
  readiness?: ReadinessCounts[];
  /** Per canonical field, its values by source (with readiness). */
  provenance?: ProvenanceCounts;
  /** Rows of the fill-in sheet (`--gaps`), in input order, and their number, when the run writes one. */
  gaps?: { text: string; rows: number };
}

/** A channel ready to run. */
export interface CompiledChannel {
  /** The channel's name in the report and in `rejects.csv` (`google`, `google-se`). */
  name: string;
  channel: Channel;
  /** The country's own values and currency, for a country's feed. */
  country: CompiledCountry | undefined;
  /** The channel's own values for some fields, if the mapping gives any. */
  overrides: CompiledOverrides | undefined;
  output: ChannelOutput;
  /** How the sink writes this channel's files. */
  sink: SinkDef;
  options: SinkOptions;
  fields: ProjectedField[];
  /** The channel's item of a record (the same object each time when the schema allows it). */
  project: ItemProjector;
  /** Position of each output field, by name. */
  fieldIndex: ReadonlyMap<string, number>;
  /** The channel field that identifies an item (duplicates are refused). */
  key: string;
  /** Where the item's fields go in its snapshot line. */
  snapshot: SnapshotLayout;
  validate: ItemValidator;
  serialize: ItemSerializer;
  /** The channel's sale rules, when it has some and writes a sale price. */
  sale: SaleRule | undefined;
  /** Positions of the fields a left-out sale takes with it (the sale price and its dates). */
  saleFields: number[];
  /** Fields whose invalid value rejects the item; any other is left out (`dropped-value`). */
  rejecting: ReadonlySet<string>;
  /** True when the projector reuses one item object (fields are emptied, never deleted). */
  reuse: boolean;
  /** The channel's warning checks of accepted items, when it has some. */
  warn: WarningCheck | undefined;
  /** A nested channel's (acp) product and variant checks; undefined for flat channels. */
  nested?: NestedChannel | undefined;
  /** The probe's answers as this channel judges them, when the run probed (`--probe`). */
  probe?: ChannelProbe | undefined;
}

/** What the per-batch path runs with: the compiled job's parts, and buffers reused batch after batch. */
export interface BatchContext {
  channels: CompiledChannel[];
  mapping: CompiledMapping;
  reader: BatchReader;
  /** Per channel, the serialized items of the batch. */
  buffers: ItemBuffer[];
  rejects: RejectWriter;
  /** Per channel, the definition's name (the rejects file's `channel`). */
  names: string[];
  /** The readiness rules, scoring each mapped record per channel. */
  readiness?: CompiledReadiness | undefined;
  /** The fill-in sheet, when the run writes one: a row per product below its threshold. */
  gaps?: GapSheet | undefined;
}

/** One channel's part of a batch while it is read. */
interface Output {
  keys: string[];
  lines: number[];
  /** Accepted items' snapshot lines. */
  snapshot: string[];
  /** Rejected records' lines for the change report. */
  rejected: string[];
  stats: ChannelStats;
  /** Per field: filled values of rejected records that an issue names. */
  invalid: number[];
}

type Accept = (c: number, item: ChannelItem, line: number) => void;
type Reject = (channel: number, line: number, key: string | undefined, issues: RecordIssue[]) => void;

/** Tally an item whose serializer replaced or kept a quote character (the text qualifier). */
function countQuotes(stats: ChannelStats, compiled: CompiledChannel, item: ChannelItem, line: number): void {
  const quotes = compiled.serialize.quotes;
  if (quotes === undefined || !(quotes.double || quotes.single)) return;
  stats.quotes ??= { double: { count: 0, samples: [] }, single: 0 };
  const seen = stats.quotes;
  if (quotes.single) seen.single++;
  if (quotes.double) {
    const issue: RecordIssue = {
      type: 'qualifier-replaced',
      field: quotes.field,
      value: shorten(quotes.value),
      expected: '"',
    };
    tally({ 'qualifier-replaced': seen.double }, issue, String(item[compiled.key]), line, true);
  }
}

/**
 * The whole per-batch path, the same in this thread and in a worker: parse the batch into
 * rows, map each row to a canonical record, then per channel project, validate and serialize
 * it (or reject it, with its issues).
 */
export function processBatch(ctx: BatchContext, bytes: Uint8Array, first: boolean): BatchResult {
  const { channels, mapping, reader, buffers, rejects, names } = ctx;
  const mappingIssues: IssueTallies = {};
  const extraction = mapping.extraction && emptyExtractionCounts(mapping.extraction.fields);
  const outputs = channels.map(
    (compiled): Output => ({
      keys: [] as string[],
      lines: [] as number[],
      snapshot: [] as string[],
      rejected: [] as string[],
      stats: emptyChannelStats(compiled.fields.length),
      /** Per field: filled values of rejected records that an issue names. */
      invalid: new Array<number>(compiled.fields.length).fill(0),
    }),
  );
  const reject: Reject = (channel, line, key, issues) => {
    const output = outputs[channel] as Output;
    output.stats.rejected++;
    for (const issue of issues) tally(output.stats.issues, issue, key, line);
    if (key !== undefined) output.rejected.push(rejectedRecordLine(key, false, issues));
    rejects.add({ line, key, channel, issues }, names[channel] as string);
  };
  const accept: Accept = (c, item, line) => {
    const compiled = channels[c] as CompiledChannel;
    const output = outputs[c] as Output;
    output.stats.accepted++;
    const warnings = compiled.warn?.(item);
    if (warnings !== undefined) {
      const key = String(item[compiled.key]);
      for (const issue of warnings)
        tally(output.stats.warnings, { ...issue, value: shorten(issue.value) }, key, line, true);
    }
    (buffers[c] as ItemBuffer).push(compiled.serialize(item));
    output.keys.push(String(item[compiled.key]));
    output.lines.push(line);
    output.snapshot.push(snapshotLine(compiled.snapshot, item));
    countQuotes(output.stats, compiled, item, line);
  };
  let records = 0;
  const scored = ctx.readiness && batchReadiness(mapping.sources, ctx.gaps, ctx.readiness);
  const lines = reader.read(bytes, first, (line, fields, rowIssue) => {
    records++;
    for (const output of outputs) output.stats.read++;
    if (rowIssue !== undefined) {
      // An undecodable row, and a row cut short (its first fields stay in place), name their
      // key when the id column is among their fields; a row with fields to spare may be shifted
      // from a stray delimiter on, so its "key" could be another column's value.
      const trusted =
        rowIssue.type === 'bad-encoding' ||
        (rowIssue.type === 'ragged-row' && Number(rowIssue.value) < Number(rowIssue.expected));
      const key = trusted ? mapping.key(fields) || undefined : undefined;
      for (let c = 0; c < channels.length; c++) reject(c, line, key, [rowIssue]);
      return;
    }
    const mapped = mapping.map(fields);
    const key = mapped.product.id;
    if (mapped.issues !== undefined) {
      for (const issue of mapped.issues) tally(mappingIssues, issue, key, line);
    }
    if (mapped.excluded !== undefined) {
      const issue: RecordIssue = mapped.skipped ?? { type: 'excluded', expected: mapped.excluded };
      for (let c = 0; c < channels.length; c++) reject(c, line, key, [issue]);
      return;
    }
    if (extraction !== undefined) countExtraction(extraction, mapped);
    for (let c = 0; c < channels.length; c++) {
      const country = (channels[c] as CompiledChannel).country;
      recordToChannel(
        ctx,
        c,
        outputs[c] as Output,
        country === undefined ? mapped : forCountry(country, fields, mapped),
        key,
        line,
        accept,
        reject,
      );
    }
    scored?.record(mapped);
  });
  const reference = reader.referenceRecords?.();
  return {
    lines,
    records,
    ...(reference !== undefined ? { referenceRecords: reference } : {}),
    rejects: rejects.take(),
    mappingIssues,
    groups: mapping.takeTallies(),
    extraction,
    ...scored?.result(),
    channels: outputs.map((output, c) => {
      const { filled, valid } = output.stats;
      for (let f = 0; f < filled.length; f++)
        valid[f] = (filled[f] as number) - (output.invalid[f] as number);
      const { data, ends } = (buffers[c] as ItemBuffer).take();
      const hashes = new Uint32Array(output.keys.length * 2);
      for (let i = 0; i < output.keys.length; i++) hashKey(output.keys[i] as string, hashes, 2 * i);
      return {
        data,
        ends,
        keys: output.keys.join('\u0000'),
        hashes,
        lines: Uint32Array.from(output.lines),
        snapshot: output.snapshot,
        rejected: output.rejected,
        stats: output.stats,
      };
    }),
  };
}

/**
 * The record as a country's feed sees it. What the country adds to the record's issues
 * (its own fields' problems, prices in another currency) travels as `countryIssues`: the
 * reason of a rejection, or a warning when the item is kept.
 */
function forCountry(country: CompiledCountry, row: Row, mapped: MappedRecord): MappedRecord & CountryIssues {
  const { product, issues } = country.apply(row, mapped.product, mapped.issues);
  const added = issues === mapped.issues ? undefined : issues?.slice(mapped.issues?.length ?? 0);
  return { ...mapped, product, issues, ...(added !== undefined ? { countryIssues: added } : {}) };
}

/** Issues a country's feed adds to a record's. */
interface CountryIssues {
  countryIssues?: RecordIssue[];
}

/** A kept item's country issues (a sale price in another currency …) are its warnings. */
function keepWith(mapped: CountryIssues, output: Output, key: string | undefined, line: number): void {
  if (mapped.countryIssues === undefined) return;
  for (const issue of mapped.countryIssues)
    tally(output.stats.warnings, { ...issue, value: shorten(issue.value) }, key, line, true);
}

/** One mapped record through one channel: project, validate, then accept or reject it. */
function recordToChannel(
  ctx: BatchContext,
  c: number,
  output: Output,
  mapped: MappedRecord & CountryIssues,
  key: string | undefined,
  line: number,
  accept: Accept,
  reject: Reject,
): void {
  const compiled = ctx.channels[c] as CompiledChannel;
  ctx.readiness?.score(c, mapped.product);
  const own = compiled.overrides?.apply(mapped.product, mapped.issues);
  const item = compiled.project(mapped.product, own?.values, output.stats.filled);
  const empty = (f: number) => {
    const name = (compiled.fields[f] as ProjectedField).field.name;
    if (item[name] === undefined) return;
    if (compiled.reuse) (item as Record<string, unknown>)[name] = undefined;
    else delete item[name];
    output.invalid[f] = (output.invalid[f] as number) + 1;
  };
  if (compiled.sale !== undefined) {
    const issue = compiled.sale(mapped.product);
    if (issue !== undefined) {
      for (const f of compiled.saleFields) empty(f);
      tally(output.stats.warnings, issue, key, line, true);
    }
  }
  if (compiled.validate(item)) {
    if (
      compiled.probe !== undefined &&
      probeRejects(compiled, c, output.stats, mapped.product, key, line, reject)
    )
      return;
    keepWith(mapped, output, key, line);
    accept(c, item, line);
    return;
  }
  const issues = explain(
    compiled.validate.issues(item),
    compiled.fields,
    own === undefined ? mapped.issues : own.issues,
  );
  // A bad value of a field the channel does not require costs the value, not the item.
  if (issues.every((issue) => droppable(compiled, issue))) {
    const dropped = issues.filter(
      (issue, i) =>
        item[issue.field as string] !== undefined && issues.findIndex((o) => o.field === issue.field) === i,
    );
    for (const issue of dropped) empty(compiled.fieldIndex.get(issue.field as string) as number);
    if (compiled.validate(item)) {
      for (const issue of dropped) tally(output.stats.warnings, droppedValue(issue), key, line, true);
      if (
        compiled.probe !== undefined &&
        probeRejects(compiled, c, output.stats, mapped.product, key, line, reject)
      )
        return;
      keepWith(mapped, output, key, line);
      accept(c, item, line);
      return;
    }
  }
  // Filled fields the issues name are not valid (each counted once); `valid` is worked
  // out per batch.
  for (let i = 0; i < issues.length; i++) {
    const name = (issues[i] as RecordIssue).field;
    const f = name === undefined ? undefined : compiled.fieldIndex.get(name);
    if (f === undefined || item[name as string] === undefined) continue;
    let first = true;
    for (let j = 0; j < i && first; j++) first = (issues[j] as RecordIssue).field !== name;
    if (first) output.invalid[f] = (output.invalid[f] as number) + 1;
  }
  // A product-level problem of a grouped record rejects its whole product once it is put together.
  if (compiled.nested?.hold(item, issues)) accept(c, item, line);
  else reject(c, line, key, issues);
}

/** True when the issue is about a value of a field the channel does not require: it can be left out. */
function droppable(compiled: CompiledChannel, issue: RecordIssue): boolean {
  const field = issue.field;
  return (
    field !== undefined &&
    issue.type !== 'missing-required' &&
    !compiled.rejecting.has(field) &&
    compiled.fieldIndex.has(field)
  );
}
