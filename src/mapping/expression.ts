import jsep from 'jsep';
import { suggest } from '../errors.js';
import { parseNumber } from './transforms/number.js';
import { catastrophic } from './transforms/regex_replace.js';
import type { Value } from './value.js';

/**
 * The mapping expression language. jsep parses (it never evaluates); this module checks the
 * AST against a whitelist and compiles it once into closures. A mapping file is data: an
 * expression can read the current record's columns and call the functions below, nothing else.
 */

/** How identifiers reach record data; supplied by the source (CSV: column name → index). */
export interface ExpressionScope<R> {
  /** Accessor for a column name, or undefined when the name is unknown. */
  resolve(name: string): ((record: R) => Value) | undefined;
  /** Known names, for suggestions. */
  names: readonly string[];
}

/** A problem in an expression, with its 0-based offset in the expression text. */
export class ExpressionError extends Error {
  constructor(
    readonly code: 'invalid-expression' | 'unsafe-expression' | 'unknown-column',
    message: string,
    readonly index: number,
    readonly suggestion?: string,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

jsep.addBinaryOp('in', 7);
jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
jsep.addUnaryOp('not');
jsep.removeLiteral('this');

const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

const FORBIDDEN = new Set([
  'constructor',
  '__proto__',
  'prototype',
  'process',
  'globalThis',
  'global',
  'window',
  'require',
  'import',
  'eval',
  'Function',
  'this',
  'new',
  'module',
  'exports',
  '__dirname',
  '__filename',
]);

type Fn = (args: Value[]) => Value;

const text = (value: Value): string =>
  value === undefined ? '' : Array.isArray(value) ? value.join(',') : String(value);

const FUNCTIONS: Record<string, { arity: [number, number]; fn: Fn }> = {
  lower: { arity: [1, 1], fn: ([a]) => text(a).toLowerCase() },
  upper: { arity: [1, 1], fn: ([a]) => text(a).toUpperCase() },
  trim: { arity: [1, 1], fn: ([a]) => text(a).trim() },
  length: { arity: [1, 1], fn: ([a]) => (Array.isArray(a) ? a.length : text(a).length) },
  empty: { arity: [1, 1], fn: ([a]) => isBlank(a) },
  contains: {
    arity: [2, 2],
    fn: ([a, b]) => (Array.isArray(a) ? a.includes(text(b)) : text(a).includes(text(b))),
  },
  starts_with: { arity: [2, 2], fn: ([a, b]) => text(a).startsWith(text(b)) },
  ends_with: { arity: [2, 2], fn: ([a, b]) => text(a).endsWith(text(b)) },
  number: { arity: [1, 1], fn: ([a]) => toNumber(a) },
  coalesce: { arity: [1, 32], fn: (args) => args.find((a) => !isBlank(a)) },
};
/** Functions whose argument must be a string literal, resolved at compile time. */
const SPECIAL = ['column', 'matches'];

function isBlank(value: Value): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function toNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean' || value === undefined || Array.isArray(value)) return undefined;
  return parseNumber(value, 'auto');
}

/** Truthiness of `when` and `exclude`: empty, 0, false, NaN and the empty list are false. */
export function truthy(value: Value): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return value !== undefined && value !== '' && value !== false;
}

