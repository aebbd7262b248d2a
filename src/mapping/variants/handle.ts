import type { Row } from '../../model/columns.js';
import { entryBytes, packTable, type TableReader } from '../../sources/joins/packed-table.js';
import { truthy } from '../expression.js';
import type { VariantBasis, VariantStyle } from './basis.js';
import { fieldText, HEAD } from './basis.js';
import type { CompiledVariants, VariantCollector } from './types.js';

/** `variants.handle`: the rows of one product share a handle (Shopify); its fields are on the first. */
export function handleStyle(basis: VariantBasis): VariantStyle {
  const {
    settings,
    context,
    base,
    parentsWhen,
    text,
    recordKey,
    inherit,
    fillIndexes,
    FILL,
    width,
    parents,
    counts,
    group,
    complete,
    parentIssue,
    limitError,
  } = basis;
  const handleOf = text(context.column(settings.handle as string, [...base, 'handle']));
  const collector = (limit: number): VariantCollector => {
    const handles = new Map<string, string[]>();
    let bytes = 0;
    return {
      add(row, line) {
        const handle = handleOf(row);
        if (handle === '') return;
        let entry = handles.get(handle);
        if (entry === undefined) {
          entry = [handle, '0', ...inherit.map(() => ''), ...fillIndexes.map(() => '')];
          handles.set(handle, entry);
          bytes += entryBytes(handle, entry);
        }
        for (let j = 0; j < fillIndexes.length; j++) {
          if (entry[FILL + j] !== '') continue;
          const text = fieldText(row[fillIndexes[j] as number]);
          if (text === '') continue;
          entry[FILL + j] = text;
          bytes += text.length;
        }
        // A product's fields are on its first row; the first value any row has wins.
        for (let i = 0; i < inherit.length; i++) {
          if (entry[HEAD + i] !== '') continue;
          const value = (inherit[i] as (row: Row) => unknown)(row);
          if (value === undefined) continue;
          const json = JSON.stringify(value);
          entry[HEAD + i] = json;
          bytes += json.length;
        }
        if (recordKey(row) !== '') entry[1] = String(Number(entry[1]) + 1);
        if (bytes > limit) throw limitError(limit, line);
      },
      finish() {
        return { parents: packTable(handles, width), products: handles.size };
      },
    };
  };
  const productOf = (row: Row) => {
    const handle = handleOf(row);
    return handle === '' ? -1 : (parents?.find(handle) ?? -1);
  };
  const grouped = (found: number) => Number((parents as TableReader).value(found, 1)) > 1;
  const apply: CompiledVariants['apply'] = (row, product) => {
    const handle = handleOf(row);
    const found = handle === '' ? -1 : (parents?.find(handle) ?? -1);
    if (found < 0) return undefined;
    const variants = Number((parents as TableReader).value(found, 1));
    if (parentsWhen !== undefined && truthy(parentsWhen(row))) {
      const issue = parentIssue(variants);
      if (issue !== undefined) return issue;
    }
    complete(found, product);
    // A product with one variant is not a group.
    if (variants > 1) {
      counts.tally.children++;
      group(product, handle);
    }
    return undefined;
  };
  return { collector, productOf, apply, grouped };
}
