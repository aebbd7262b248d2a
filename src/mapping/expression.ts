import jsep from 'jsep';
import { suggest } from '../model/errors.js';
import { type LinearRegExp, linearRegExp } from '../text/linear-regexp.js';
import { parseNumber } from '../text/number.js';
import { isEmpty, type Value } from './value.js';

/**
 * The mapping expression language used by `when:` and `exclude:`.
 *
 * A mapping file is data: an expression may read the current record's columns, use the
 * operators below and call the listed functions, nothing else. jsep only parses (it never
 * evaluates); a subclass of its parser refuses unsafe syntax at the offending character, a
 * check pass walks the AST against a whitelist, and the compiler turns the AST once into
 * plain closures. Column names reach data only through the caller's {@link ExpressionScope}.
 */

/**
 * How identifiers in an expression reach record data; supplied by the caller (a CSV source
 * maps column names to indexes).
 */
export interface ExpressionScope<R> {
  /**
   * Accessor for a column/field name, or undefined when the name is unknown (then compile
   * fails with `unknown-column` and a suggestion from `names`). When the scope has no data
   * yet (checking a mapping without reading input), `resolve` may return a generic accessor
   * for any name. Names are arbitrary user text (`column("__proto__")` is allowed), so the
   * lookup must not go through a plain object.
   */
  resolve(name: string): ((record: R) => Value) | undefined;
  /** Known names, for "did you mean" suggestions; may be empty. */
  names: readonly string[];
}

/** Why an expression was refused. */
export type ExpressionErrorCode = 'invalid-expression' | 'unsafe-expression' | 'unknown-column';

/** A refused expression, with the 0-based offset of the offending token in the expression text. */
export class ExpressionError extends Error {
  /**
   * `invalid-expression`: a syntax error or something the language does not have;
   * `unsafe-expression`: something a mapping must never do (property access, globals, …);
   * `unknown-column`: a name the scope does not know.
   */
  readonly code: ExpressionErrorCode;
  /** 0-based offset into the expression source (UTF-16 code units). */
  readonly index: number;
  /** A close name the user may have meant. */
  readonly suggestion?: string;

  constructor(code: ExpressionErrorCode, message: string, index: number, suggestion?: string) {
    super(message);
    this.name = 'ExpressionError';
    this.code = code;
    this.index = index;
    this.suggestion = suggestion;
  }
}

/** Longest expression accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 2000;
/** Deepest nesting of operators, calls and brackets accepted. */
export const MAX_EXPRESSION_DEPTH = 64;

// jsep keeps operators in global tables; this module is its only user, so the language is
// configured once here. Ternary comes with jsep 1.6 as a default plugin.
jsep.addBinaryOp('in', 7);
jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
jsep.addUnaryOp('not');

/** Identifiers that name JavaScript machinery; a column with such a name is still reachable via `column("…")`. */
const FORBIDDEN = new Set([
  'constructor',
  '__proto__',
  'prototype',
  'process',
  'globalThis',
  'global',
  'window',
  'self',
  'require',
  'module',
  'exports',
  'import',
  'export',
  'eval',
  'Function',
  'Reflect',
  'Proxy',
  'this',
  'new',
  'arguments',
  'function',
  'class',
  'async',
  'await',
  'yield',
  'delete',
  'typeof',
  'instanceof',
  'void',
  'var',
  'let',
  'const',
  'return',
  'with',
  'super',
]);

const BINARY_OPERATORS = new Set([
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '&&',
  '||',
  'and',
  'or',
  'in',
  '+',
  '-',
  '*',
  '/',
  '%',
]);
const UNARY_OPERATORS = new Set(['!', 'not', '-']);
const OPERATOR_WORDS = new Set(['and', 'or', 'not', 'in']);
/** Operators whose left operand a leading `not`/`!` would silently bind to. */
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=', 'in']);

const OPERATOR_HINTS = new Map([
  ['===', 'use =='],
  ['!==', 'use !='],
  ['??', 'use coalesce(a, b)'],
]);
const UNARY_HINTS = new Map([['+', 'use number(x)']]);

