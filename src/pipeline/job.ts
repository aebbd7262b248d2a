import { snapshotLayout } from '../changes/snapshot-line.js';
import { compileWarnings } from '../channels/checks.js';
import type { ChannelDefinition, ChannelOutput } from '../channels/definition.js';
import { rejectingFields } from '../channels/dropped.js';
import { compileNested } from '../channels/nest.js';
import { compileProjection, itemProjector } from '../channels/project.js';
import { compileSaleRule } from '../channels/sale.js';
import { taxonomyOf } from '../channels/taxonomy.js';
import { compileValidator, createAjv, undefinedMeansAbsent } from '../channels/validate.js';
import { type LoadedYaml, loadedFromText } from '../config/load.js';
import type { MappingFile } from '../config/mapping.js';
import { type CompiledMapping, compileMapping } from '../mapping/compile.js';
import { type CountryChoice, checkCountries, compileCountry } from '../mapping/countries.js';
import { compileOverrides } from '../mapping/overrides.js';
import type { GroupTables } from '../mapping/variants/tables.js';
import type { ColumnProblem, OpenColumns } from '../model/columns.js';
import type { ProbeFacts, ProbeKind } from '../probe/facts.js';
import { type ChannelProbe, compileChannelProbe } from '../probe/judge.js';
import { categoryTable } from '../readiness/categories.js';
import { type CompiledReadiness, compileReadiness } from '../readiness/compile.js';
import { compileGaps, type GapSheet } from '../readiness/gaps.js';
import { sinks } from '../sinks/index.js';
import { ItemBuffer } from '../sinks/item-buffer.js';
import { RejectWriter } from '../sinks/rejects.js';
import type { FeedInfo, SinkOptions } from '../sinks/sink.js';
import { sources } from '../sources/index.js';
import type { SourceSpec } from '../sources/source.js';
import type { Bundle } from './bundle.js';
import { type BatchResult, type CompiledChannel, processBatch } from './process-batch.js';

/**
 * Everything a worker needs to build its own copy of the compiled pipeline: plain,
 * structured-clonable data (the bundle, names, the columns), never functions or paths to read.
 */
export interface JobSpec {
  /** The mapping and everything it names, loaded once on the main thread; each worker compiles its copy. */
  bundle: Bundle;
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
  /** The fill-in sheet (`--gaps`): products scoring below `below` in some channel get a row. */
  gaps?: { below: number };
  /** The probe's answers (`--probe`), each URL's facts, for each channel to judge its items by. */
  probe?: { kinds: ProbeKind[]; facts: ProbeFacts[] };
}

/** One channel of a job. */
export interface ChannelSpec {
  /** The channel's name in the report (`google`, or `google-se` for a country's feed). */
  name: string;
  /** Its key in the mapping's `channels` (where its settings and overrides are); default: `name`. */
  entry?: string;
  /** The country the feed is for, when its entry lists `countries`. */
  country?: CountryChoice;
  /** A bundled channel name, or a `.channel.yaml` path: its key in the bundle's channels. */
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
  /** The readiness rules compiled for the job's channels, unless readiness is off. */
  readiness: CompiledReadiness | undefined;
  /** The fill-in sheet's header and rows, when the run writes one. */
  gaps: GapSheet | undefined;
  /** Process one batch; `first` is true for the input's first batch (which may hold a header). */
  processBatch(bytes: Uint8Array, first: boolean): BatchResult;
}

/**
 * Build the pipeline from a spec (in the main thread, or inside a worker), from its bundle
 * alone: nothing is read. `loaded` is the main thread's parsed mapping, when it has one.
 * With `check`, the rows' columns are the names the mapping reads (XML paths), each checked
 * by the source as the mapping is compiled; `spec.columns` becomes that list (the mapping's
 * `columns`, then its countries'), so the workers' copies read the same columns.
 */
