import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { besideMapping } from '../config/beside.js';
import type { LoadedYaml, YamlPath } from '../config/load.js';
import type { MappingFile, SourceSettings } from '../config/mapping.js';
import { compileMapping } from '../mapping/compile.js';
import type { MappingData } from '../mapping/data.js';
import { joinName } from '../mapping/joins/compile.js';
import type { GroupTables, GroupTallies, VariantTables } from '../mapping/variants/tables.js';
import { FeedkitError, FeedkitErrors, suggest } from '../model/errors.js';
import type { ProbeKind, ProbeUrls } from '../probe/facts.js';
import { PROBED_FIELDS } from '../probe/judge.js';
import type { JoinReport, VariantsReport } from '../report/report.js';
import { delimiterSetting } from '../sources/csv.js';
import { isUrl } from '../sources/http.js';
import { sources } from '../sources/index.js';
import { type Encoding, encodingSetting, type OpenedInput, openInput } from '../sources/input.js';
import { type PackedTable, packTable } from '../sources/joins/packed-table.js';
import { readJoinFile } from '../sources/joins/read-join.js';

/** Default bound of the tables joins and variants keep in memory, together. */
const MAX_TABLE_BYTES = 64 << 20;

/** What the pre-pass needs. */
export interface PrepassOptions {
  loaded: LoadedYaml;
  /** The input as convert opened it. */
  input: OpenedInput;
  /** Input path as given (`-`, a URL or a file). */
  path: string;
  /** Source format chosen. */
  format: string;
  /** The mapping's `source` section. */
  settings: SourceSettings;
  /** Columns the rows have. */
  columns: string[];
  batchBytes: number;
  /** Output folder: a spooled copy of standard input or a download is kept there while the run lasts. */
  out: string;
  /** Join files named on the command line (`--join name=path`), by join name. */
  joinFiles?: Record<string, string>;
  /** Bound of all tables together, in bytes. */
  maxTableBytes?: number;
  /** The bundle's lookup tables and dictionaries, for compiling the mapping. */
  data: MappingData;
  /** A nested channel (acp) is written: find the line of each product group's last record. */
  groups?: boolean;
  /** The probe runs (`--probe`): collect the distinct URLs of these kinds, at most `max`. */
  probe?: { kinds: readonly ProbeKind[]; max: number };
}

/** What the pre-pass found, and the input the main pass reads. */
export interface Prepared {
  /** For the job spec. */
  tables: GroupTables;
  /** Set when the input was spooled to a file: the main pass reads this instead. */
  input?: OpenedInput;
  /** About each join file, for the report. */
  joins: Array<Omit<JoinReport, 'matched' | 'unmatched' | 'without_key' | 'unmatched_samples' | 'unused'>>;
  /** With variants: the style and the number of products. */
  variants?: Pick<VariantsReport, 'style' | 'products'>;
  /** With `groups`: per `item_group_id`, the line of its last record (a product is complete there). */
  groupEnds?: Map<string, number>;
  /** With `probe`: the distinct URLs of the mapped records, and how many more there were over the bound. */
  probeUrls?: { urls: ProbeUrls; over: number };
  /** Remove the spooled copy (if any). */
  cleanup(): Promise<void>;
}

/** True when the mapping needs the pre-pass (joins to load, variants to collect, product groups to end). */
export function needsPrepass(mapping: MappingFile, groups = false, probe = false): boolean {
  return (mapping.joins?.length ?? 0) > 0 || mapping.variants !== undefined || groups || probe;
}

/**
 * Before the main pass: load the join files, and for variants read the whole input once to
 * collect what grouping needs (links from children to parents, the parents' inheritable
 * mapped values), so the order of rows in the file does not matter. Standard input and
 * downloads can be read once only: they are spooled to a temporary file in the output
 * folder first (removed after the run; a killed run's copy is removed by the next run).
 */
