/** Identifiers that name JavaScript machinery; a column with such a name is still reachable via `column("…")`. */
export const FORBIDDEN = new Set([
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

/** Binary operators of the language. */
export const BINARY_OPERATORS = new Set([
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
/** Unary operators of the language. */
export const UNARY_OPERATORS = new Set(['!', 'not', '-']);
/** Operators written as words. */
export const OPERATOR_WORDS = new Set(['and', 'or', 'not', 'in']);
/** Operators whose left operand a leading `not`/`!` would silently bind to. */
export const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=', 'in']);

/** JavaScript operators the language lacks, with what to write instead. */
export const OPERATOR_HINTS = new Map([
  ['===', 'use =='],
  ['!==', 'use !='],
  ['??', 'use coalesce(a, b)'],
]);
/** Unary operators the language lacks, with what to write instead. */
export const UNARY_HINTS = new Map([['+', 'use number(x)']]);
