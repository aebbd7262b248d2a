import jsep from 'jsep';
import { ExpressionError, invalid, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, unsafe } from './errors.js';
import { BINARY_OPERATORS, FORBIDDEN, OPERATOR_HINTS, OPERATOR_WORDS } from './syntax.js';

// jsep keeps operators in global tables; this module is its only user, so the language is
// configured once here. Ternary comes with jsep 1.6 as a default plugin.
jsep.addBinaryOp('in', 7);
jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
jsep.addUnaryOp('not');

/** A node of jsep's syntax tree. */
export type Node = jsep.Expression;

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

/** A parsed expression with the positions and groupings the parser recorded. */
export interface Parsed {
  source: string;
  ast: Node;
  positions: WeakMap<Node, number>;
  grouped: WeakSet<Node>;
}

/** Parse an expression; syntax errors and unsafe syntax throw {@link ExpressionError} at their offset. */
export function parse(source: string): Parsed {
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