export async function prepass(options: PrepassOptions): Promise<Prepared> {
  const { loaded } = options;
  const mapping = loaded.value as MappingFile;
  let budget = options.maxTableBytes ?? MAX_TABLE_BYTES;
  const tables: GroupTables = {};
  const joins: Prepared['joins'] = [];
  const specs = mapping.joins ?? [];
  const names = specs.map(joinName);
  for (const name of Object.keys(options.joinFiles ?? {})) {
    if (!names.includes(name)) {
      throw new FeedkitError(
        'usage',
        `--join ${name}: the mapping has no join named "${name}"${names.length > 0 ? ` (joins: ${names.join(', ')})` : ''}`,
        { suggestion: suggest(name, names) },
      );
    }
  }
  const joinTables: PackedTable[] = [];
  if (specs.length > 0) tables.joins = joinTables;
  for (const [j, spec] of specs.entries()) {
    const name = names[j] as string;
    const given = options.joinFiles?.[name];
    const file = given ?? joinFile(loaded, spec.path, ['joins', j, 'path']);
    const key = spec.key ?? spec.on;
    const data = await readJoinFile({
      file,
      key,
      fields: spec.fields,
      encoding: encodingSetting(spec.encoding),
      delimiter: delimiterSetting(spec.delimiter),
      limit: budget,
      missing(columns, header) {
        throw new FeedkitErrors(
          columns.map(({ name: column, field }) => {
            const at = loaded.positionOf(
              field === undefined
                ? spec.key !== undefined
                  ? ['joins', j, 'key']
                  : ['joins', j, 'on']
                : ['joins', j, 'fields', field],
            );
            return new FeedkitError('unknown-column', `unknown column "${column}" in the join file ${file}`, {
              file: loaded.path,
              ...at,
              suggestion: suggest(column, header),
            });
          }),
        );
      },
      tooLarge(line) {
        throw tooLarge(options.maxTableBytes ?? MAX_TABLE_BYTES, `join "${name}" (${file}:${line})`);
      },
    });
    const table: PackedTable = packTable(data.table, spec.fields.length);
    budget -= table.text.byteLength + table.ends.byteLength + table.slots.byteLength;
    joinTables.push(table);
    joins.push({
      name,
      path: given ?? spec.path,
      encoding: data.encoding,
      delimiter: data.delimiter,
      gzip: data.gzip,
      rows: data.rows,
      keys: data.table.size,
      duplicates: data.duplicates,
      skipped: data.skipped,
    });
  }

  let input: OpenedInput | undefined;
  let spool: string | undefined;
  const cleanup = async () => {
    if (spool !== undefined) await rm(spool, { force: true });
  };
  let variants: Prepared['variants'];
  let groupEnds: Map<string, number> | undefined;
  let probeUrls: Prepared['probeUrls'];
  if (mapping.variants !== undefined || options.groups === true || options.probe !== undefined) {
    try {
      let file = options.path;
      let encoding: Encoding = options.input.info.encoding;
      if (options.path === '-' || isUrl(options.path)) {
        // Named like the other temporary files in the folder, so a killed run's copy is removed.
        spool = join(options.out, `.input.${process.pid}.${Date.now().toString(36)}.tmp`);
        await pipeline(Readable.from(options.input.chunks), createWriteStream(spool));
        file = spool;
        encoding = options.input.info.chunkEncoding;
        const reopened = await openInput(spool, encoding);
        input = { ...reopened, info: options.input.info };
      }
      if (mapping.variants !== undefined) {
        const collected = await collectVariants(options, file, encoding, tables, budget);
        tables.variants = collected;
        budget -= collected.parents.text.byteLength + collected.parents.ends.byteLength;
        const style = (['parent', 'handle', 'children'] as const).find(
          (key) => mapping.variants?.[key] !== undefined,
        );
        variants = { style: style ?? 'parent', products: collected.products };
      }
      if (options.groups === true)
        groupEnds = await collectGroupEnds(options, file, encoding, tables, budget);
      if (options.probe !== undefined)
        probeUrls = await collectProbeUrls(options, file, encoding, tables, options.probe);
    } catch (error) {
      await cleanup();
      throw error;
    }
  }
  return {
    tables,
    input,
    joins,
    variants,
    ...(groupEnds !== undefined ? { groupEnds } : {}),
    ...(probeUrls !== undefined ? { probeUrls } : {}),
    cleanup,
  };
}

/** The input opened once more for a pass of its own, as the source format reads it. */
async function openPass(options: PrepassOptions, file: string, encoding: Encoding) {
  const def = sources[options.format];
  if (def === undefined) throw new Error(`no source for format ${options.format}`);
  const source = def.open(await openInput(file, encoding), {
    settings: options.settings,
    path: options.path,
    batchBytes: options.batchBytes,
  });
  return { source, reader: def.reader(source.spec, options.columns) };
}

/**
 * Read the input once more for the line of each product group's last record, so a nested
 * channel writes a product as soon as its last variant is merged. Each record is mapped (with
 * the tables, so variants give the group they give in the main pass).
 */
async function collectGroupEnds(
  options: PrepassOptions,
  file: string,
  encoding: Encoding,
  tables: GroupTables,
  limit: number,
): Promise<Map<string, number>> {
  const { source, reader } = await openPass(options, file, encoding);
  const compiled = compileMapping(options.loaded, options.columns, tables, options.data);
  const groupOf = (row: Parameters<typeof compiled.map>[0]) =>
    compiled.map(row).product.item_group_id as string | undefined;
  const ends = new Map<string, number>();
  // A Map entry costs about its key twice (UTF-16) and some 40 bytes of table.
  let size = 0;
  let first = true;
  let lines = 0;
  for await (const batch of source.batches(options.columns)) {
    const offset = lines;
    lines += reader.read(batch, first, (line, fields, issue) => {
      if (issue !== undefined) return;
      const group = groupOf(fields);
      if (group === undefined || group === '') return;
      if (!ends.has(group)) {
        size += 2 * group.length + 40;
        if (size > limit)
          throw tooLarge(
            options.maxTableBytes ?? MAX_TABLE_BYTES,
            `product groups (${file}:${offset + line})`,
          );
      }
      ends.set(group, offset + line);
    });
    source.consumed(lines - offset);
    first = false;
  }
  return ends;
}

