import {
  type Channel,
  type ChannelOutput,
  loadBuiltinChannel,
  loadChannelFile,
} from '../channels/definition.js';
import { droppedValue, rejectingFields } from '../channels/dropped.js';
import {
  compileProjection,
  type ItemProjector,
  itemProjector,
  type ProjectedField,
} from '../channels/project.js';
import { compileSaleRule, type SaleRule } from '../channels/sale.js';
import { hashKey } from '../channels/seen-keys.js';
import {
  type ChannelItem,
  compileValidator,
  createAjv,
  type ItemValidator,
  undefinedMeansAbsent,
} from '../channels/validate.js';
import { type LoadedYaml, loadYamlFile } from '../config/load.js';
import { type CompiledMapping, compileMapping } from '../mapping/compile.js';
import { countExtraction, type ExtractionCounts, emptyExtractionCounts } from '../mapping/extract/counts.js';
import { type CompiledOverrides, compileOverrides } from '../mapping/overrides.js';
import type { GroupTables, GroupTallies } from '../mapping/variants/tables.js';
import { type RecordIssue, shorten } from '../model/issues.js';
import { type ChannelStats, emptyChannelStats, type IssueTallies, tally } from '../report/stats.js';
import { sinks } from '../sinks/index.js';
import { ItemBuffer } from '../sinks/item-buffer.js';
import { type RejectRows, RejectWriter } from '../sinks/rejects.js';
import type { FeedInfo, ItemSerializer, SinkDef, SinkOptions } from '../sinks/sink.js';
import { sources } from '../sources/index.js';
import type { SourceSpec } from '../sources/source.js';

/**
 * Everything a worker needs to build its own copy of the compiled pipeline: plain,
 * structured-clonable data (file paths, names, the header), never functions.
 */
export interface JobSpec {
  /** Path of the mapping file; each worker reads and compiles it itself. */
  mappingPath: string;
  /** Channels to produce, each with the output chosen for this run. */
  channels: ChannelSpec[];
  /** Columns of the rows: the CSV header (trimmed), or the XML paths the mapping reads. */
  columns: string[];
  /** How to read a batch of this input. */
  source: SourceSpec;
  /** Join tables and what the variants pre-pass found (shared memory, not copied per worker). */
  tables?: GroupTables;
  /** The run's time in milliseconds since the epoch, taken once per run (sale dates are compared with it). */
  now?: number;
}

/** One channel of a job. */
export interface ChannelSpec {
  /** The channel's name in the mapping (where its settings and overrides are). */
  name: string;
  /** A bundled channel name, or a path to a `.channel.yaml` file. */
  channel: string;
  /** The output this run writes (format, file, sharding). */
  output: ChannelOutput;
  /** About the feed as a whole (for RSS). */
  feed: FeedInfo;
}

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
  stats: ChannelStats;
}

/** What a batch produced. Plain data with transferable buffers. */
export interface BatchResult {
  /** Lines the batch spans. */
  lines: number;
  /** Records read (ragged and undecodable rows included). */
  records: number;
  channels: ChannelBatch[];
  /** Rows of `rejects.csv`, in input order. */
  rejects: RejectRows;
  /** Problems the mapping found in values (warnings; the field was left empty). */
  mappingIssues: IssueTallies;
  /** Supplier values and guesses per extracted field, when the mapping has `extract`. */
  extraction?: ExtractionCounts;
  /** What joins and variants did in this batch. */
  groups?: GroupTallies;
}

/** The compiled pipeline for one input: parse, map, validate, serialize — per batch. */
export interface Job {
  channels: CompiledChannel[];
  mapping: CompiledMapping;
  /** Process one batch; `first` is true for the input's first batch (which may hold a header). */
  processBatch(bytes: Uint8Array, first: boolean): BatchResult;
}

/** A channel ready to run. */
export interface CompiledChannel {
  channel: Channel;
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
}

export function loadChannel(nameOrPath: string): Channel {
  return nameOrPath.endsWith('.yaml') ? loadChannelFile(nameOrPath) : loadBuiltinChannel(nameOrPath);
}