/** Equality without JS coercion: empty equals empty, numbers compare as numbers, lists by contents. */
function equals(a: Value, b: Value): boolean {
  if (isBlank(a) || isBlank(b)) return isBlank(a) && isBlank(b);
  if (Array.isArray(a) || Array.isArray(b)) return text(a) === text(b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  const x = toNumber(a);
  const y = toNumber(b);
  if (
    x !== undefined &&
    y !== undefined &&
    (typeof a === 'number' || typeof b === 'number' || looksNumeric(a, b))
  )
    return x === y;
  return text(a) === text(b);
}

/** Two texts compare as numbers only when both are plain numbers ("07" == "7" is true, "1.0" != "abc"). */
function looksNumeric(a: Value, b: Value): boolean {
  return toNumber(a) !== undefined && toNumber(b) !== undefined;
}

function compare(a: Value, b: Value): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = text(a);
  const t = text(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

type Node = jsep.Expression;
type Compiled<R> = (record: R) => Value;

/** Locate a token for error positions (jsep nodes carry no offsets). */
function indexOf(source: string, token: string): number {
  const i = source.indexOf(token);
  return i === -1 ? 0 : i;
}

function parse(source: string): Node {
  if (source.length > MAX_LENGTH) {
    throw new ExpressionError(
      'invalid-expression',
      `expression longer than ${MAX_LENGTH} characters`,
      MAX_LENGTH,
    );
  }
  try {
    return jsep(source);
  } catch (error) {
    const e = error as Error & { index?: number };
    throw new ExpressionError(
      'invalid-expression',
      `invalid expression: ${e.message.replace(/ at character \d+$/, '')}`,
      e.index ?? 0,
    );
  }
}

/** Walk the AST once: refuse what is not allowed, collect the column names used. */
function checkNode(node: Node, source: string, depth: number, columns: Set<string>): void {
  if (depth > MAX_DEPTH)
    throw new ExpressionError('invalid-expression', `expression nested deeper than ${MAX_DEPTH}`, 0);
  const unsafe = (what: string, token: string): never => {
    throw new ExpressionError(
      'unsafe-expression',
      `${what} is not allowed in a mapping expression`,
      indexOf(source, token),
    );
  };
  switch (node.type) {
    case 'Literal':
      if ((node as jsep.Literal).value instanceof RegExp) throw unsafe('a regular expression literal', '/');
      return;
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      if (FORBIDDEN.has(name)) throw unsafe(`"${name}"`, name);
      columns.add(name);
      return;
    }
    case 'ThisExpression':
      throw unsafe('"this"', 'this');
    case 'MemberExpression': {
      const member = node as jsep.MemberExpression;
      const property =
        member.property.type === 'Identifier' ? (member.property as jsep.Identifier).name : '[';
      throw unsafe(`property access ("${property}")`, member.computed ? '[' : `.${property}`);
    }
    case 'ArrayExpression':
      for (const element of (node as jsep.ArrayExpression).elements)
        if (element) checkNode(element, source, depth + 1, columns);
      return;
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      if (!['!', '-', '+', 'not'].includes(unary.operator))
        throw unsafe(`operator "${unary.operator}"`, unary.operator);
      checkNode(unary.argument, source, depth + 1, columns);
      return;
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression;
      if (!BINARY[binary.operator]) throw unsafe(`operator "${binary.operator}"`, binary.operator);
      checkNode(binary.left, source, depth + 1, columns);
      checkNode(binary.right, source, depth + 1, columns);
      return;
    }
    case 'ConditionalExpression': {
      const c = node as jsep.ConditionalExpression;
      checkNode(c.test, source, depth + 1, columns);
      checkNode(c.consequent, source, depth + 1, columns);
      checkNode(c.alternate, source, depth + 1, columns);
      return;
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      if (call.callee.type !== 'Identifier') {
        if (call.callee.type === 'MemberExpression') checkNode(call.callee, source, depth + 1, columns);
        throw unsafe('calling anything but a listed function', '(');
      }
      const name = (call.callee as jsep.Identifier).name;
      if (FORBIDDEN.has(name)) throw unsafe(`"${name}"`, name);
      if (SPECIAL.includes(name)) {
        const arg = call.arguments[name === 'column' ? 0 : 1];
        const expected = name === 'column' ? 1 : 2;
        if (
          call.arguments.length !== expected ||
          arg?.type !== 'Literal' ||
          typeof (arg as jsep.Literal).value !== 'string'
        ) {
          throw new ExpressionError(
            'invalid-expression',
            `${name}() takes ${name === 'column' ? 'a column name' : 'a value and a pattern'} as a string literal`,
            indexOf(source, name),
          );
        }
        if (name === 'column') columns.add(String((arg as jsep.Literal).value));
        else {
          const problem = catastrophic(String((arg as jsep.Literal).value));
          if (problem)
            throw new ExpressionError('unsafe-expression', `matches(): ${problem}`, indexOf(source, name));
          checkNode(call.arguments[0] as Node, source, depth + 1, columns);
        }
        return;
      }
      const def = FUNCTIONS[name];
      if (def === undefined) {
        throw new ExpressionError(
          'invalid-expression',
          `unknown function "${name}"`,
          indexOf(source, name),
          suggest(name, [...Object.keys(FUNCTIONS), ...SPECIAL]),
        );
      }
      if (call.arguments.length < def.arity[0] || call.arguments.length > def.arity[1]) {
        throw new ExpressionError(
          'invalid-expression',
          `${name}() takes ${def.arity[0] === def.arity[1] ? def.arity[0] : `${def.arity[0]}–${def.arity[1]}`} argument(s)`,
          indexOf(source, name),
        );
      }
      for (const arg of call.arguments) checkNode(arg, source, depth + 1, columns);
      return;
    }
    case 'Compound':
      throw unsafe('more than one expression', source.includes(';') ? ';' : ',');
    default:
      throw unsafe(`"${node.type}"`, '');
  }
}

