import type { YamlPath } from '../config/load.js';
import type { FieldSpec } from '../config/mapping.js';
import { CANONICAL_FIELDS, type CanonicalField } from '../model/canonical.js';
import type { Row } from '../model/columns.js';
import type { RecordIssue } from '../model/issues.js';
import { coercer, invalidIssue } from './coerce.js';
import type { CompileContext } from './compile-context.js';
import { compileStep } from './compile-step.js';
import { truthy } from './expression.js';
import { joinName } from './joins/compile.js';
import { NO_SOURCE, SHEET_JOIN, SOURCE } from './provenance.js';
import { compileTemplate } from './template.js';
import type { TransformFn } from './transform.js';
import { isEmpty, isInvalid, type Value } from './value.js';

/** One canonical field compiled: its value from a row, problems with values going to `issues`. */
export interface CompiledField {
  name: CanonicalField;
  run(row: Row, issues: RecordIssue[]): unknown;
  /** Where the value `run` returned last came from (an index of `VALUE_SOURCES`, or `NO_SOURCE`). */
  source: number;
  /** True when the value `run` returned last came from a column of a join marked `generated` (set only with a value). */
  generated: boolean;
}

/**
 * Compile one entry of `fields`: where its value comes from, its `when`, its pipe (and `map`),
 * its default and its type. Undefined for a name that is no canonical field (the schema check
 * reports it with a suggestion).
 */
export function compileField(ctx: CompileContext, name: string, rawSpec: unknown): CompiledField | undefined {
  if (!(name in CANONICAL_FIELDS)) return undefined;
  const field = name as CanonicalField;
  // A plain string is a column name, or a template when it has placeholders.
  const spec: FieldSpec =
    typeof rawSpec === 'string'
      ? rawSpec.includes('{{')
        ? { template: rawSpec }
        : { from: rawSpec }
      : ((rawSpec as FieldSpec | null | undefined) ?? {});
  const base: YamlPath = ['fields', name];
  checkSources(ctx, name, spec, base);
  const origin = originOf(ctx, spec);
  const read = readerOf(ctx, field, spec, typeof rawSpec === 'string', base, origin);
  const when = spec.when !== undefined ? ctx.expression(spec.when, [...base, 'when']) : undefined;
  const steps = stepsOf(ctx, spec, base);
  const fallback = spec.default;
  const coerce = coercer(field, ctx.transforms);
  const compiled: CompiledField = {
    name: field,
    source: NO_SOURCE,
    generated: false,
    run(row, issues) {
      compiled.source = NO_SOURCE;
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
      let source = origin.last;
      if (fallback !== undefined && isEmpty(value)) {
        value = fallback;
        source = SOURCE.default;
      }
      if (isEmpty(value)) return undefined;
      const result = coerce(value);
      if (isInvalid(result)) {
        issues.push(invalidIssue(result, field, value));
        return undefined;
      }
      compiled.source = source;
      compiled.generated = source !== SOURCE.default && origin.generated;
      return result;
    },
  };
  return compiled;
}

/** The source of the value a field's reader gave last; `from` lists set it per column read. */
interface Origin {
  last: number;
  /** True when the column read last is of a join marked `generated`. */
  generated: boolean;
  /** The source of a column the field reads: a join's (the sheet's), else the supplier's. */
  column(name: string): number;
  /** True when a column the field reads is of a join marked `generated`. */
  isGenerated(name: string): boolean;
}

function originOf(ctx: CompileContext, spec: FieldSpec): Origin {
  const joins = (ctx.mapping.joins ?? []).map((join) => joinName(join));
  const column = (name: string) => {
    const join = joins.find((j) => name.trim().startsWith(`${j}.`));
    return join === undefined ? SOURCE.supplier : join === SHEET_JOIN ? SOURCE.sheet : SOURCE.join;
  };
  const fixed =
    spec.template !== undefined || spec.expr !== undefined
      ? SOURCE.computed
      : spec.value !== undefined
        ? SOURCE.constant
        : typeof spec.from === 'string'
          ? column(spec.from)
          : typeof spec.start === 'string'
            ? column(spec.start)
            : SOURCE.supplier;
  const generatedJoins = (ctx.mapping.joins ?? []).filter((join) => join.generated === true).map(joinName);
  const isGenerated = (name: string) => generatedJoins.some((j) => name.trim().startsWith(`${j}.`));
  const generated =
    spec.template === undefined &&
    spec.expr === undefined &&
    spec.value === undefined &&
    typeof spec.from === 'string' &&
    isGenerated(spec.from);
  return { last: fixed, generated, column, isGenerated };
}