/** Argument counts of the whitelisted functions (a Map, so `toString` and friends are not found). */
const FUNCTIONS = new Map<string, { min: number; max: number }>([
  ['lower', { min: 1, max: 1 }],
  ['upper', { min: 1, max: 1 }],
  ['trim', { min: 1, max: 1 }],
  ['length', { min: 1, max: 1 }],
  ['empty', { min: 1, max: 1 }],
  ['number', { min: 1, max: 1 }],
  ['contains', { min: 2, max: 2 }],
  ['starts_with', { min: 2, max: 2 }],
  ['ends_with', { min: 2, max: 2 }],
  ['coalesce', { min: 2, max: 32 }],
  ['column', { min: 1, max: 1 }],
  ['matches', { min: 2, max: 2 }],
]);

type Node = jsep.Expression;

function unsafe(what: string, index: number, hint?: string): ExpressionError {
  const message = `${what} is not allowed in an expression${hint ? ` (${hint})` : ''}`;
  return new ExpressionError('unsafe-expression', message, index);
}

function invalid(message: string, index: number, suggestion?: string): ExpressionError {
  return new ExpressionError('invalid-expression', message, index, suggestion);
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** The parts of jsep's parser class this module overrides or calls (jsep's typings omit the class). */
interface JsepParser {
  index: number;
  readonly expr: string;
  readonly char: string;
  parse(): Node;
  gobbleSpaces(): void;
  gobbleExpression(): Node | false | undefined;
  gobbleToken(): Node | false | undefined;
  gobbleTokenProperty(node: Node): Node;
  gobbleIdentifier(): jsep.Identifier;
  gobbleArray(): Node;
  gobbleBinaryOp(): string | false;
  throwError(message: string): never;
}

const JsepParserClass = (jsep as unknown as { Jsep: new (expr: string) => JsepParser }).Jsep;

/** Every parser recursion passes through a token or an expression; two per AST level at most. */
const MAX_PARSE_NESTING = MAX_EXPRESSION_DEPTH * 2 + 2;

const IDENTIFIER_CHAR = /^[\p{L}\p{M}\p{N}_$]$/u;
const TYPOGRAPHIC_QUOTES = new Set(['“', '”', '„', '‘', '’', '‚', '«', '»']);

