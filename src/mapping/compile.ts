import { Ajv, type ValidateFunction } from 'ajv';
import type { LoadedYaml, YamlPath } from '../config/load.js';
import type { FieldSpec, MappingFile } from '../config/mapping.js';
import {
  CANONICAL_FIELDS,
  type CanonicalField,
  type CanonicalProduct,
  type DateRange,
  type Money,
  parseDateRange,
  parseMoney,
} from '../model/canonical.js';
import type { ColumnProblem, OpenColumns, Row } from '../model/columns.js';
import { type ErrorCode, FeedkitError, FeedkitErrors, suggest } from '../model/errors.js';
import { type RecordIssue, shorten } from '../model/issues.js';
import { parseNumber } from '../text/number.js';
import { type MappingData, NO_MAPPING_DATA } from './data.js';
import { compileExpression, ExpressionError, type ExpressionScope, truthy } from './expression.js';
import { type CompiledExtraction, compileExtraction } from './extract/index.js';
import { type CompiledJoins, compileJoins } from './joins/compile.js';
import { normalizeOptions, type TransformContext, type TransformDef, type TransformFn } from './transform.js';
import { transforms } from './transforms/index.js';
import { type Invalid, isEmpty, isInvalid, type Value } from './value.js';
import { type CompiledVariants, compileVariants } from './variants/compile.js';
import { compileOptions, OPTION_FIELDS, optionsFromFields, parseOptions } from './variants/options.js';
import type { GroupTables, GroupTallies } from './variants/tables.js';

/** The column a mapping with variants reads a row's product group from. */
const GROUP_COLUMN = 'variants.group';

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
}

/**
 * Compile a mapping. `columns` is the input's header, or an {@link OpenColumns} that
 * collects the names the mapping reads; without it (`feedkit check` on CSV), column names are
 * not checked. Every problem is collected and thrown at once with its position.
 */
