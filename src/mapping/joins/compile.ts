import { basename } from 'node:path';
import type { YamlPath } from '../../config/load.js';
import type { JoinSpec } from '../../config/mapping.js';
import type { Row } from '../../model/columns.js';
import type { ErrorCode } from '../../model/errors.js';
import { type PackedTable, TableReader } from '../../sources/joins/packed-table.js';
import { isEmpty, type Value } from '../value.js';
import { emptyJoinTallies, type JoinTallies, UNMATCHED_SAMPLES } from '../variants/tables.js';

/** What compiling joins needs from the mapping compiler. */
export interface JoinContext {
  /** Accessor of an input column, checked like any column the mapping names. */
  column(name: string, path: YamlPath): (row: Row) => Value;
  problem(code: ErrorCode, message: string, path: YamlPath): void;
  /** The input's columns when it declares them (a CSV header). */
  columns: readonly string[] | undefined;
}

/** Joins compiled: accessors for the joined columns and the per-record counts. */
export interface CompiledJoins {
  /** Accessor of a joined column (`stock.qty`), or undefined when the name is not one. */
  accessor(name: string): ((row: Row) => Value) | undefined;
  /** Count one record's matches; called once per record, before its fields are mapped. */
  count(row: Row): void;
  /** This batch's counts; the counters start again from zero. */
  take(): JoinTallies[];
}

/** The name a join's columns are read under: its `name`, else the file name without extensions. */
export function joinName(spec: JoinSpec): string {
  return (
    spec.name ??
    basename(spec.path)
      .replace(/\.gz$/i, '')
      .replace(/\.[^.]*$/, '')
  );
}

const NAME = /^[A-Za-z0-9_-]+$/;

/** Compile the mapping's `joins`; `tables` (one per join) are absent when only checking. */
export function compileJoins(
  specs: readonly JoinSpec[],
  context: JoinContext,
  tables: readonly PackedTable[] | undefined,
): CompiledJoins {
  const columns = new Map<string, (row: Row) => Value>();
  const names = new Set<string>();
  const joins = specs.map((spec, j) => {
    const base: YamlPath = ['joins', j];
    const name = joinName(spec);
    if (!NAME.test(name)) {
      context.problem(
        'mapping-invalid',
        `join name "${name}" can only have letters, digits, _ and -; give it a name:`,
        spec.name !== undefined ? [...base, 'name'] : [...base, 'path'],
      );
    } else if (names.has(name)) {
      context.problem('mapping-invalid', `two joins are named "${name}"; give one a name:`, [
        ...base,
        'path',
      ]);
    }
    names.add(name);
    const on = context.column(spec.on, [...base, 'on']);
    const reader = tables?.[j] !== undefined ? new TableReader(tables[j] as PackedTable) : undefined;
    let lastRow: Row | undefined;
    let lastHit = -1;
    let lastKey = '';
    // A record's fields read the same join several times: look its key up once.
    const hit = (row: Row): number => {
      if (row === lastRow) return lastHit;
      lastRow = row;
      const value = on(row);
      lastKey = isEmpty(value) ? '' : String(value).trim();
      lastHit = lastKey === '' || reader === undefined ? -1 : reader.find(lastKey);
      return lastHit;
    };
    spec.fields.forEach((field, f) => {
      const qualified = `${name}.${field}`;
      if (context.columns?.includes(qualified)) {
        context.problem(
          'mapping-invalid',
          `"${qualified}" is also a column of the input; give the join another name:`,
          [...base, 'fields', f],
        );
      }
      columns.set(qualified, (row) => {
        const found = hit(row);
        if (found < 0) return undefined;
        const value = (reader as TableReader).value(found, f);
        return value === '' ? undefined : value;
      });
    });
    return { hit, key: () => lastKey, tally: emptyJoinTallies(), used: new Set<number>() };
  });

  return {
    accessor: (name) => columns.get(name),
    count(row) {
      for (let j = 0; j < joins.length; j++) {
        const join = joins[j] as (typeof joins)[number];
        const found = join.hit(row);
        if (found >= 0) {
          join.tally.matched++;
          join.used.add(found);
        } else if (join.key() === '') join.tally.without_key++;
        else {
          join.tally.unmatched++;
          if (join.tally.unmatched_samples.length < UNMATCHED_SAMPLES)
            join.tally.unmatched_samples.push(join.key());
        }
      }
    },
    take() {
      return joins.map((join) => {
        const out = { ...join.tally, used: [...join.used] };
        join.tally = emptyJoinTallies();
        join.used.clear();
        return out;
      });
    },
  };
}