/** Build the pipeline from a spec (in the main thread, or inside a worker). */
export async function createJob(spec: JobSpec, loaded?: LoadedYaml): Promise<Job> {
  const file = loaded ?? (await loadYamlFile(spec.mappingPath));
  const mapping = compileMapping(file, spec.columns, spec.tables);
  const ajv = createAjv();
  const now = spec.now ?? Date.now();
  const channels = spec.channels.map(({ name: key, channel: name, output, feed }): CompiledChannel => {
    const channel = loadChannel(name);
    const overrides = compileOverrides(file, key);
    const fields = compileProjection(channel.definition, mapping.fields, overrides?.fields, now);
    const sink = sinks[output.format];
    if (sink === undefined) throw new Error(`no sink for format ${output.format}`);
    const options: SinkOptions = { output, feed };
    const names = fields.map((f) => f.field.name);
    const reuse = undefinedMeansAbsent(channel.schema, names);
    const saleFields = fields.flatMap((projected, f) =>
      projected.field.from === 'sale_price' || projected.field.from === 'sale_price_effective_date'
        ? [f]
        : [],
    );
    return {
      channel,
      overrides,
      output,
      sink,
      options,
      fields,
      project: itemProjector(fields, reuse),
      fieldIndex: new Map(fields.map((projected, f) => [projected.field.name, f])),
      key: channel.definition.key,
      validate: compileValidator(ajv, channel.schema, names),
      serialize: sink.compile(fields, options),
      sale: saleFields.length > 0 ? compileSaleRule(channel.definition, now) : undefined,
      saleFields,
      rejecting: rejectingFields(channel.definition, channel.schema),
      reuse,
    };
  });
  const source = sources[spec.source.format];
  if (source === undefined) throw new Error(`no source for format ${spec.source.format}`);
  const reader = source.reader(spec.source, spec.columns);
  const buffers = channels.map(() => new ItemBuffer());
  const rejects = new RejectWriter();
  const names = channels.map((c) => c.channel.definition.name);

  return {
    channels,
    mapping,
    processBatch(bytes, first) {
      const mappingIssues: IssueTallies = {};
      const extraction = mapping.extraction && emptyExtractionCounts(mapping.extraction.fields);
      const outputs = channels.map((compiled) => ({
        keys: [] as string[],
        lines: [] as number[],
        stats: emptyChannelStats(compiled.fields.length),
        /** Per field: filled values of rejected records that an issue names. */
        invalid: new Array<number>(compiled.fields.length).fill(0),
      }));
      const reject = (channel: number, line: number, key: string | undefined, issues: RecordIssue[]) => {
        const output = outputs[channel] as (typeof outputs)[number];
        output.stats.rejected++;
        for (const issue of issues) tally(output.stats.issues, issue, key, line);
        rejects.add({ line, key, channel, issues }, names[channel] as string);
      };
      const accept = (c: number, item: ChannelItem, line: number) => {
        const compiled = channels[c] as CompiledChannel;
        const output = outputs[c] as (typeof outputs)[number];
        output.stats.accepted++;
        (buffers[c] as ItemBuffer).push(compiled.serialize(item));
        output.keys.push(String(item[compiled.key]));
        output.lines.push(line);
        const quotes = compiled.serialize.quotes;
        if (quotes !== undefined && (quotes.double || quotes.single)) {
          output.stats.quotes ??= { double: { count: 0, samples: [] }, single: 0 };
          const seen = output.stats.quotes;
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
      };
      let records = 0;
      const lines = reader.read(bytes, first, (line, fields, rowIssue) => {
        records++;
        for (const output of outputs) output.stats.read++;
        if (rowIssue !== undefined) {
          // A ragged row's fields may be shifted; only an undecodable row has a trustworthy key.
          const key = rowIssue.type === 'bad-encoding' ? mapping.key(fields) : undefined;
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
          const compiled = channels[c] as CompiledChannel;
          const output = outputs[c] as (typeof outputs)[number];
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
            accept(c, item, line);
            continue;
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
                item[issue.field as string] !== undefined &&
                issues.findIndex((o) => o.field === issue.field) === i,
            );
            for (const issue of dropped) empty(compiled.fieldIndex.get(issue.field as string) as number);
            if (compiled.validate(item)) {
              for (const issue of dropped) tally(output.stats.warnings, droppedValue(issue), key, line, true);
              accept(c, item, line);
              continue;
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
          reject(c, line, key, issues);
        }
      });
      return {
        lines,
        records,
        rejects: rejects.take(),
        mappingIssues,
        groups: mapping.takeTallies(),
        extraction,
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
            stats: output.stats,
          };
        }),
      };
    },
  };
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

/**
 * A required field that is missing because the mapping could not use the supplier's value
 * (`price: "n/a"`) is reported as that problem, which says what to fix, rather than as
 * "price is required".
 */
function explain(
  issues: RecordIssue[],
  fields: readonly ProjectedField[],
  mappingIssues: RecordIssue[] | undefined,
): RecordIssue[] {
  if (mappingIssues === undefined) return issues;
  return issues.map((issue) => {
    if (issue.type !== 'missing-required') return issue;
    const from = fields.find((f) => f.field.name === issue.field)?.field.from;
    const cause = mappingIssues.find((m) => m.field === from);
    return cause === undefined ? issue : { ...cause, field: issue.field };
  });
}