const BINARY: Record<string, (a: Value, b: Value) => Value> = {
  '==': (a, b) => equals(a, b),
  '!=': (a, b) => !equals(a, b),
  '<': (a, b) => compare(a, b) < 0,
  '<=': (a, b) => compare(a, b) <= 0,
  '>': (a, b) => compare(a, b) > 0,
  '>=': (a, b) => compare(a, b) >= 0,
  in: (a, b) => (Array.isArray(b) ? b.some((item) => equals(a, item)) : text(b).includes(text(a))),
  '+': (a, b) => {
    const x = toNumber(a);
    const y = toNumber(b);
    // Numbers add; anything else concatenates as text.
    return typeof a === 'number' || typeof b === 'number'
      ? (x ?? Number.NaN) + (y ?? Number.NaN)
      : text(a) + text(b);
  },
  '-': (a, b) => (toNumber(a) ?? Number.NaN) - (toNumber(b) ?? Number.NaN),
  '*': (a, b) => (toNumber(a) ?? Number.NaN) * (toNumber(b) ?? Number.NaN),
  '/': (a, b) => (toNumber(a) ?? Number.NaN) / (toNumber(b) ?? Number.NaN),
  '%': (a, b) => (toNumber(a) ?? Number.NaN) % (toNumber(b) ?? Number.NaN),
  // && and || are compiled with short-circuiting below; these entries mark them allowed.
  '&&': () => undefined,
  '||': () => undefined,
  and: () => undefined,
  or: () => undefined,
};

function compileNode<R>(node: Node, source: string, scope: ExpressionScope<R>): Compiled<R> {
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      const constant: Value = value === null ? undefined : (value as string | number | boolean);
      return () => constant;
    }
    case 'Identifier':
      return column((node as jsep.Identifier).name, source, scope);
    case 'ArrayExpression': {
      const elements = (node as jsep.ArrayExpression).elements.map((e) =>
        compileNode(e as Node, source, scope),
      );
      return (record) => elements.map((e) => text(e(record)));
    }
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      const arg = compileNode(unary.argument, source, scope);
      if (unary.operator === '-') return (record) => -(toNumber(arg(record)) ?? Number.NaN);
      if (unary.operator === '+') return (record) => toNumber(arg(record));
      return (record) => !truthy(arg(record));
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression;
      const left = compileNode(binary.left, source, scope);
      const right = compileNode(binary.right, source, scope);
      if (binary.operator === '&&' || binary.operator === 'and')
        return (record) => truthy(left(record)) && truthy(right(record));
      if (binary.operator === '||' || binary.operator === 'or')
        return (record) => truthy(left(record)) || truthy(right(record));
      const op = BINARY[binary.operator] as (a: Value, b: Value) => Value;
      return (record) => op(left(record), right(record));
    }
    case 'ConditionalExpression': {
      const c = node as jsep.ConditionalExpression;
      const test = compileNode(c.test, source, scope);
      const yes = compileNode(c.consequent, source, scope);
      const no = compileNode(c.alternate, source, scope);
      return (record) => (truthy(test(record)) ? yes(record) : no(record));
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      const name = (call.callee as jsep.Identifier).name;
      if (name === 'column') return column(String((call.arguments[0] as jsep.Literal).value), source, scope);
      if (name === 'matches') {
        const value = compileNode(call.arguments[0] as Node, source, scope);
        const regex = new RegExp(String((call.arguments[1] as jsep.Literal).value), 'u');
        return (record) => regex.test(text(value(record)));
      }
      const fn = (FUNCTIONS[name] as { fn: Fn }).fn;
      const args = call.arguments.map((arg) => compileNode(arg, source, scope));
      return (record) => fn(args.map((arg) => arg(record)));
    }
    default:
      throw new ExpressionError('unsafe-expression', `"${node.type}" is not allowed`, 0);
  }
}

function column<R>(name: string, source: string, scope: ExpressionScope<R>): Compiled<R> {
  const accessor = scope.resolve(name);
  if (accessor === undefined) {
    throw new ExpressionError(
      'unknown-column',
      `unknown column "${name}" in the input header`,
      indexOf(source, name),
      suggest(name, scope.names),
    );
  }
  return accessor;
}

/** Parse and check an expression without data; returns the column names it reads. */
export function checkExpression(source: string): { columns: string[] } {
  const columns = new Set<string>();
  checkNode(parse(source), source, 0, columns);
  return { columns: [...columns] };
}

/** Parse, check and compile an expression into a function of one record. */
export function compileExpression<R>(source: string, scope: ExpressionScope<R>): (record: R) => Value {
  const ast = parse(source);
  checkNode(ast, source, 0, new Set());
  return compileNode(ast, source, scope);
}
