import type { Row } from '../../model/columns.js';
import { entryBytes, packTable, type TableReader } from '../../sources/joins/packed-table.js';
import { truthy } from '../expression.js';
import type { VariantBasis, VariantStyle } from './basis.js';
import type { CompiledVariants, VariantCollector } from './types.js';

/** Values of an entry that only counts the rows naming it. */
const NO_VALUES: readonly string[] = [];

/** `variants.parent`: each child names its parent (by key, or by an alias in `ids`). */
export function parentStyle(basis: VariantBasis): VariantStyle {
  const {
    settings,
    context,
    base,
    parentsWhen,
    text,
    recordKey,
    productKey,
    values,
    width,
    parents,
    counts,
    group,
    complete,
    parentIssue,
    limitError,
  } = basis;
  const parentOf = text(context.column(settings.parent as string, [...base, 'parent']));
  const keyColumn =
    settings.key !== undefined ? text(context.column(settings.key, [...base, 'key'])) : undefined;
  const keyOf = keyColumn ?? recordKey;
  const idsOf = settings.ids !== undefined ? text(context.column(settings.ids, [...base, 'ids'])) : undefined;
  const isParent = (row: Row) =>
    parentsWhen !== undefined ? truthy(parentsWhen(row)) : parentOf(row) === '';
  const collector = (limit: number): VariantCollector => {
    const named = new Map<string, number>();
    const candidates = new Map<string, string[]>();
    const aliases = new Map<string, string>();
    let bytes = 0;
    return {
      add(row, line) {
        const parent = parentOf(row);
        if (parent !== '') {
          const before = named.get(parent);
          if (before === undefined) bytes += entryBytes(parent, NO_VALUES);
          named.set(parent, (before ?? 0) + 1);
        }
        if (isParent(row)) {
          const key = keyOf(row);
          if (key !== '' && !candidates.has(key)) {
            const entry = [recordKey(row) || key, '', ...values(row)];
            candidates.set(key, entry);
            bytes += entryBytes(key, entry);
            const alias = idsOf?.(row);
            if (alias) aliases.set(`id:${alias}`, key);
          }
        }
        if (bytes > limit) throw limitError(limit, line);
      },
      finish() {
        // Children that name their parent by its alias count for the parent too.
        const namedByAlias = new Map<string, number>();
        for (const [alias, key] of aliases) {
          namedByAlias.set(key, (namedByAlias.get(key) ?? 0) + (named.get(alias) ?? 0));
        }
        const kept = new Map<string, string[]>();
        for (const [key, entry] of candidates) {
          const children = (named.get(key) ?? 0) + (namedByAlias.get(key) ?? 0);
          // Without parents_when, a parent is a row some row names: the other candidates were simple products.
          if (children === 0 && parentsWhen === undefined) continue;
          entry[1] = String(children);
          kept.set(key, entry);
        }
        const products = kept.size;
        for (const [alias, key] of aliases) {
          const entry = kept.get(key);
          if (entry !== undefined && !kept.has(alias)) kept.set(alias, entry);
        }
        return { parents: packTable(kept, width), products };
      },
    };
  };
  const productOf = (row: Row) => {
    const parent = parentOf(row);
    return parent === '' ? -1 : (parents?.find(parent) ?? -1);
  };
  const apply: CompiledVariants['apply'] = (row, product, warn) => {
    const parent = parentOf(row);
    if (parent !== '') {
      const found = parents?.find(parent) ?? -1;
      if (found < 0) {
        counts.tally.orphans++;
        warn({ type: 'orphan-variant', field: 'item_group_id', value: parent });
        group(product, parent);
        return undefined;
      }
      counts.tally.children++;
      group(product, (parents as TableReader).value(found, 0));
      complete(found, product);
      return undefined;
    }
    if (parentsWhen !== undefined && !truthy(parentsWhen(row))) return undefined;
    const own = parents?.find(keyColumn !== undefined ? keyColumn(row) : productKey(product)) ?? -1;
    if (own < 0 && parentsWhen === undefined) return undefined;
    return parentIssue(own < 0 ? 0 : Number((parents as TableReader).value(own, 1)));
  };
  return { collector, productOf, apply };
}