/**
 * Read the input once more for the distinct image and link URLs of the records the mapping
 * keeps (a filter's exclusions are not probed), at most `max` of them: the probe asks them all
 * before the main pass, which judges each channel's items by the answers and can reject them.
 */
async function collectProbeUrls(
  options: PrepassOptions,
  file: string,
  encoding: Encoding,
  tables: GroupTables,
  probe: { kinds: readonly ProbeKind[]; max: number },
): Promise<{ urls: ProbeUrls; over: number }> {
  const { source, reader } = await openPass(options, file, encoding);
  const compiled = compileMapping(options.loaded, options.columns, tables, options.data);
  const fields = PROBED_FIELDS.filter(([, kind]) => probe.kinds.includes(kind));
  const urls: ProbeUrls = new Map();
  const over = new Set<string>();
  const add = (url: string, kind: ProbeKind) => {
    if (!/^https?:\/\//i.test(url)) return;
    const known = urls.get(url);
    // A URL that is both an image and a link is probed as an image (a GET says more than a HEAD).
    if (known === 'image' || known === kind) return;
    if (known === undefined && urls.size >= probe.max) {
      // Counted up to a bound of its own: the report says how many were left out, not which.
      if (over.size < probe.max) over.add(url);
      return;
    }
    urls.set(url, kind);
  };
  let first = true;
  let lines = 0;
  for await (const batch of source.batches(options.columns)) {
    const offset = lines;
    lines += reader.read(batch, first, (_line, fields_, issue) => {
      if (issue !== undefined) return;
      const mapped = compiled.map(fields_);
      if (mapped.excluded !== undefined) return;
      for (const [field, kind] of fields) {
        const value = mapped.product[field] as string | string[] | undefined;
        if (typeof value === 'string') add(value, kind);
        else if (Array.isArray(value)) for (const url of value) add(url, kind);
      }
    });
    source.consumed(lines - offset);
    first = false;
  }
  return { urls, over: over.size };
}

/** Read the input once and collect the variants tables. */
async function collectVariants(
  options: PrepassOptions,
  file: string,
  encoding: Encoding,
  tables: GroupTables,
  limit: number,
): Promise<VariantTables> {
  const { source, reader } = await openPass(options, file, encoding);
  // Joined columns are readable in the pre-pass too (a parent's images from an image list).
  const compiled = compileMapping(options.loaded, options.columns, { joins: tables.joins }, options.data);
  const collector = compiled.variants?.collector(limit);
  if (collector === undefined) throw new Error('variants did not compile');
  let first = true;
  let lines = 0;
  for await (const batch of source.batches(options.columns)) {
    const offset = lines;
    lines += reader.read(batch, first, (line, fields, issue) => {
      if (issue === undefined) collector.add(fields, offset + line);
    });
    source.consumed(lines - offset);
    first = false;
  }
  return collector.finish();
}

/** A file a mapping names: relative to its folder and inside it, like its lookup tables. */
function joinFile(loaded: LoadedYaml, name: string, path: YamlPath): string {
  try {
    return besideMapping(loaded.path, name);
  } catch (error) {
    throw new FeedkitError(
      'mapping-invalid',
      `${(error as Error).message} (name a file elsewhere with --join <name>=<path>)`,
      { file: loaded.path, ...loaded.positionOf(path) },
    );
  }
}

function tooLarge(limit: number, what: string): FeedkitError {
  return new FeedkitError(
    'input-limit',
    `${what}: the tables of joins and variants passed ${Math.round(limit / (1 << 20))} MB; raise the limit with --max-table-mb`,
  );
}

/** The report's `variants` and `joins` sections from the pre-pass and the merged counts. */
export function groupReport(
  prepared: Prepared,
  tallies: GroupTallies,
  used: ReadonlyArray<Uint8Array | undefined>,
): { variants?: VariantsReport; joins?: JoinReport[] } {
  const variants: VariantsReport | undefined =
    prepared.variants === undefined
      ? undefined
      : {
          ...prepared.variants,
          parents: tallies.variants?.parents ?? 0,
          parents_emitted: tallies.variants?.parents_emitted ?? 0,
          children: tallies.variants?.children ?? 0,
          orphans: tallies.variants?.orphans ?? 0,
          inherited: tallies.variants?.inherited ?? {},
        };
  const joins = prepared.joins.map((join, j): JoinReport => {
    const t = tallies.joins?.[j];
    let usedRows = 0;
    for (const flag of used[j] ?? []) usedRows += flag;
    return {
      ...join,
      matched: t?.matched ?? 0,
      unmatched: t?.unmatched ?? 0,
      without_key: t?.without_key ?? 0,
      unmatched_samples: t?.unmatched_samples ?? [],
      unused: join.keys - usedRows,
    };
  });
  return { ...(variants !== undefined ? { variants } : {}), ...(joins.length > 0 ? { joins } : {}) };
}