export async function createJob(
  spec: JobSpec,
  loaded?: LoadedYaml,
  check?: (name: string) => ColumnProblem | undefined,
): Promise<Job> {
  const { bundle } = spec;
  const file = loaded ?? loadedFromText(bundle.mapping.path, bundle.mapping.text, bundle.mapping.value);
  const open: OpenColumns | undefined = check === undefined ? undefined : { check, names: [] };
  const mapping = compileMapping(file, open ?? spec.columns, spec.tables, bundle.data);
  if (open !== undefined) {
    // The countries' own fields read columns too: they follow the mapping's.
    checkCountries(file, open, bundle.data);
    spec.columns = [...open.names];
  }
  // Bundled schemas are tested and a user's own was checked by planRun (checkChannelSchema).
  const ajv = createAjv({
    validateSchema: false,
    ...(bundle.taxonomy !== undefined ? { taxonomy: taxonomyOf(bundle.taxonomy) } : {}),
  });
  const now = spec.now ?? Date.now();
  const probeOf = channelProbes(spec, file, now);
  const channels = spec.channels.map((chosen): CompiledChannel => {
    const { channel: name, output, feed } = chosen;
    const entry = chosen.entry ?? chosen.name;
    const channel = bundle.channels[name];
    if (channel === undefined) throw new Error(`channel ${name} is not in the bundle`);
    const overrides = compileOverrides(file, entry, bundle.data);
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
          : compileCountry(file, entry, chosen.country, spec.columns, spec.tables, bundle.data),
      overrides,
      output,
      sink,
      options,
      fields,
      project: itemProjector(fields, reuse),
      fieldIndex: new Map(fields.map((projected, f) => [projected.field.name, f])),
      key: channel.definition.key,
      snapshot: snapshotLayout(
        channel.definition.key,
        fields.map((projected) => projected.field),
      ),
      validate: nested?.validate ?? compileValidator(ajv, channel.schema, names),
      nested,
      serialize: sink.compile(fields, options),
      sale: saleFields.length > 0 ? compileSaleRule(channel.definition, now) : undefined,
      saleFields,
      rejecting: rejectingFields(channel.definition, channel.schema),
      reuse,
      warn: compileWarnings(channel.definition),
      probe: probeOf?.(entry, channel.definition),
    };
  });
  const source = sources[spec.source.format];
  if (source === undefined) throw new Error(`no source for format ${spec.source.format}`);
  const reader = source.reader(spec.source, spec.columns);
  const buffers = channels.map(() => new ItemBuffer());
  const rejects = new RejectWriter();
  const names = channels.map((c) => c.name);
  const scored = channels.map((c) => ({
    fields: c.channel.definition.fields,
    schema: c.channel.schema,
    probe: c.probe,
  }));
  const readiness = bundle.readiness && compileReadiness(bundle.readiness, scored, now);
  const gaps = readiness && spec.gaps && compileGaps(readiness, scored, spec.gaps.below);

  return {
    channels,
    mapping,
    readiness,
    gaps,
    processBatch: (bytes, first) =>
      processBatch({ channels, mapping, reader, buffers, rejects, names, readiness, gaps }, bytes, first),
  };
}

/**
 * With the probe's answers: per channel entry, the probe as that channel judges it (its image
 * rules; its settings' `probe.reject_unreachable`). Image minimums by category find a product's
 * top-level category in the readiness data's taxonomy (with `--no-readiness` only the general
 * minimum applies).
 */
function channelProbes(
  spec: JobSpec,
  file: LoadedYaml,
  now: number,
): ((entry: string, definition: ChannelDefinition) => ChannelProbe) | undefined {
  if (spec.probe === undefined) return undefined;
  const facts = new Map(spec.probe.facts.map((found) => [found.url, found]));
  const kinds = new Set(spec.probe.kinds);
  const categories = spec.bundle.readiness && categoryTable(spec.bundle.readiness.categories);
  let lastCategory: string | undefined;
  let lastTop: number | undefined;
  const topOf = (category: string | undefined) => {
    if (category !== lastCategory) {
      lastCategory = category;
      lastTop = category === undefined ? undefined : categories?.place(category)?.top;
    }
    return lastTop;
  };
  const settings = (file.value as MappingFile).channels;
  return (entry, definition) => {
    const own = settings !== undefined && !Array.isArray(settings) ? settings[entry] : undefined;
    return compileChannelProbe(facts, kinds, {
      rules: definition.images,
      carried: new Set(definition.fields.map((field) => field.from)),
      rejectUnreachable: own?.probe?.reject_unreachable === true,
      now,
      topOf,
    });
  };
}