function describeChar(ch: string): string {
  if (TYPOGRAPHIC_QUOTES.has(ch)) return `typographic quote ${ch} (use " or ')`;
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch)) return `character "${ch}"`;
  return `character U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * jsep's parser with the language's restrictions applied while parsing, where the offending
 * character's offset is still known (jsep nodes carry no positions), and with the start offset
 * of every token recorded for later error messages.
 */
class Parser extends JsepParserClass {
  readonly positions = new WeakMap<Node, number>();
  /** Nodes written in parentheses, to tell `(not a) in b` from the ambiguous `not a in b`. */
  readonly grouped = new WeakSet<Node>();
  private nesting = 0;

  override gobbleExpression(): Node | false | undefined {
    this.enter();
    try {
      return super.gobbleExpression();
    } finally {
      this.nesting--;
    }
  }

  override gobbleToken(): Node | false | undefined {
    this.gobbleSpaces();
    const start = this.index;
    const ch = this.char;
    if (ch === '/') throw unsafe('a regular expression literal', start);
    if (ch === '`') throw unsafe('a template literal', start);
    if (ch === '{') throw unsafe('an object literal', start);
    if (ch === '=') throw unsafe('assignment', start);
    if (ch === '(') {
      const arrow = /^\([^()]*\)\s*=>/.exec(this.expr.slice(start, start + 200));
      if (arrow) throw unsafe('an arrow function', start + arrow[0].length - 2);
    }
    this.enter();
    let node: Node | false | undefined;
    try {
      node = super.gobbleToken();
    } finally {
      this.nesting--;
    }
    if (node && node.type === 'Literal' && typeof (node as jsep.Literal).value === 'number') {
      // jsep returns numbers before looking for `.x`, `[…]` or `(…)`; refuse those here too.
      node = this.gobbleTokenProperty(node);
    }
    if (node) {
      if (!this.positions.has(node)) this.positions.set(node, start);
      if (ch === '(') this.grouped.add(node);
    }
    return node;
  }

  override gobbleIdentifier(): jsep.Identifier {
    const start = this.index;
    const node = super.gobbleIdentifier();
    let offset = 0;
    for (const ch of node.name) {
      if (!IDENTIFIER_CHAR.test(ch)) throw invalid(`unexpected ${describeChar(ch)}`, start + offset);
      offset += ch.length;
    }
    const name = node.name;
    const hint = `for a column with that name, write column("${name}")`;
    if (FORBIDDEN.has(name)) throw unsafe(`"${name}"`, start, hint);
    if (OPERATOR_WORDS.has(name)) {
      // jsep reads a word operator with nothing after it as a name.
      const last = this.expr.slice(this.index).trim() === '';
      throw invalid(last ? `expected a value after "${name}"` : `"${name}" is an operator (${hint})`, start);
    }
    this.positions.set(node, start);
    return node;
  }

  /** Only calls of a bare name are accepted; any property access is refused at its `.` or `[`. */
  override gobbleTokenProperty(node: Node): Node {
    let result = node;
    this.gobbleSpaces();
    for (;;) {
      const at = this.index;
      const ch = this.char;
      const next = this.expr.charAt(at + 1);
      if (
        ch === '.' ||
        ch === '[' ||
        (ch === '?' && next === '.' && !/[0-9]/.test(this.expr.charAt(at + 2)))
      ) {
        const name = /^\??\.\s*([\p{L}\p{N}_$]*)/u.exec(this.expr.slice(at))?.[1];
        throw unsafe(`property access (${name ? `".${name}"` : `"${ch}"`})`, at);
      }
      if (ch !== '(') return result;
      if (!this.isBareName(result, at)) throw unsafe('calling anything but a listed function', at);
      this.index++;
      const call: jsep.CallExpression = {
        type: 'CallExpression',
        callee: result,
        arguments: this.gobbleList(')'),
      };
      this.positions.set(call, this.positions.get(result) ?? at);
      result = call;
      this.gobbleSpaces();
    }
  }

  override gobbleArray(): Node {
    this.index++;
    const array: jsep.ArrayExpression = { type: 'ArrayExpression', elements: this.gobbleList(']') };
    return array;
  }

  override gobbleBinaryOp(): string | false {
    const op = super.gobbleBinaryOp();
    if (op === false) {
      if (this.char === '=') {
        throw unsafe(
          this.expr.charAt(this.index + 1) === '>' ? 'an arrow function' : 'assignment',
          this.index,
        );
      }
      return false;
    }
    if (!BINARY_OPERATORS.has(op)) {
      const hint = OPERATOR_HINTS.get(op);
      throw invalid(`operator "${op}" is not supported${hint ? `; ${hint}` : ''}`, this.index - op.length);
    }
    return op;
  }

  /**
   * Arguments and list items. Unlike jsep's own loop this requires commas (jsep accepts
   * `f(a b)`) and refuses holes (`[a, , b]`).
   */
  private gobbleList(close: ')' | ']'): Node[] {
    const items: Node[] = [];
    this.gobbleSpaces();
    if (this.char === close) {
      this.index++;
      return items;
    }
    for (;;) {
      const item = this.gobbleExpression();
      if (!item) {
        this.throwError(this.char === '' ? `Expected ${close}` : `Unexpected "${this.char}"`);
      }
      items.push(item);
      this.gobbleSpaces();
      const ch = this.char;
      if (ch === close) {
        this.index++;
        return items;
      }
      if (ch !== ',') this.throwError(ch === '' ? `Expected ${close}` : `Expected , or ${close}`);
      this.index++;
    }
  }

  /** A name written right before `(`: `lower (x)` is a call, `(lower)(x)` is not. */
  private isBareName(node: Node, paren: number): boolean {
    const start = this.positions.get(node);
    if (node.type !== 'Identifier' || start === undefined) return false;
    const between = this.expr.slice(start + (node as jsep.Identifier).name.length, paren);
    return between.trim() === '';
  }

  private enter(): void {
    if (++this.nesting > MAX_PARSE_NESTING) {
      throw invalid(`expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`, this.index);
    }
  }
}

