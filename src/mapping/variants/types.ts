import type { YamlPath } from '../../config/load.js';
import type { CanonicalField } from '../../model/canonical.js';
import type { Row } from '../../model/columns.js';
import type { ErrorCode } from '../../model/errors.js';
import type { RecordIssue } from '../../model/issues.js';
import type { Value } from '../value.js';
import type { VariantTables, VariantTallies } from './tables.js';

/** What compiling variants needs from the mapping compiler. */
export interface VariantContext {
  /** Accessor of an input column, checked like any column the mapping names. */
  column(name: string, path: YamlPath): (row: Row) => Value;
  /** A compiled expression (`parents_when`). */
  expression(source: string, path: YamlPath): (row: Row) => Value;
  problem(code: ErrorCode, message: string, path: YamlPath): void;
  /** The mapped value of a canonical field, or undefined when the mapping does not fill it. */
  field(name: CanonicalField): ((row: Row) => unknown) | undefined;
  /** Index of an input column in the rows (for `fill`), or undefined after a problem was reported. */
  columnIndex(name: string, path: YamlPath): number | undefined;
}

/** Variants compiled: a pre-pass collector and the per-record step of the main pass. */
export interface CompiledVariants {
  /** Start the pre-pass (main thread): rows in, tables out. `limit` bounds the tables in bytes. */
  collector(limit: number): VariantCollector;
  /**
   * With `fill`: the row with its empty fill columns taken from its product (a copy; the
   * row itself is not changed), or the row itself when nothing is filled. Main pass only.
   */
  fill?(row: Row): Row;
  /**
   * The product group a row belongs to as one of its variants (the parent's key or the
   * handle), or undefined for a parent, a product of its own or an orphan. Read in a mapping
   * as the column `variants.group`. Main pass only.
   */
  groupOf(row: Row): string | undefined;
  /**
   * Group and complete one mapped product (main pass): inherit the parent's values, set
   * `item_group_id`. Returns the issue when the record is a parent that is not sold itself;
   * pushes an `orphan-variant` warning through `warn`.
   */
  apply(
    row: Row,
    product: Record<string, unknown>,
    warn: (issue: RecordIssue) => void,
  ): RecordIssue | undefined;
  /** This batch's counts; the counters start again from zero. */
  take(): VariantTallies;
}

/** Gathers what grouping needs from every row, before the main pass. */
export interface VariantCollector {
  add(row: Row, line: number): void;
  finish(): VariantTables;
}
