import { compileWarnings } from '../channels/checks.js';
import {
  type Channel,
  type ChannelOutput,
  loadBuiltinChannel,
  loadChannelFile,
} from '../channels/definition.js';
import { rejectingFields } from '../channels/dropped.js';
import { compileNested } from '../channels/nest.js';
import { compileProjection, itemProjector } from '../channels/project.js';
import { compileSaleRule } from '../channels/sale.js';
import { compileValidator, createAjv, undefinedMeansAbsent } from '../channels/validate.js';
import { type LoadedYaml, loadYamlFile } from '../config/load.js';
import { type CompiledMapping, compileMapping } from '../mapping/compile.js';
import { type CountryChoice, compileCountry } from '../mapping/countries.js';
import { compileOverrides } from '../mapping/overrides.js';
import type { GroupTables } from '../mapping/variants/tables.js';
import { sinks } from '../sinks/index.js';
import { ItemBuffer } from '../sinks/item-buffer.js';
import { RejectWriter } from '../sinks/rejects.js';
import type { FeedInfo, SinkOptions } from '../sinks/sink.js';
import { sources } from '../sources/index.js';
import type { SourceSpec } from '../sources/source.js';
import { type BatchResult, type CompiledChannel, processBatch } from './process-batch.js';

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
  /** The channel's name in the report (`google`, or `google-se` for a country's feed). */
  name: string;
  /** Its key in the mapping's `channels` (where its settings and overrides are); default: `name`. */
  entry?: string;
  /** The country the feed is for, when its entry lists `countries`. */
  country?: CountryChoice;
  /** A bundled channel name, or a path to a `.channel.yaml` file. */
  channel: string;
  /** The output this run writes (format, file, sharding). */
  output: ChannelOutput;
  /** About the feed as a whole (for RSS). */
  feed: FeedInfo;
}

/** The compiled pipeline for one input: parse, map, validate, serialize — per batch. */
export interface Job {
  channels: CompiledChannel[];
  mapping: CompiledMapping;
  /** Process one batch; `first` is true for the input's first batch (which may hold a header). */
  processBatch(bytes: Uint8Array, first: boolean): BatchResult;
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
  const channels = spec.channels.map((chosen): CompiledChannel => {
    const { channel: name, output, feed } = chosen;
    const entry = chosen.entry ?? chosen.name;
    const channel = loadChannel(name);
    const overrides = compileOverrides(file, entry);
    const fields = compileProjection(channel.definition, mapping.fields, overrides?.fields, now);
    const sink = sinks[output.format];
    if (sink === undefined) throw new Error(`no sink for format ${output.format}`);
    const options: SinkOptions = { output, feed };
    const names = fields.map((f) => f.field.name);
    const reuse = undefinedMeansAbsent(channel.schema, names);
    // A nested channel (acp) is checked per record against its product and variant schemas.
    const nested = output.format === 'acp' ? compileNested(channel.schema) : undefined;
    const saleFields = fields.flatMap((projected, f) =>
      projected.field.from === 'sale_price' || projected.field.from === 'sale_price_effective_date'
        ? [f]
        : [],
    );
    return {
      name: chosen.name,
      channel,
      country:
        chosen.country === undefined
          ? undefined
          : compileCountry(file, entry, chosen.country, spec.columns, spec.tables),
      overrides,
      output,
      sink,
      options,
      fields,
      project: itemProjector(fields, reuse),
      fieldIndex: new Map(fields.map((projected, f) => [projected.field.name, f])),
      key: channel.definition.key,
      validate: nested?.validate ?? compileValidator(ajv, channel.schema, names),
      nested,
      serialize: sink.compile(fields, options),
      sale: saleFields.length > 0 ? compileSaleRule(channel.definition, now) : undefined,
      saleFields,
      rejecting: rejectingFields(channel.definition, channel.schema),
      reuse,
      warn: compileWarnings(channel.definition),
    };
  });
  const source = sources[spec.source.format];
  if (source === undefined) throw new Error(`no source for format ${spec.source.format}`);
  const reader = source.reader(spec.source, spec.columns);
  const buffers = channels.map(() => new ItemBuffer());
  const rejects = new RejectWriter();
  const names = channels.map((c) => c.name);

  return {
    channels,
    mapping,
    processBatch: (bytes, first) =>
      processBatch({ channels, mapping, reader, buffers, rejects, names }, bytes, first),
  };
}
