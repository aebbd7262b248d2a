import type { LoadedYaml, YamlPath } from '../config/load.js';
import type { MappingFile } from '../config/mapping.js';
import type { ColumnProblem, OpenColumns, Row } from '../model/columns.js';
import { type ErrorCode, FeedkitError, suggest } from '../model/errors.js';
import { colInScalar } from '../text/yaml-position.js';
import type { MappingData } from './data.js';
import { compileExpression, ExpressionError, type ExpressionScope } from './expression.js';
import type { CompiledJoins } from './joins/compile.js';
import type { TransformContext } from './transform.js';
import type { Value } from './value.js';
import type { CompiledVariants } from './variants/compile.js';

/** The column a mapping with variants reads a row's product group from. */
const GROUP_COLUMN = 'variants.group';

/** Where a problem is reported beyond its path: a suggestion, a column, the key rather than the value. */
export interface ProblemExtra {
  suggestion?: string;
  col?: number;
  part?: 'key';
}

/** Records a problem of the mapping at `path` (thrown together once the mapping is compiled). */
export type Problem = (code: ErrorCode, message: string, path: YamlPath, extra?: ProblemExtra) => void;

/** What the parts of the mapping compiler share: the file, its columns, where problems go. */
export interface CompileContext {
  loaded: LoadedYaml;
  mapping: MappingFile;
  /** The problems found so far. */
  problems: FeedkitError[];
  problem: Problem;
  /** Whether columns are known at all (`feedkit check` on CSV compiles without). */
  hasColumns: boolean;
  /** The input's header, when the input has one. */
  fixed: readonly string[] | undefined;
  /** The columns read so far, in order of first use. */
  reads: Set<string>;
  /** The column's index, or what is wrong with its name; an open column set takes any name its check accepts. */
  lookup(name: string): number | ColumnProblem | undefined;
  /** True for a column the mapping allows the header to lack (`optional_columns`) and it lacks. */
  absent(name: string): boolean;
  /** Reads a column (or a joined one, or `variants.group`); an unknown one is a problem at `path`. */
  column(name: string, path: YamlPath, offset?: number): (row: Row) => Value;
  /** Compiles an expression; a bad one is a problem pointing into it. */
  expression(source: string, path: YamlPath): (row: Row) => Value;
  /** What transforms are given. */
  transforms: TransformContext;
  /** The mapping's joins, once compiled: their columns are read ahead of the input's own. */
  joins?: CompiledJoins;
  /** The mapping's variants, once compiled: `variants.group` reads from them. */
  variants?: CompiledVariants;
}

/** The context of one mapping's compile. */
export function createContext(
  loaded: LoadedYaml,
  columns: readonly string[] | OpenColumns | undefined,
  data: MappingData,
): CompileContext {
  const mapping = loaded.value as MappingFile;
  const problems: FeedkitError[] = [];
  const problem: Problem = (code, message, path, extra = {}) => {
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
  // Only a header can lack a column; an open column set (XML paths) reads any name it accepts.
  const optional = new Set(fixed !== undefined ? (mapping.source?.optional_columns ?? []) : []);
  const source = mapping.source ?? {};
  const ctx: CompileContext = {
    loaded,
    mapping,
    problems,
    problem,
    hasColumns: columns !== undefined,
    fixed,
    reads,
    lookup,
    absent: (name) => optional.has(name) && !index.has(name),
    column: () => () => undefined,
    expression: () => () => undefined,
    transforms: {
      decimal: source.decimal ?? 'auto',
      baseUrl: source.base_url,
      currency: source.currency,
      lookupFile: (name) => lookupTable(data, name),
    },
  };
  // `variants.group`: the product group a row is a variant of (empty for a product of its own),
  // so filters can tell a variant from a product sold alone. Bound once variants are compiled.
  const group =
    mapping.variants !== undefined && !index.has(GROUP_COLUMN)
      ? (row: Row) => ctx.variants?.groupOf(row)
      : undefined;
  ctx.column = columnAccessor(ctx, group);
  ctx.expression = expressionCompiler(ctx, group, open?.names ?? fixed ?? []);
  return ctx;
}

function columnAccessor(
  ctx: CompileContext,
  group: ((row: Row) => Value) | undefined,
): CompileContext['column'] {
  const { loaded, problem } = ctx;
  return (name, path, offset = 0) => {
    if (name === GROUP_COLUMN && group !== undefined) return group;
    const joined = ctx.joins?.accessor(name);
    if (joined !== undefined) return joined;
    if (!ctx.hasColumns || ctx.absent(name)) return () => undefined;
    const i = ctx.lookup(name);
    if (typeof i === 'object') {
      problem(i.code ?? 'invalid-path', i.message, path, {
        col: colInScalar(loaded.text, loaded.positionOf(path), offset + i.index),
        suggestion: i.suggestion,
      });
      return () => undefined;
    }
    if (i === undefined) {
      problem('unknown-column', `unknown column "${name}" in the input header`, path, {
        suggestion: suggest(name, ctx.fixed ?? []),
      });
      return () => undefined;
    }
    return (row) => row[i];
  };
}

function expressionCompiler(
  ctx: CompileContext,
  group: ((row: Row) => Value) | undefined,
  names: readonly string[],
): CompileContext['expression'] {
  const { loaded, problem } = ctx;
  const scope: ExpressionScope<Row> = {
    resolve: (name) => {
      if (name === GROUP_COLUMN && group !== undefined) return group;
      const joined = ctx.joins?.accessor(name);
      if (joined !== undefined) return joined;
      if (!ctx.hasColumns || ctx.absent(name)) return () => undefined;
      const i = ctx.lookup(name);
      return typeof i === 'number' ? (row) => row[i] : undefined;
    },
    names,
  };
  return (source, path) => {
    try {
      return compileExpression(source, scope);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problem(error.code, error.message, path, {
        suggestion: error.suggestion,
        col: colInScalar(loaded.text, loaded.positionOf(path), error.index),
      });
      return () => undefined;
    }
  };
}

/** A lookup table of the bundle as the lookup transform reads it; one it could not read throws why. */
function lookupTable(data: MappingData, name: string): ReadonlyMap<string, string> {
  const table = data.lookups[name];
  if (table === undefined) throw new Error(`cannot read ${name}: not loaded with the mapping`);
  if ('error' in table) throw new Error(table.error);
  return new Map(table.entries);
}