/** A field names one source of its value (or a default). */
function checkSources(ctx: CompileContext, name: string, spec: FieldSpec, base: YamlPath): void {
  const sources = ['from', 'feature', 'value', 'template', 'expr', 'start', 'end']
    .filter((key) => key in spec)
    .filter((key, _i, all) => key !== 'end' || !all.includes('start'));
  if (sources.length > 1) {
    ctx.problem(
      'mapping-invalid',
      `field "${name}" has ${sources.join(' and ')}; use only one of from, feature, value, template, expr, start/end`,
      base,
      {},
    );
  }
  if (sources.length === 0 && spec.default === undefined) {
    ctx.problem(
      'mapping-invalid',
      `field "${name}" needs one of from, feature, value, template, expr, start/end or default`,
      base,
    );
  }
}

/** Where the field's value comes from, before its pipe. */
function readerOf(
  ctx: CompileContext,
  field: CanonicalField,
  spec: FieldSpec,
  plain: boolean,
  base: YamlPath,
  origin: Origin,
): (row: Row) => Value {
  const accessor = (name: string, at: YamlPath) =>
    ctx.column(name.trim(), at, name.length - name.trimStart().length);
  /** One column, or a list of them: the first that has a value (`from: [EAN, GTIN]`). */
  const firstOf = (names: string | string[], path: YamlPath): ((row: Row) => Value) => {
    if (typeof names === 'string') return accessor(names, path);
    const reads = names.map((name, i) => accessor(name, [...path, i]));
    const sources = names.map((name) => origin.column(name));
    const generated = names.map((name) => origin.isGenerated(name));
    return (row) => {
      for (let i = 0; i < reads.length; i++) {
        const value = (reads[i] as (row: Row) => Value)(row);
        if (!isEmpty(value)) {
          origin.last = sources[i] as number;
          origin.generated = generated[i] as boolean;
          return value;
        }
      }
      return undefined;
    };
  };
  if (spec.from !== undefined) return firstOf(spec.from, plain ? base : [...base, 'from']);
  if (spec.start !== undefined || spec.end !== undefined) {
    if (CANONICAL_FIELDS[field] !== 'date_range') {
      ctx.problem('mapping-invalid', `start and end fill a date range; "${field}" is not one`, [
        ...base,
        spec.start !== undefined ? 'start' : 'end',
      ]);
    }
    const start = spec.start === undefined ? undefined : firstOf(spec.start, [...base, 'start']);
    const end = spec.end === undefined ? undefined : firstOf(spec.end, [...base, 'end']);
    return (row) => {
      const from = start?.(row);
      const to = end?.(row);
      if (isEmpty(from) && isEmpty(to)) return undefined;
      return `${isEmpty(from) ? '' : String(from)}/${isEmpty(to) ? '' : String(to)}`;
    };
  }
  if (spec.feature !== undefined) {
    if (ctx.fixed !== undefined && !ctx.fixed.includes(`feature:${spec.feature}`)) {
      ctx.problem(
        'mapping-invalid',
        `"feature" reads the features of an XML record; this input is delimited text`,
        [...base, 'feature'],
      );
      return () => undefined;
    }
    return ctx.column(`feature:${spec.feature}`, [...base, 'feature'], -'feature:'.length);
  }
  if (spec.template !== undefined) {
    const path = plain ? base : [...base, 'template'];
    return compileTemplate(spec.template, (column, at) => ctx.column(column, path, at));
  }
  if (spec.expr !== undefined) return ctx.expression(spec.expr, [...base, 'expr']);
  if (spec.value !== undefined) {
    const constant = spec.value;
    return () => constant;
  }
  return () => undefined;
}

/** The field's pipe steps, then its `map` as one more. */
function stepsOf(ctx: CompileContext, spec: FieldSpec, base: YamlPath): TransformFn[] {
  const steps: TransformFn[] = [];
  const expressionAt = (source: string, path: YamlPath) => {
    const run = ctx.expression(source, path);
    return (record: unknown) => run(record as Row);
  };
  (spec.pipe ?? []).forEach((step, i) => {
    const at: YamlPath = [...base, 'pipe', i];
    const named = typeof step === 'string' ? [] : Object.keys(step).slice(0, 1);
    const fn = compileStep(
      step,
      at,
      { ...ctx.transforms, expression: (source, option) => expressionAt(source, [...at, ...named, option]) },
      ctx.problem,
    );
    if (fn) steps.push(fn);
  });
  if (spec.map !== undefined) {
    const fn = compileStep({ map: spec.map }, [...base, 'map'], ctx.transforms, ctx.problem);
    if (fn) steps.push(fn);
  }
  return steps;
}
