import type { YamlPath } from '../../config/load.js';
import type { VariantSettings } from '../../config/mapping.js';
import type { Row } from '../../model/columns.js';
import type { TableReader } from '../../sources/joins/packed-table.js';
import { fieldText, textField, type VariantStyleName, variantBasis } from './basis.js';
import { childrenStyle } from './children.js';
import { handleStyle } from './handle.js';
import { parentStyle } from './parent.js';
import { emptyVariantTallies, type VariantTables } from './tables.js';
import type { CompiledVariants, VariantContext } from './types.js';

export type { CompiledVariants, VariantCollector, VariantContext } from './types.js';

/** Compile the mapping's `variants` section; problems go through `context.problem`. */
export function compileVariants(
  settings: VariantSettings,
  context: VariantContext,
  tables: VariantTables | undefined,
): CompiledVariants | undefined {
  const base: YamlPath = ['variants'];
  const styles = (['parent', 'handle', 'children'] as const).filter((key) => settings[key] !== undefined);
  if (styles.length !== 1) {
    context.problem(
      'mapping-invalid',
      styles.length === 0
        ? 'variants needs one of parent, handle or children'
        : `variants has ${styles.join(' and ')}; use only one of parent, handle, children`,
      base,
    );
    return undefined;
  }
  const style = styles[0] as VariantStyleName;
  for (const key of ['key', 'ids'] as const) {
    if (settings[key] !== undefined && style !== 'parent') {
      context.problem('mapping-invalid', `variants.${key} goes with variants.parent`, [...base, key]);
    }
  }
  const basis = variantBasis(settings, context, tables, style);
  const {
    collector,
    productOf,
    apply,
    grouped = () => true,
  } = style === 'parent'
    ? parentStyle(basis)
    : style === 'children'
      ? childrenStyle(basis)
      : handleStyle(basis);
  const { fillIndexes, parents, FILL, counts } = basis;
  const fill =
    fillIndexes.length === 0 || parents === undefined
      ? undefined
      : (row: Row): Row => {
          const found = productOf(row);
          if (found < 0) return row;
          let copy: Row[number][] | undefined;
          for (let j = 0; j < fillIndexes.length; j++) {
            const i = fillIndexes[j] as number;
            if (fieldText(row[i]) !== '') continue;
            const text = parents.value(found, FILL + j);
            if (text === '') continue;
            copy ??= row.slice();
            copy[i] = textField(text);
          }
          return copy ?? row;
        };

  return {
    collector,
    apply,
    ...(fill !== undefined ? { fill } : {}),
    groupOf(row) {
      const found = productOf(row);
      return found < 0 || !grouped(found) ? undefined : (parents as TableReader).value(found, 0);
    },
    take() {
      const out = counts.tally;
      counts.tally = emptyVariantTallies();
      return out;
    },
  };
}
