import type { PackedTable } from '../../sources/joins/packed-table.js';

/**
 * Tables built on the main thread before the main pass (join files, the variants pre-pass)
 * and handed to every worker in the job spec. Shared memory: one copy whatever the threads.
 */
export interface GroupTables {
  /** What the variants pre-pass found. */
  variants?: VariantTables;
  /** One table per entry of the mapping's `joins`, in order: key → the listed fields. */
  joins?: PackedTable[];
}

/** The variants pre-pass result. */
export interface VariantTables {
  /**
   * Per parent key (handle): `[item_group_id, children, ...inherited values as JSON]`.
   */
  parents: PackedTable;
  /** With `children`: per child key, `[parent key]`. */
  links?: PackedTable;
  /** Products found: parents, or handles. */
  products: number;
}

/** Counts of one batch (or of the run, merged in input order). Plain data. */
export interface GroupTallies {
  variants?: VariantTallies;
  /** Per join, in the mapping's order. */
  joins?: JoinTallies[];
}

/** What variants did to the records. */
export interface VariantTallies {
  /** Records identified as parents. */
  parents: number;
  /** Of those, sold as items too (`emit_parents: true`). */
  parents_emitted: number;
  /** Records placed in a product group (their parent found). */
  children: number;
  /** Children whose parent is not in the input: sold without inherited values. */
  orphans: number;
  /** Per canonical field: children that took the parent's value. */
  inherited: Record<string, number>;
}

/** What one join did to the records. */
export interface JoinTallies {
  /** Records whose key has a row in the join file. */
  matched: number;
  /** Records with a key the join file has no row for. */
  unmatched: number;
  /** Records with an empty key. */
  without_key: number;
  /** First unmatched keys, in input order. */
  unmatched_samples: string[];
  /** Rows of the join file used by this batch (row numbers, each once). */
  used: number[];
}

/** Unmatched keys kept as examples. */
export const UNMATCHED_SAMPLES = 5;

export function emptyVariantTallies(): VariantTallies {
  return { parents: 0, parents_emitted: 0, children: 0, orphans: 0, inherited: {} };
}

export function emptyJoinTallies(): JoinTallies {
  return { matched: 0, unmatched: 0, without_key: 0, unmatched_samples: [], used: [] };
}

/** Add a later batch's counts into `into` (rows used are handed to `use`, which keeps them as a set). */
export function mergeGroupTallies(
  into: GroupTallies,
  from: GroupTallies | undefined,
  use: (join: number, rows: readonly number[]) => void,
): void {
  if (from?.variants !== undefined) {
    into.variants ??= emptyVariantTallies();
    const v = into.variants;
    v.parents += from.variants.parents;
    v.parents_emitted += from.variants.parents_emitted;
    v.children += from.variants.children;
    v.orphans += from.variants.orphans;
    for (const [field, n] of Object.entries(from.variants.inherited)) {
      v.inherited[field] = (v.inherited[field] ?? 0) + n;
    }
  }
  from?.joins?.forEach((join, i) => {
    into.joins ??= [];
    const j = into.joins[i] ?? emptyJoinTallies();
    into.joins[i] = j;
    j.matched += join.matched;
    j.unmatched += join.unmatched;
    j.without_key += join.without_key;
    for (const key of join.unmatched_samples) {
      if (j.unmatched_samples.length < UNMATCHED_SAMPLES) j.unmatched_samples.push(key);
    }
    use(i, join.used);
  });
}
