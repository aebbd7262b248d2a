/**
 * The mapping expression language used by `when:` and `exclude:`.
 *
 * A mapping file is data: an expression may read the current record's columns, use the
 * operators below and call the listed functions, nothing else. jsep only parses (it never
 * evaluates); a subclass of its parser refuses unsafe syntax at the offending character, a
 * check pass walks the AST against a whitelist, and the compiler turns the AST once into
 * plain closures. Column names reach data only through the caller's {@link ExpressionScope}.
 *
 * The parts, by job, in `expression/`: `errors.ts` (the scope, the error, the limits),
 * `syntax.ts` (what the language allows), `parse.ts`, `check.ts`, `values.ts` (truthiness,
 * comparison, arithmetic), `functions.ts` (each function defined once) and `compile.ts`.
 */
export { checkExpression, compileExpression } from './expression/compile.js';
export {
  ExpressionError,
  type ExpressionErrorCode,
  type ExpressionScope,
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_LENGTH,
} from './expression/errors.js';
export { truthy } from './expression/values.js';
