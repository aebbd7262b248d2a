import type { VariantSettings } from '../../config/mapping.js';
import type { Row } from '../../model/columns.js';
import { entryBytes, packTable, type TableReader } from '../../sources/joins/packed-table.js';
import { truthy } from '../expression.js';
import type { VariantBasis, VariantStyle } from './basis.js';
import { addOption, applyOptions } from './options.js';
import type { CompiledVariants, VariantCollector } from './types.js';

/** `variants.children`: a parent lists its children (`sku=A,size=S|sku=B,size=M`). */
export function childrenStyle(basis: VariantBasis): VariantStyle {
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
    links,
    counts,
    group,
    complete,
    parentIssue,
    limitError,
  } = basis;
  const spec = settings.children as NonNullable<VariantSettings['children']>;
  const childKey = spec.key ?? 'sku';
  const separator = spec.separator ?? '|';
  const list = text(context.column(spec.from, [...base, 'children', 'from']));
  const keyOf = text(context.column(childKey, [...base, 'children', 'key']));
  const isParent = (row: Row) => (parentsWhen !== undefined ? truthy(parentsWhen(row)) : list(row) !== '');
  const collector = (limit: number): VariantCollector => {
    const linked = new Map<string, string[]>();
    const found = new Map<string, string[]>();
    let bytes = 0;
    return {
      add(row, line) {
        if (!isParent(row)) return;
        const key = recordKey(row);
        if (key === '' || found.has(key)) return;
        const children = childKeys(list(row), childKey, separator);
        const entry = [key, String(children.length), ...values(row)];
        found.set(key, entry);
        bytes += entryBytes(key, entry);
        for (const [child, options] of children) {
          if (linked.has(child)) continue;
          const link = [key, options];
          linked.set(child, link);
          bytes += entryBytes(child, link);
        }
        if (bytes > limit) throw limitError(limit, line);
      },
      finish() {
        return {
          parents: packTable(found, width),
          links: packTable(linked, 2),
          products: found.size,
        };
      },
    };
  };
  const productOf = (row: Row) => {
    if (isParent(row)) return -1;
    const link = links?.find(keyOf(row)) ?? -1;
    return link < 0 ? -1 : (parents as TableReader).find((links as TableReader).value(link, 0));
  };
  const apply: CompiledVariants['apply'] = (row, product) => {
    if (isParent(row)) {
      const own = parents?.find(productKey(product)) ?? -1;
      return parentIssue(own < 0 ? 0 : Number((parents as TableReader).value(own, 1)));
    }
    const link = links?.find(keyOf(row)) ?? -1;
    if (link < 0) return undefined;
    const key = (links as TableReader).value(link, 0);
    const found = (parents as TableReader).find(key);
    counts.tally.children++;
    group(product, key);
    // The parent's list names what tells this child from its siblings (`size=XS,color=Black`).
    const options = (links as TableReader).value(link, 1);
    if (options !== '') applyOptions(product, JSON.parse(options) as Record<string, string>);
    if (found >= 0) complete(found, product);
    return undefined;
  };
  return { collector, productOf, apply };
}

/**
 * Child keys from a parent's list, each with the entry's other pairs as options (JSON, or
 * empty): `sku=A,size=S|sku=B,size=M` → [A, {"size":"S"}], [B, {"size":"M"}]; entries without
 * `=` are keys.
 */
function childKeys(list: string, key: string, separator: string): Array<[string, string]> {
  const keys: Array<[string, string]> = [];
  for (const entry of list.split(separator)) {
    if (!entry.includes('=')) {
      const plain = entry.trim();
      if (plain !== '') keys.push([plain, '']);
      continue;
    }
    let found = '';
    const options: Record<string, string> = {};
    for (const pair of entry.split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      if (name === key) found = pair.slice(eq + 1).trim();
      else addOption(options, name, pair.slice(eq + 1));
    }
    if (found !== '') keys.push([found, Object.keys(options).length > 0 ? JSON.stringify(options) : '']);
  }
  return keys;
}