export function compileMapping(
  loaded: LoadedYaml,
  columns: readonly string[] | OpenColumns | undefined,
  tables?: GroupTables,
  data: MappingData = NO_MAPPING_DATA,
): CompiledMapping {
  const mapping = loaded.value as MappingFile;
  const problems: FeedkitError[] = [];
  const problem = (
    code: ErrorCode,
    message: string,
    path: YamlPath,
    extra: { suggestion?: string; col?: number; part?: 'key' } = {},
  ) => {
    const pos = loaded.positionOf(path, extra.part);
    problems.push(
      new FeedkitError(code, message, {
        file: loaded.path,
        line: pos.line,
        col: extra.col ?? pos.col,
        suggestion: extra.suggestion,
      }),
    );
  };
  const open = columns !== undefined && !Array.isArray(columns) ? (columns as OpenColumns) : undefined;
  const fixed = open === undefined ? (columns as readonly string[] | undefined) : undefined;
  const index = new Map<string, number>();
  (open?.names ?? fixed)?.forEach((name, i) => {
    index.set(name, i);
  });
  /** The column's index; an open column set takes any name its check accepts. */
  const reads = new Set<string>();
  const lookup = (name: string): number | ColumnProblem | undefined => {
    const i = index.get(name);
    if (i !== undefined) reads.add(name);
    if (i !== undefined || open === undefined) return i;
    const wrong = open.check(name);
    if (wrong !== undefined) return wrong;
    open.names.push(name);
    reads.add(name);
    index.set(name, open.names.length - 1);
    return open.names.length - 1;
  };
  // Joined columns (`stock.qty`) are read from their join's table, ahead of the input's own.
  let joins: CompiledJoins | undefined;
  // Only a header can lack a column; an open column set (XML paths) reads any name it accepts.
  const optional = new Set(fixed !== undefined ? (mapping.source?.optional_columns ?? []) : []);
  const absent = (name: string) => optional.has(name) && !index.has(name);
  // `variants.group`: the product group a row is a variant of (empty for a product of its own),
  // so filters can tell a variant from a product sold alone. Bound once variants are compiled.
  let variants: CompiledVariants | undefined;
  const group =
    mapping.variants !== undefined && !index.has(GROUP_COLUMN)
      ? (row: Row) => variants?.groupOf(row)
      : undefined;
  const columnAccessor = (name: string, path: YamlPath, offset = 0): ((row: Row) => Value) => {
    if (name === GROUP_COLUMN && group !== undefined) return group;
    const joined = joins?.accessor(name);
    if (joined !== undefined) return joined;
    if (columns === undefined || absent(name)) return () => undefined;
    const i = lookup(name);
    if (typeof i === 'object') {
      const pos = loaded.positionOf(path);
      const quoted = /^["']/.test(lineText(loaded, pos.line, pos.col));
      problem(i.code ?? 'invalid-path', i.message, path, {
        col: pos.col + (quoted ? 1 : 0) + offset + i.index,
        suggestion: i.suggestion,
      });
      return () => undefined;
    }
    if (i === undefined) {
      problem('unknown-column', `unknown column "${name}" in the input header`, path, {
        suggestion: suggest(name, fixed ?? []),
      });
      return () => undefined;
    }
    return (row) => row[i];
  };
  const scope: ExpressionScope<Row> = {
    resolve: (name) => {
      if (name === GROUP_COLUMN && group !== undefined) return group;
      const joined = joins?.accessor(name);
      if (joined !== undefined) return joined;
      if (columns === undefined || absent(name)) return () => undefined;
      const i = lookup(name);
      return typeof i === 'number' ? (row) => row[i] : undefined;
    },
    names: open?.names ?? fixed ?? [],
  };
  const expression = (source: string, path: YamlPath): ((row: Row) => Value) => {
    try {
      return compileExpression(source, scope);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const pos = loaded.positionOf(path);
      // The expression sits in a quoted or plain scalar; point into it when we can.
      const quoted = /^["']/.test(lineText(loaded, pos.line, pos.col));
      problem(error.code, error.message, path, {
        suggestion: error.suggestion,
        col: pos.col + (quoted ? 1 : 0) + error.index,
      });
      return () => undefined;
    }
  };

  if (mapping.joins !== undefined && mapping.joins.length > 0) {
    joins = compileJoins(
      mapping.joins,
      { column: (name, path) => columnAccessor(name, path), problem, columns: fixed },
      tables?.joins,
    );
  }

  const source = mapping.source ?? {};
  const context: TransformContext = {
    decimal: source.decimal ?? 'auto',
    baseUrl: source.base_url,
    currency: source.currency,
    lookupFile: (name) => lookupTable(data, name),
  };
  const expressionAt = (source: string, path: YamlPath) => {
    const run = expression(source, path);
    return (record: unknown) => run(record as Row);
  };

  const filters = (mapping.filters ?? []).map((filter, i) => ({
    test: expression(filter.exclude, ['filters', i, 'exclude']),
    reason: filter.reason,
  }));

  const compiled: Array<{ name: CanonicalField; run: (row: Row, issues: RecordIssue[]) => unknown }> = [];
  // A value read outside map() (by variants, or the key of a rejected row) reports no issues:
  // one list takes them and is emptied after each read.
  const discarded: RecordIssue[] = [];
  const runDiscardingIssues = (field: (typeof compiled)[number], row: Row) => {
    const value = field.run(row, discarded);
    discarded.length = 0;
    return value;
  };
  for (const [name, rawSpec] of Object.entries(mapping.fields ?? {})) {
    if (!(name in CANONICAL_FIELDS)) continue; // reported by the schema check with a suggestion
    const field = name as CanonicalField;
    // A plain string is a column name, or a template when it has placeholders.
    const spec: FieldSpec =
      typeof rawSpec === 'string'
        ? rawSpec.includes('{{')
          ? { template: rawSpec }
          : { from: rawSpec }
        : (rawSpec ?? {});
    const base: YamlPath = ['fields', name];
    const sources = ['from', 'feature', 'value', 'template', 'expr', 'start', 'end']
      .filter((key) => key in spec)
      .filter((key, _i, all) => key !== 'end' || !all.includes('start'));
    if (sources.length > 1) {
      problem(
        'mapping-invalid',
        `field "${name}" has ${sources.join(' and ')}; use only one of from, feature, value, template, expr, start/end`,
        base,
        {},
      );
    }
    if (sources.length === 0 && spec.default === undefined) {
      problem(
        'mapping-invalid',
        `field "${name}" needs one of from, feature, value, template, expr, start/end or default`,
        base,
      );
    }
    const accessor = (name: string, at: YamlPath) =>
      columnAccessor(name.trim(), at, name.length - name.trimStart().length);
    /** One column, or a list of them: the first that has a value (`from: [EAN, GTIN]`). */
    const firstOf = (names: string | string[], path: YamlPath): ((row: Row) => Value) => {
      if (typeof names === 'string') return accessor(names, path);
      const reads = names.map((name, i) => accessor(name, [...path, i]));
      return (row) => {
        for (let i = 0; i < reads.length; i++) {
          const value = (reads[i] as (row: Row) => Value)(row);
          if (!isEmpty(value)) return value;
        }
        return undefined;
      };
    };
    let read: (row: Row) => Value;
    if (spec.from !== undefined) {
      read = firstOf(spec.from, typeof rawSpec === 'string' ? base : [...base, 'from']);
    } else if (spec.start !== undefined || spec.end !== undefined) {
      if (CANONICAL_FIELDS[field] !== 'date_range') {
        problem('mapping-invalid', `start and end fill a date range; "${name}" is not one`, [
          ...base,
          spec.start !== undefined ? 'start' : 'end',
        ]);
      }
      const start = spec.start === undefined ? undefined : firstOf(spec.start, [...base, 'start']);
      const end = spec.end === undefined ? undefined : firstOf(spec.end, [...base, 'end']);
      read = (row) => {
        const from = start?.(row);
        const to = end?.(row);
        if (isEmpty(from) && isEmpty(to)) return undefined;
        return `${isEmpty(from) ? '' : String(from)}/${isEmpty(to) ? '' : String(to)}`;
      };
    } else if (spec.feature !== undefined) {
      if (fixed !== undefined && !index.has(`feature:${spec.feature}`)) {
        problem(
          'mapping-invalid',
          `"feature" reads the features of an XML record; this input is delimited text`,
          [...base, 'feature'],
        );
        read = () => undefined;
      } else read = columnAccessor(`feature:${spec.feature}`, [...base, 'feature'], -'feature:'.length);
    } else if (spec.template !== undefined) {
      const path = typeof rawSpec === 'string' ? base : [...base, 'template'];
      read = compileTemplate(spec.template, (column, at) => columnAccessor(column, path, at));
    } else if (spec.expr !== undefined) {
      read = expression(spec.expr, [...base, 'expr']);
    } else if (spec.value !== undefined) {
      const constant = spec.value;
      read = () => constant;
    } else {
      read = () => undefined;
    }
    const when = spec.when !== undefined ? expression(spec.when, [...base, 'when']) : undefined;
    const steps: TransformFn[] = [];
    (spec.pipe ?? []).forEach((step, i) => {
      const at: YamlPath = [...base, 'pipe', i];
      const named = typeof step === 'string' ? [] : Object.keys(step).slice(0, 1);
      const fn = compileStep(
        step,
        at,
        { ...context, expression: (source, option) => expressionAt(source, [...at, ...named, option]) },
        problem,
      );
      if (fn) steps.push(fn);
    });
    if (spec.map !== undefined) {
      const fn = compileStep({ map: spec.map }, [...base, 'map'], context, problem);
      if (fn) steps.push(fn);
    }
    const fallback = spec.default;
    const coerce = coercer(field, context);
    compiled.push({
      name: field,
      run(row, issues) {
        let value = read(row);
        if (when !== undefined && !truthy(when(row))) value = undefined;
        for (let i = 0; i < steps.length; i++) {
          const out = (steps[i] as TransformFn)(value, row);
          if (isInvalid(out)) {
            issues.push(invalidIssue(out, field, value));
            value = undefined;
            break;
          }
          value = out;
        }
        if (fallback !== undefined && isEmpty(value)) value = fallback;
        if (isEmpty(value)) return undefined;
        const result = coerce(value);
        if (isInvalid(result)) {
          issues.push(invalidIssue(result, field, value));
          return undefined;
        }
        return result;
      },
    });
  }
  variants =
    mapping.variants === undefined
      ? undefined
      : compileVariants(
          mapping.variants,
          {
            column: (name, path) => columnAccessor(name, path),
            expression,
            problem,
            field: (name) => {
              const found = compiled.find((field) => field.name === name);
              return found === undefined ? undefined : (row) => runDiscardingIssues(found, row);
            },
            columnIndex: (name, path) => {
              if (columns === undefined || absent(name)) return undefined;
              if (joins?.accessor(name) !== undefined) {
                problem(
                  'mapping-invalid',
                  `variants.fill names "${name}", a joined column; fill takes input columns`,
                  path,
                );
                return undefined;
              }
              const i = lookup(name);
              if (typeof i === 'number') return i;
              columnAccessor(name, path); // reports the unknown column with a suggestion
              return undefined;
            },
          },
          tables?.variants,
        );
  const options = compileOptions(mapping.options, { column: (name, path) => columnAccessor(name, path) });
  const extraction =
    mapping.extract === undefined
      ? undefined
      : compileExtraction(
          mapping.extract,
          new Set(compiled.map((field) => field.name)),
          (message, path) => problem('mapping-invalid', message, path),
          data.dictionaries,
        );
  if (problems.length > 0) throw new FeedkitErrors(problems);

  const fields = new Set(compiled.map((field) => field.name));
  for (const field of extraction?.fields ?? []) fields.add(field);
  // Variants set item_group_id on the records they group, whether the mapping fills it or not.
  if (variants !== undefined) fields.add('item_group_id');
  // A variant says so (has_variants) and names its options, which channels with variant
  // fields (OpenAI's variant_dict) need; without given options, its colour, size … are used.
  const grouped = fields.has('item_group_id');
  if (grouped) fields.add('has_variants');
  if (grouped || options !== undefined) fields.add('options');
  if (options !== undefined) for (const field of OPTION_FIELDS) fields.add(field);
  const idField = compiled.find((field) => field.name === 'id');
  const scratch: RecordIssue[] = [];
  const key = (row: Row) =>
    idField === undefined ? undefined : (runDiscardingIssues(idField, row) as string | undefined);
  return {
    fields,
    columns: [...reads],
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
        const field = compiled[i] as (typeof compiled)[number];
        const value = field.run(row, scratch);
        if (scratch.length > 0) {
          issues ??= [];
          issues.push(...scratch);
          scratch.length = 0;
        }
        if (value !== undefined) product[field.name] = value;
      }
      options?.(row, product);
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

function invalidIssue(invalid: Invalid, field: string, value: Value): RecordIssue {
  return { type: invalid.invalid, field, value: shorten(value), expected: invalid.expected };
}

/** The text of `line` from column `col` on. */
function lineText(loaded: LoadedYaml, line: number, col: number): string {
  return (loaded.text.split('\n')[line - 1] ?? '').slice(col - 1);
}

const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
const optionValidators = new Map<string, ValidateFunction>();

function compileStep(
  step: string | Record<string, unknown>,
  path: YamlPath,
  context: TransformContext,
  problem: (
    code: ErrorCode,
    message: string,
    path: YamlPath,
    extra?: { suggestion?: string; part?: 'key' },
  ) => void,
): TransformFn | undefined {
  const name = typeof step === 'string' ? step : Object.keys(step)[0];
  if (name === undefined || (typeof step === 'object' && Object.keys(step).length !== 1)) {
    problem('mapping-invalid', 'a pipe step is a transform name or { name: options }', path);
    return undefined;
  }
  const def = transforms[name] as TransformDef<unknown> | undefined;
  const namePath = typeof step === 'string' ? path : [...path, name];
  if (def === undefined) {
    problem(
      'unknown-transform',
      `unknown transform "${name}"`,
      typeof step === 'string' ? path : [...path, name],
      {
        suggestion: suggest(name, Object.keys(transforms)),
        part: 'key',
      },
    );
    return undefined;
  }
  const options = normalizeOptions(def, typeof step === 'string' ? undefined : step[name]);
  if (def.options !== undefined) {
    let validate = optionValidators.get(name);
    if (validate === undefined) {
      validate = ajv.compile(def.options);
      optionValidators.set(name, validate);
    }
    if (!validate(options)) {
      for (const error of validate.errors ?? []) {
        const where = error.instancePath === '' ? '' : ` ${error.instancePath.slice(1)}`;
        const extra = error.params as { additionalProperty?: string };
        problem(
          'invalid-options',
          `transform "${name}" option${where} ${error.message}${extra.additionalProperty ? ` "${extra.additionalProperty}"` : ''}`,
          [...namePath, ...error.instancePath.split('/').slice(1)],
        );
      }
      return undefined;
    }
  }
  let fn: TransformFn;
  try {
    fn = def.create(options, context);
  } catch (error) {
    problem('invalid-options', `transform "${name}": ${(error as Error).message}`, namePath);
    return undefined;
  }
  if (def.list) return fn;
  return (value, record) => {
    if (!Array.isArray(value)) return fn(value, record);
    const out: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const element = fn(value[i], record);
      if (isInvalid(element)) return element;
      if (!isEmpty(element)) out.push(String(element));
    }
    return out;
  };
}

/** `{{ Column }}` placeholders; the rest is literal. Compiled into a list of parts once. */
function compileTemplate(
  template: string,
  column: (name: string, at: number) => (row: Row) => Value,
): (row: Row) => Value {
  const parts: Array<string | ((row: Row) => Value)> = [];
  const pattern = /\{\{\s*(.+?)\s*\}\}/g;
  let last = 0;
  for (let match = pattern.exec(template); match !== null; match = pattern.exec(template)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    // `{{ A || B }}`: the first of the columns that has a value. Each name is located in the
    // template, for messages that point at it.
    const inner = match[1] as string;
    const start = match.index + match[0].indexOf(inner);
    const names = inner.split('||');
    const reads: Array<(row: Row) => Value> = [];
    let at = start;
    for (const name of names) {
      const trimmed = name.trim();
      reads.push(column(trimmed, at + name.indexOf(trimmed)));
      at += name.length + 2;
    }
    parts.push(
      reads.length === 1
        ? (reads[0] as (row: Row) => Value)
        : (row) => {
            for (let i = 0; i < reads.length; i++) {
              const value = (reads[i] as (row: Row) => Value)(row);
              if (!isEmpty(value)) return value;
            }
            return undefined;
          },
    );
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return (row) => {
    let out = '';
    let filled = false;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string | ((row: Row) => Value);
      if (typeof part === 'string') out += part;
      else {
        const value = part(row);
        if (!isEmpty(value)) {
          filled = true;
          out += Array.isArray(value) ? value.join(',') : String(value);
        }
      }
    }
    // A template whose placeholders are all empty has no value (not just its literal text).
    return filled ? out.trim() : undefined;
  };
}

/** A lookup table of the bundle as the lookup transform reads it; one it could not read throws why. */
function lookupTable(data: MappingData, name: string): ReadonlyMap<string, string> {
  const table = data.lookups[name];
  if (table === undefined) throw new Error(`cannot read ${name}: not loaded with the mapping`);
  if ('error' in table) throw new Error(table.error);
  return new Map(table.entries);
}

/** Spellings of yes and no in supplier files (English, Danish, German, Swedish). */
const TRUE = new Set(['true', 'yes', 'y', '1', 'ja', 'j', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0', 'nej', 'nein', '']);

function coercer(field: CanonicalField, context: TransformContext): (value: Value) => unknown {
  switch (CANONICAL_FIELDS[field]) {
    case 'text':
    case 'url':
      return (value) => (Array.isArray(value) ? value.join(',') : String(value));
    case 'url_list':
    case 'text_list':
      return (value) => (Array.isArray(value) ? value : [String(value)]);
    case 'integer':
      return (value): number | Invalid => {
        const number = typeof value === 'number' ? value : Number(String(value).trim());
        return Number.isFinite(number)
          ? Math.trunc(number)
          : { invalid: 'invalid-number', expected: 'a whole number' };
      };
    case 'number':
      return (value): number | Invalid => {
        // Written as suppliers write numbers (`12,5`, `1.299,95`), read as the number transform reads them.
        const number = typeof value === 'number' ? value : parseNumber(String(value), context.decimal);
        return number !== undefined && Number.isFinite(number)
          ? number
          : { invalid: 'invalid-number', expected: 'a number' };
      };
    case 'boolean':
      return (value): boolean | Invalid => {
        if (typeof value === 'boolean') return value;
        const text = String(value).trim().toLowerCase();
        if (TRUE.has(text)) return true;
        if (FALSE.has(text)) return false;
        return { invalid: 'invalid-value', expected: 'yes or no (true/false, 1/0, ja/nej)' };
      };
    case 'money':
      return (value): Money | Invalid => {
        if (typeof value === 'number') {
          if (context.currency === undefined) {
            return {
              invalid: 'invalid-price',
              expected: 'a currency (use the price transform or source.currency)',
            };
          }
          return { amount: value, currency: context.currency };
        }
        return parseMoney(String(value)) ?? { invalid: 'invalid-price', expected: 'e.g. 1299.95 DKK' };
      };
    case 'options':
      return (value): Record<string, string> | Invalid =>
        parseOptions(Array.isArray(value) ? value.join(',') : String(value)) ?? {
          invalid: 'invalid-value',
          expected: 'name=value pairs (color=Black,size=XS) or a JSON object',
        };
    case 'date_range':
      return (value): DateRange | Invalid =>
        parseDateRange(String(value)) ?? {
          invalid: 'invalid-format',
          expected:
            'start/end in ISO 8601, either side may be empty (2026-12-01T00:00+01:00/2026-12-24T23:59+01:00); or start: and end: columns',
        };
  }
}
