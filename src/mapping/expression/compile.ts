import type jsep from 'jsep';
import { suggest } from '../../model/errors.js';
import type { Value } from '../value.js';
import { isEmpty } from '../value.js';
import { checked, regexFor, startOf, stringLiteral } from './check.js';
import { ExpressionError, type ExpressionScope, invalid, unsafe } from './errors.js';
import { FUNCTIONS } from './functions.js';
import type { Node, Parsed } from './parse.js';
import { BINARY, numeric, text, truthy } from './values.js';

type Run<R> = (record: R) => Value;
interface Compiled<R> {
  run: Run<R>;
  /** Reads no column: evaluated once at compile time. */
  constant: boolean;
}

/** A node computed from `parts`; folded to its value when none of them reads a column. */
function derived<R>(run: Run<R>, parts: readonly Compiled<R>[]): Compiled<R> {
  if (!parts.every((part) => part.constant)) return { run, constant: false };
  const value = run(undefined as unknown as R);
  return { run: () => value, constant: true };
}

function compileNode<R>(parsed: Parsed, node: Node, scope: ExpressionScope<R>): Compiled<R> {
  const compile = (next: Node) => compileNode(parsed, next, scope);
  switch (node.type) {
    case 'Literal': {
      const raw = (node as jsep.Literal).value;
      const value: Value =
        typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : undefined;
      return { run: () => value, constant: true };
    }
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      return { run: resolve(name, parsed.positions.get(node) ?? 0, scope), constant: false };
    }
    case 'ArrayExpression': {
      const items = (node as jsep.ArrayExpression).elements.map((element) => compile(element as Node));
      const runs = items.map((item) => item.run);
      return derived((record) => runs.map((run) => text(run(record))), items);
    }
    case 'UnaryExpression': {
      const argument = compile((node as jsep.UnaryExpression).argument);
      const run = argument.run;
      if ((node as jsep.UnaryExpression).operator === '-') {
        return derived(
          (record) => {
            const x = numeric(run(record));
            return x === undefined ? undefined : -x;
          },
          [argument],
        );
      }
      return derived((record) => !truthy(run(record)), [argument]);
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression;
      const left = compile(binary.left);
      const right = compile(binary.right);
      const l = left.run;
      const r = right.run;
      if (binary.operator === '&&' || binary.operator === 'and') {
        return derived((record) => truthy(l(record)) && truthy(r(record)), [left, right]);
      }
      if (binary.operator === '||' || binary.operator === 'or') {
        return derived((record) => truthy(l(record)) || truthy(r(record)), [left, right]);
      }
      const op = BINARY.get(binary.operator);
      if (op === undefined)
        throw invalid(`operator "${binary.operator}" is not supported`, startOf(parsed, node));
      return derived((record) => op(l(record), r(record)), [left, right]);
    }
    case 'ConditionalExpression': {
      const conditional = node as jsep.ConditionalExpression;
      const test = compile(conditional.test);
      const yes = compile(conditional.consequent);
      const no = compile(conditional.alternate);
      if (test.constant) return truthy(test.run(undefined as unknown as R)) ? yes : no;
      const [t, y, n] = [test.run, yes.run, no.run];
      return { run: (record) => (truthy(t(record)) ? y(record) : n(record)), constant: false };
    }
    case 'CallExpression':
      return compileCall(parsed, node as jsep.CallExpression, scope);
    default:
      // The check pass refuses every other node type before compiling.
      throw unsafe(`"${node.type}"`, startOf(parsed, node));
  }
}

function compileCall<R>(parsed: Parsed, call: jsep.CallExpression, scope: ExpressionScope<R>): Compiled<R> {
  const name = (call.callee as jsep.Identifier).name;
  const args = call.arguments;
  if (name === 'column') {
    const arg = args[0] as Node;
    return { run: resolve(stringLiteral(arg) ?? '', startOf(parsed, arg), scope), constant: false };
  }
  const compiled = args.map((arg) => compileNode(parsed, arg, scope));
  const [first, second] = compiled;
  if (name === 'matches' && first !== undefined) {
    const pattern = args[1] as Node;
    const regex = regexFor(stringLiteral(pattern) ?? '', startOf(parsed, pattern));
    const value = first.run;
    return derived(
      (record) => {
        const s = text(value(record));
        return regex.test(s);
      },
      [first],
    );
  }
  if (name === 'coalesce') {
    const runs = compiled.map((part) => part.run);
    return derived((record) => {
      for (const run of runs) {
        const value = run(record);
        if (!isEmpty(value)) return value;
      }
      return undefined;
    }, compiled);
  }
  const def = FUNCTIONS.get(name);
  const unary = def?.unary;
  if (unary !== undefined && first !== undefined) {
    const a = first.run;
    return derived((record) => unary(a(record)), compiled);
  }
  const binary = def?.binary;
  if (binary !== undefined && first !== undefined && second !== undefined) {
    const a = first.run;
    const b = second.run;
    return derived((record) => binary(a(record), b(record)), compiled);
  }
  throw invalid(`unknown function "${name}"`, startOf(parsed, call));
}

function resolve<R>(name: string, at: number, scope: ExpressionScope<R>): Run<R> {
  const accessor = scope.resolve(name);
  if (accessor === undefined) {
    throw new ExpressionError('unknown-column', `unknown column "${name}"`, at, suggest(name, scope.names));
  }
  return accessor;
}

/**
 * Parse and check an expression without any data (used by `feedkit check` before input is
 * read). Returns the column names it reads, in order of first use, including names given to
 * `column("…")`, so callers can check them once the header is known.
 *
 * @throws {@link ExpressionError} when the expression is invalid or unsafe.
 */
export function checkExpression(source: string): { columns: string[] } {
  return { columns: checked(source).columns };
}

/**
 * Parse, check and compile an expression into a function of one record. Column names are
 * resolved through `scope` now, once; parts that read no column are evaluated now as well.
 *
 * @throws {@link ExpressionError} when the expression is invalid or unsafe, or names a column
 * the scope does not know (`unknown-column`, with a suggestion from `scope.names`).
 */
export function compileExpression<R>(source: string, scope: ExpressionScope<R>): (record: R) => Value {
  const { parsed } = checked(source);
  return compileNode(parsed, parsed.ast, scope).run;
}
