import type { Value } from '../value.js';

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

/** Something a mapping must never do, at `index`. */
export function unsafe(what: string, index: number, hint?: string): ExpressionError {
  const message = `${what} is not allowed in an expression${hint ? ` (${hint})` : ''}`;
  return new ExpressionError('unsafe-expression', message, index);
}

/** Something the language does not have, or a syntax error, at `index`. */
export function invalid(message: string, index: number, suggestion?: string): ExpressionError {
  return new ExpressionError('invalid-expression', message, index, suggestion);
}
