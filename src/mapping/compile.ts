import type { LoadedYaml } from '../config/load.js';
import type { MappingFile } from '../config/mapping.js';
import type { CanonicalField, CanonicalProduct } from '../model/canonical.js';
import type { OpenColumns, Row } from '../model/columns.js';
import { FeedkitErrors } from '../model/errors.js';
import type { RecordIssue } from '../model/issues.js';
import { type CompileContext, createContext } from './compile-context.js';
import { type CompiledField, compileField } from './compile-field.js';
import { type MappingData, NO_MAPPING_DATA } from './data.js';
import { compileDisclosure } from './disclosure.js';
import { truthy } from './expression.js';
import { type CompiledExtraction, compileExtraction } from './extract/index.js';
import { compileJoins } from './joins/compile.js';
import { NO_SOURCE, type RecordSources } from './provenance.js';
import type { Value } from './value.js';
import { type CompiledVariants, compileVariants } from './variants/compile.js';
import { compileOptions, OPTION_FIELDS, optionsFromFields } from './variants/options.js';
import type { GroupTables, GroupTallies } from './variants/tables.js';

/** What the mapping made of one record. */
export interface MappedRecord {
  /** The canonical product. */
  product: CanonicalProduct;
  /** Problems found while mapping (a value a transform could not use); the field was left empty. */
  issues?: RecordIssue[];
  /** Set when a filter excluded the record: the filter's reason. */
  excluded?: string;
  /** Fields that `extract` filled from the product's text (guesses, not supplier values). */
  extracted?: CanonicalField[];
  /** Set when the record is not sold for another reason (a variant parent): the issue saying why. */
  skipped?: RecordIssue;
}

/** A mapping compiled into plain functions. */
export interface CompiledMapping {
  /** Canonical fields the mapping fills. */
  fields: ReadonlySet<CanonicalField>;
  /**
   * The input columns the mapping reads, in order of first use. Compiled with an
   * {@link OpenColumns} (XML paths, each checked by the source), these are the rows' columns,
   * in index order: the source reads its rows with this list.
   */
  columns: readonly string[];
  /** Map one row. Pure: the row is not changed, a new product is returned. */
  map(row: Row): MappedRecord;
  /** The record key (mapped id) alone, for rows that cannot be mapped as a whole. */
  key(row: Row): string | undefined;
  /** The mapping's `extract`, when it has one. */
  extraction?: CompiledExtraction;
  /** The mapping's `variants`, for the pre-pass that collects what grouping needs. */
  variants?: CompiledVariants;
  /** Counts of joins and variants since the last call (per batch), when the mapping has them. */
  takeTallies(): GroupTallies | undefined;
  /** Where each field's value of the record mapped last came from (valid until the next `map`). */
  sources: RecordSources;
}

/**
 * Compile a mapping. `columns` is the input's header, or an {@link OpenColumns} that
 * collects the names the mapping reads; without it (`feedkit check` on CSV), column names are
 * not checked. `data` is what the load phase read for it (lookup tables, dictionaries): the
 * compiler reads no file. Every problem is collected and thrown at once with its position.
 */
export function compileMapping(
  loaded: LoadedYaml,
  columns: readonly string[] | OpenColumns | undefined,
  tables?: GroupTables,
  data: MappingData = NO_MAPPING_DATA,
): CompiledMapping {
  const ctx = createContext(loaded, columns, data);
  const { mapping } = ctx;
  if (mapping.joins !== undefined && mapping.joins.length > 0) {
    ctx.joins = compileJoins(
      mapping.joins,
      { column: (name, path) => ctx.column(name, path), problem: ctx.problem, columns: ctx.fixed },
      tables?.joins,
    );
  }
  const filters = (mapping.filters ?? []).map((filter, i) => ({
    test: ctx.expression(filter.exclude, ['filters', i, 'exclude']),
    reason: filter.reason,
  }));
  const compiled: CompiledField[] = [];
  for (const [name, rawSpec] of Object.entries(mapping.fields ?? {})) {
    const field = compileField(ctx, name, rawSpec);
    if (field !== undefined) compiled.push(field);
  }
  ctx.variants = mapping.variants === undefined ? undefined : variantsOf(ctx, compiled, tables);
  const options = compileOptions(mapping.options, { column: (name, path) => ctx.column(name, path) });
  const extraction =
    mapping.extract === undefined
      ? undefined
      : compileExtraction(
          mapping.extract,
          new Set(compiled.map((field) => field.name)),
          (message, path) => ctx.problem('mapping-invalid', message, path),
          data.dictionaries,
        );
  if (ctx.problems.length > 0) throw new FeedkitErrors(ctx.problems);
  const disclose = compileDisclosure(mapping.joins ?? [], compiled);
  return assemble({ ctx, compiled, filters, options, extraction, disclose });
}

/** A value read outside map() (by variants, or the key of a rejected row) reports no issues. */
function readQuietly(field: CompiledField): (row: Row) => unknown {
  // One list takes them and is emptied after each read.
  const discarded: RecordIssue[] = [];
  return (row) => {
    const value = field.run(row, discarded);
    discarded.length = 0;
    return value;
  };
}

