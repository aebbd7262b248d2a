import type { ErrorCode } from './errors.js';
import type { RecordIssue } from './issues.js';

/**
 * Receives each record of a batch. `line` is the record's first line relative to the batch;
 * `issue` is set when the row cannot be used (ragged, bad bytes): it goes to the rejects.
 */
export type RowHandler = (line: number, fields: readonly Field[], issue: RecordIssue | undefined) => void;

/** One field value: text, a list (a repeated XML element), or nothing. */
export type Field = string | string[] | undefined;

/** A source record as the mapping sees it: field values by column index. */
export type Row = readonly Field[];

/** Why a column name cannot be read. */
export interface ColumnProblem {
  message: string;
  /** 0-based offset in the name of the offending part. */
  index: number;
  /** Error code; default `invalid-path`. */
  code?: ErrorCode;
  /** A close name the user may have meant. */
  suggestion?: string;
}

/**
 * Columns named by the mapping rather than by the input (XML paths): each name the mapping
 * reads is checked, then added to `names` in order of first use. The rows are then read
 * with `names` as their columns.
 */
export interface OpenColumns {
  /** What is wrong with a name (and where in it), or undefined when it can be read. */
  check(name: string): ColumnProblem | undefined;
  /** Names in use so far, in order of first use (filled by {@link compileMapping}). */
  names: string[];
}
