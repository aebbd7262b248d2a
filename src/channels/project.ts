import { type CanonicalField, type CanonicalProduct, formatMoney, type Money } from '../canonical.js';
import type { ChannelDefinition, ChannelField } from './definition.js';
import type { ChannelItem, ItemValue } from './validate.js';

/**
 * A channel's own values for some canonical fields (from its `fields` in the mapping): a
 * field named here takes this value, even when it is undefined (the override emptied it).
 */
export type OwnValues = Readonly<Record<string, unknown>>;

/** A channel field kept for output, with its projection compiled. */
export interface ProjectedField {
  field: ChannelField;
  /** Canonical value → channel value (text, list, number or yes/no), or undefined for none. */
  project(product: CanonicalProduct, own: OwnValues | undefined): ItemValue | undefined;
}

/**
 * Compile a channel's projection. Only fields whose canonical source the mapping fills are
 * kept, so feeds have no columns that are empty by construction. `overridden` names the
 * canonical fields the channel's own values replace.
 */
export function compileProjection(
  definition: ChannelDefinition,
  mapped: ReadonlySet<CanonicalField>,
  overridden: ReadonlySet<CanonicalField> = new Set(),
): ProjectedField[] {
  return definition.fields
    .filter(
      (field) =>
        mapped.has(field.from) ||
        overridden.has(field.from) ||
        // A derived field appears when the mapping fills what its rule looks at.
        (field.derive?.unless_any.some((group) =>
          group.some((name) => mapped.has(name) || overridden.has(name)),
        ) ??
          false),
    )
    .map((field) => ({ field, project: projector(field, overridden) }));
}

/** Reads one canonical field: from the channel's own values when it overrides the field. */
type Reader = (product: CanonicalProduct, own: OwnValues | undefined) => unknown;

function reader(name: CanonicalField, overridden: ReadonlySet<CanonicalField>): Reader {
  return overridden.has(name) ? (_, own) => own?.[name] : (product) => product[name];
}

function projector(field: ChannelField, overridden: ReadonlySet<CanonicalField>): ProjectedField['project'] {
  const read = reader(field.from, overridden);
  const values = field.values;
  const derive = field.derive;
  const groups = derive?.unless_any.map((group) => group.map((name) => reader(name, overridden)));
  return (product, own) => {
    const value = read(product, own) as string | string[] | Money | number | boolean | undefined;
    if (value === undefined) {
      if (derive === undefined) return undefined;
      const complete = (groups as Reader[][]).some((group) =>
        group.every((get) => get(product, own) !== undefined),
      );
      return complete ? undefined : derive.value;
    }
    if (typeof value === 'string') return values !== undefined ? (values[value] ?? value) : value;
    if (typeof value === 'number' || typeof value === 'boolean' || Array.isArray(value)) return value;
    return formatMoney(value);
  };
}

/**
 * Build the channel item (fields without a value are left out, so `required` catches them),
 * counting in `filled` each field that has a value.
 */
export function projectItem(
  fields: readonly ProjectedField[],
  product: CanonicalProduct,
  own: OwnValues | undefined,
  filled: number[],
): ChannelItem {
  const item: ChannelItem = {};
  for (let i = 0; i < fields.length; i++) {
    const projected = fields[i] as ProjectedField;
    const value = projected.project(product, own);
    if (value !== undefined) {
      item[projected.field.name] = value;
      filled[i] = (filled[i] as number) + 1;
    }
  }
  return item;
}