interface Parsed {
  source: string;
  ast: Node;
  positions: WeakMap<Node, number>;
  grouped: WeakSet<Node>;
}

function parse(source: string): Parsed {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw invalid(`expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, MAX_EXPRESSION_LENGTH);
  }
  const parser = new Parser(source);
  let ast: Node;
  try {
    ast = parser.parse();
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    const { description, index } = error as { description?: unknown; index?: unknown };
    if (typeof description !== 'string' || typeof index !== 'number') throw error;
    throw invalid(`invalid expression: ${description.charAt(0).toLowerCase()}${description.slice(1)}`, index);
  }
  return { source, ast, positions: parser.positions, grouped: parser.grouped };
}

// ---------------------------------------------------------------------------------------------
// Checking

/** Where a node starts: tokens are recorded while parsing; operators start with their left operand. */
function startOf(parsed: Parsed, node: Node): number {
  const known = parsed.positions.get(node);
  if (known !== undefined) return known;
  if (node.type === 'BinaryExpression') return startOf(parsed, (node as jsep.BinaryExpression).left);
  if (node.type === 'ConditionalExpression')
    return startOf(parsed, (node as jsep.ConditionalExpression).test);
  return 0;
}

/** Where a list item/argument may appear. */
type Role = 'value' | 'list-allowed';

/** Walk the AST once: refuse what the language does not allow, collect the column names read. */
function checkNode(parsed: Parsed, node: Node, depth: number, role: Role, columns: Set<string>): void {
  if (depth > MAX_EXPRESSION_DEPTH) {
    throw invalid(
      `expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`,
      startOf(parsed, node),
    );
  }
  const at = startOf(parsed, node);
  const child = (next: Node, nextRole: Role = 'value') =>
    checkNode(parsed, next, depth + 1, nextRole, columns);
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      if (value !== null && typeof value === 'object') throw unsafe('a regular expression literal', at);
      return;
    }
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      if (FORBIDDEN.has(name)) throw unsafe(`"${name}"`, at);
      columns.add(name);
      return;
    }
    case 'ArrayExpression': {
      if (role !== 'list-allowed') {
        throw invalid('a list [ … ] can only be the right side of "in" or a function argument', at);
      }
      for (const element of (node as jsep.ArrayExpression).elements) {
        if (element === null) throw invalid('a list cannot have empty items', at);
        if (element.type === 'ArrayExpression') {
          throw invalid('lists cannot be nested', startOf(parsed, element));
        }
        child(element);
      }
      return;
    }
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      if (!UNARY_OPERATORS.has(unary.operator)) {
        const hint = UNARY_HINTS.get(unary.operator);
        throw invalid(`operator "${unary.operator}" is not supported${hint ? `; ${hint}` : ''}`, at);
      }
      child(unary.argument);
      return;
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression;
      if (!BINARY_OPERATORS.has(binary.operator)) {
        throw invalid(`operator "${binary.operator}" is not supported`, at);
      }
      const left = binary.left;
      if (
        COMPARISONS.has(binary.operator) &&
        left.type === 'UnaryExpression' &&
        (left.operator === 'not' || left.operator === '!') &&
        !parsed.grouped.has(left)
      ) {
        // jsep binds unary operators tightest, so `not a in b` means `(not a) in b`.
        throw invalid(
          `"${left.operator}" applies only to the value right after it; write ${left.operator} (… ${binary.operator} …) to negate the comparison`,
          startOf(parsed, left),
        );
      }
      child(left);
      child(binary.right, binary.operator === 'in' ? 'list-allowed' : 'value');
      return;
    }
    case 'ConditionalExpression': {
      const conditional = node as jsep.ConditionalExpression;
      child(conditional.test);
      child(conditional.consequent);
      child(conditional.alternate);
      return;
    }
    case 'CallExpression': {
      checkCall(parsed, node as jsep.CallExpression, at, child, columns);
      return;
    }
    case 'Compound':
    case 'SequenceExpression': {
      const parts =
        node.type === 'Compound'
          ? (node as jsep.Compound).body
          : (node as jsep.SequenceExpression).expressions;
      const second = parts[1];
      if (second === undefined) throw invalid('empty expression', at);
      let separator = startOf(parsed, second) - 1;
      while (separator > 0 && /\s/.test(parsed.source.charAt(separator))) separator--;
      const ch = parsed.source.charAt(separator);
      if (ch === ';' || ch === ',') throw unsafe('more than one expression', separator);
      throw invalid('expected an operator between two values', startOf(parsed, second));
    }
    case 'MemberExpression':
      throw unsafe('property access', at);
    case 'ThisExpression':
      throw unsafe('"this"', at);
    default:
      throw unsafe(`"${node.type}"`, at);
  }
}

function checkCall(
  parsed: Parsed,
  call: jsep.CallExpression,
  at: number,
  child: (node: Node, role?: Role) => void,
  columns: Set<string>,
): void {
  if (call.callee.type !== 'Identifier') throw unsafe('calling anything but a listed function', at);
  const name = (call.callee as jsep.Identifier).name;
  if (FORBIDDEN.has(name)) throw unsafe(`"${name}"`, at);
  const arity = FUNCTIONS.get(name);
  if (arity === undefined) {
    throw invalid(`unknown function "${name}"`, at, suggest(name, FUNCTIONS.keys()));
  }
  const count = call.arguments.length;
  if (count < arity.min || count > arity.max) {
    const expected =
      arity.min === arity.max
        ? `${arity.min} argument${arity.min === 1 ? '' : 's'}`
        : `${arity.min} to ${arity.max} arguments`;
    throw invalid(`${name}() takes ${expected}, not ${count}`, at);
  }
  if (name === 'column') {
    const arg = call.arguments[0] as Node;
    const value = stringLiteral(arg);
    if (value === undefined) {
      throw invalid(
        'column() takes a column name in quotes, e.g. column("Lager status")',
        startOf(parsed, arg),
      );
    }
    columns.add(value);
    return;
  }
  if (name === 'matches') {
    const arg = call.arguments[1] as Node;
    const pattern = stringLiteral(arg);
    if (pattern === undefined) {
      throw invalid(
        'matches() takes the pattern in quotes, e.g. matches(EAN, "^[0-9]{13}$")',
        startOf(parsed, arg),
      );
    }
    regexFor(pattern, startOf(parsed, arg));
  }
  for (const arg of call.arguments) child(arg, 'list-allowed');
}

function stringLiteral(node: Node): string | undefined {
  if (node.type !== 'Literal') return undefined;
  const value = (node as jsep.Literal).value;
  return typeof value === 'string' ? value : undefined;
}

function regexFor(pattern: string, at: number): LinearRegExp {
  try {
    return linearRegExp(pattern, 'u');
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith('invalid pattern')) throw invalid(`matches(): ${message}`, at);
    throw new ExpressionError('unsafe-expression', `matches(): ${message}`, at);
  }
}

// ---------------------------------------------------------------------------------------------
// Values

/**
 * Truthiness used by `when`/`exclude`: `undefined`, `''`, `0`, `false`, `NaN` and the empty
 * list are false; everything else (including the texts `"0"` and `"false"`) is true.
 */
export function truthy(value: Value): boolean {
  if (typeof value === 'string') return value !== '';
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'boolean') return value;
  if (value === undefined) return false;
  return value.length > 0;
}

function text(value: Value): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

const PLAIN_NUMBER = /^\s*[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)\s*$/;
/** More digits than this lose precision as a double; such texts (long IDs, GTINs) compare as text. */
const MAX_NUMERIC_DIGITS = 15;

/**
 * The number a value stands for in comparisons and arithmetic: a number, or a text that is a
 * plain decimal (`42`, `-3`, `12,5`, `12.5`). Thousands separators make it text: use number().
 */
function numeric(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !PLAIN_NUMBER.test(value)) return undefined;
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  if (digits > MAX_NUMERIC_DIGITS) return undefined;
  return Number(value.trim().replace(',', '.'));
}

/** `==`: no JS coercion. Empty values are equal; plain numbers compare as numbers; lists by items. */
function equals(a: Value, b: Value): boolean {
  const emptyA = isEmpty(a);
  const emptyB = isEmpty(b);
  if (emptyA || emptyB) return emptyA && emptyB;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i])) return false;
    return true;
  }
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x === y;
  return text(a) === text(b);
}

/** Negative, zero or positive; NaN when a number is NaN, so every ordering is false. */
function compare(a: Value, b: Value): number {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.NaN;
  const s = text(a);
  const t = text(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Substring test; an empty needle or haystack never matches. */
function containsText(haystack: Value, needle: Value): boolean {
  if (isEmpty(needle) || isEmpty(haystack)) return false;
  return text(haystack).includes(text(needle));
}

function contains(haystack: Value, needle: Value): boolean {
  if (Array.isArray(haystack)) {
    for (const item of haystack) if (equals(item, needle)) return true;
    return false;
  }
  return containsText(haystack, needle);
}

/** `in`: a list on the left is in when any of its items is. */
function member(needle: Value, haystack: Value): boolean {
  if (Array.isArray(needle)) {
    for (const item of needle) if (contains(haystack, item)) return true;
    return false;
  }
  return contains(haystack, needle);
}

function arithmetic(op: (x: number, y: number) => number): (a: Value, b: Value) => Value {
  return (a, b) => {
    const x = numeric(a);
    if (x === undefined) return undefined;
    const y = numeric(b);
    if (y === undefined) return undefined;
    const result = op(x, y);
    return Number.isFinite(result) ? result : undefined;
  };
}

const add = arithmetic((x, y) => x + y);

const BINARY = new Map<string, (a: Value, b: Value) => Value>([
  ['==', equals],
  ['!=', (a, b) => !equals(a, b)],
  ['<', (a, b) => compare(a, b) < 0],
  ['<=', (a, b) => compare(a, b) <= 0],
  ['>', (a, b) => compare(a, b) > 0],
  ['>=', (a, b) => compare(a, b) >= 0],
  ['in', member],
  // Adds when both sides are numbers or plain-number texts (CSV columns are text); else joins text.
  ['+', (a, b) => (numeric(a) !== undefined && numeric(b) !== undefined ? add(a, b) : text(a) + text(b))],
  ['-', arithmetic((x, y) => x - y)],
  ['*', arithmetic((x, y) => x * y)],
  ['/', arithmetic((x, y) => x / y)],
  ['%', arithmetic((x, y) => x % y)],
]);

function mapText(f: (s: string) => string): (a: Value) => Value {
  return (a) => (a === undefined ? undefined : Array.isArray(a) ? a.map(f) : f(text(a)));
}

/** Characters as people count them (code points), not UTF-16 units. */
function codePoints(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) count++;
  }
  return count;
}

const UNARY_FUNCTIONS = new Map<string, (a: Value) => Value>([
  ['lower', mapText((s) => s.toLowerCase())],
  ['upper', mapText((s) => s.toUpperCase())],
  ['trim', mapText((s) => s.trim())],
  ['length', (a) => (a === undefined ? 0 : Array.isArray(a) ? a.length : codePoints(text(a)))],
  ['empty', (a) => isEmpty(a) || (typeof a === 'string' && a.trim() === '')],
  [
    'number',
    (a) =>
      typeof a === 'number'
        ? Number.isNaN(a)
          ? undefined
          : a
        : typeof a === 'string'
          ? parseNumber(a, 'auto')
          : undefined,
  ],
]);

const BINARY_FUNCTIONS = new Map<string, (a: Value, b: Value) => Value>([
  ['contains', contains],
  ['starts_with', (a, b) => !isEmpty(a) && !isEmpty(b) && text(a).startsWith(text(b))],
  ['ends_with', (a, b) => !isEmpty(a) && !isEmpty(b) && text(a).endsWith(text(b))],
]);

// ---------------------------------------------------------------------------------------------
// Compiling

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
  const unary = UNARY_FUNCTIONS.get(name);
  if (unary !== undefined && first !== undefined) {
    const a = first.run;
    return derived((record) => unary(a(record)), compiled);
  }
  const binary = BINARY_FUNCTIONS.get(name);
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

function checked(source: string): { parsed: Parsed; columns: string[] } {
  const parsed = parse(source);
  const columns = new Set<string>();
  checkNode(parsed, parsed.ast, 0, 'value', columns);
  return { parsed, columns: [...columns] };
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
