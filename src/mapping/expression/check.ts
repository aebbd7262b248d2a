import type jsep from 'jsep';
import { suggest } from '../../model/errors.js';
import { type LinearRegExp, linearRegExp } from '../../text/linear-regexp.js';
import { ExpressionError, invalid, MAX_EXPRESSION_DEPTH, unsafe } from './errors.js';
import { FUNCTIONS } from './functions.js';
import { type Node, type Parsed, parse } from './parse.js';
import { BINARY_OPERATORS, COMPARISONS, FORBIDDEN, UNARY_HINTS, UNARY_OPERATORS } from './syntax.js';

/** Where a node starts: tokens are recorded while parsing; operators start with their left operand. */
export function startOf(parsed: Parsed, node: Node): number {
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

/** The text of a string literal node; undefined for anything else. */
export function stringLiteral(node: Node): string | undefined {
  if (node.type !== 'Literal') return undefined;
  const value = (node as jsep.Literal).value;
  return typeof value === 'string' ? value : undefined;
}

/** The linear-time regular expression of `matches()`; its error at `at` when refused. */
export function regexFor(pattern: string, at: number): LinearRegExp {
  try {
    return linearRegExp(pattern, 'u');
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith('invalid pattern')) throw invalid(`matches(): ${message}`, at);
    throw new ExpressionError('unsafe-expression', `matches(): ${message}`, at);
  }
}

/** Parse and check an expression; the column names it reads, in order of first use. */
export function checked(source: string): { parsed: Parsed; columns: string[] } {
  const parsed = parse(source);
  const columns = new Set<string>();
  checkNode(parsed, parsed.ast, 0, 'value', columns);
  return { parsed, columns: [...columns] };
}