/** The mapping's `variants`, reading the mapping's own fields and the input's columns. */
function variantsOf(
  ctx: CompileContext,
  compiled: readonly CompiledField[],
  tables: GroupTables | undefined,
): CompiledVariants | undefined {
  const { problem } = ctx;
  return compileVariants(
    ctx.mapping.variants as NonNullable<MappingFile['variants']>,
    {
      column: (name, path) => ctx.column(name, path),
      expression: ctx.expression,
      problem,
      field: (name) => {
        const found = compiled.find((field) => field.name === name);
        return found === undefined ? undefined : readQuietly(found);
      },
      columnIndex: (name, path) => {
        if (!ctx.hasColumns || ctx.absent(name)) return undefined;
        if (ctx.joins?.accessor(name) !== undefined) {
          problem(
            'mapping-invalid',
            `variants.fill names "${name}", a joined column; fill takes input columns`,
            path,
          );
          return undefined;
        }
        const i = ctx.lookup(name);
        if (typeof i === 'number') return i;
        ctx.column(name, path); // reports the unknown column with a suggestion
        return undefined;
      },
    },
    tables?.variants,
  );
}

/** The parts of a compiled mapping, put together into one. */
interface Parts {
  ctx: CompileContext;
  compiled: readonly CompiledField[];
  filters: ReadonlyArray<{ test: (row: Row) => Value; reason: string }>;
  options: ((row: Row, product: Record<string, unknown>) => void) | undefined;
  extraction: CompiledExtraction | undefined;
  /** The disclosure of generated titles and descriptions, when a join is marked `generated`. */
  disclose: ((product: Record<string, unknown>) => void) | undefined;
}

/** The canonical fields a mapping fills: its own, what extraction and variants add. */
function filledFields({ compiled, options, extraction, ctx, disclose }: Parts): Set<CanonicalField> {
  const fields = new Set(compiled.map((field) => field.name));
  // A generated title or description brings its disclosure along (mapping/disclosure.ts).
  if (disclose !== undefined) {
    if (fields.has('title')) fields.add('structured_title');
    if (fields.has('description')) fields.add('structured_description');
  }
  for (const field of extraction?.fields ?? []) fields.add(field);
  // Variants set item_group_id on the records they group, whether the mapping fills it or not.
  if (ctx.variants !== undefined) fields.add('item_group_id');
  // A variant says so (has_variants) and names its options, which channels with variant
  // fields (OpenAI's variant_dict) need; without given options, its colour, size … are used.
  const grouped = fields.has('item_group_id');
  if (grouped) fields.add('has_variants');
  if (grouped || options !== undefined) fields.add('options');
  if (options !== undefined) for (const field of OPTION_FIELDS) fields.add(field);
  return fields;
}

function assemble(parts: Parts): CompiledMapping {
  const { ctx, compiled, filters, options, extraction, disclose } = parts;
  const { joins, variants } = ctx;
  const fields = filledFields(parts);
  const grouped = fields.has('item_group_id');
  const idField = compiled.find((field) => field.name === 'id');
  const readId = idField === undefined ? undefined : readQuietly(idField);
  const scratch: RecordIssue[] = [];
  const key = (row: Row) => readId?.(row) as string | undefined;
  const sources: RecordSources = {
    fields: compiled.map((field) => field.name),
    sources: new Uint8Array(compiled.length).fill(NO_SOURCE),
  };
  return {
    fields,
    sources,
    columns: [...ctx.reads],
    key,
    extraction,
    variants,
    takeTallies: () =>
      joins === undefined && variants === undefined
        ? undefined
        : { joins: joins?.take(), variants: variants?.take() },
    map(given) {
      const row = variants?.fill !== undefined ? variants.fill(given) : given;
      joins?.count(row);
      for (let i = 0; i < filters.length; i++) {
        const filter = filters[i] as (typeof filters)[number];
        if (truthy(filter.test(row))) {
          // Keep the id so the rejects name the record.
          const id = key(row);
          return { product: id === undefined ? {} : { id: id as string }, excluded: filter.reason };
        }
      }
      const product: Record<string, unknown> = {};
      // One shared list per batch would be unsafe across records; one per record is created only
      // when a field has a problem, which keeps the common path free of allocations.
      let issues: RecordIssue[] | undefined;
      for (let i = 0; i < compiled.length; i++) {
        const field = compiled[i] as CompiledField;
        const value = field.run(row, scratch);
        sources.sources[i] = field.source;
        if (scratch.length > 0) {
          issues ??= [];
          issues.push(...scratch);
          scratch.length = 0;
        }
        if (value !== undefined) product[field.name] = value;
      }
      options?.(row, product);
      disclose?.(product);
      if (variants !== undefined) {
        const skipped = variants.apply(row, product, (issue) => {
          issues ??= [];
          issues.push(issue);
        });
        if (skipped !== undefined) {
          const id = product.id as string | undefined;
          return { product: id === undefined ? {} : { id }, excluded: 'variant parent', skipped };
        }
      }
      if (grouped && product.item_group_id !== undefined) {
        if (product.has_variants === undefined) product.has_variants = true;
        if (product.options === undefined) {
          const own = optionsFromFields(product);
          if (own !== undefined) product.options = own;
        }
      }
      // After variants, so a value a child inherits from its parent is the supplier's, not a guess.
      const extracted = extraction?.run(product);
      const record: MappedRecord = issues !== undefined ? { product, issues } : { product };
      if (extracted !== undefined) record.extracted = extracted;
      return record;
    },
  };
}
