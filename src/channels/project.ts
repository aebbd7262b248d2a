import { type CanonicalField, type CanonicalProduct, formatMoney, type Money } from '../canonical.js';
import type { ChannelDefinition, ChannelField } from './definition.js';
import type { ChannelItem, ItemValue } from './validate.js';

/** A channel field kept for output, with its projection compiled. */
export interface ProjectedField {
  field: ChannelField;
  /** Canonical value → channel value (text, list, number or yes/no), or undefined for none. */
  project(product: CanonicalProduct): ItemValue | undefined;
}

/**
 * Compile a channel's projection. Only fields whose canonical source the mapping fills are
 * kept, so feeds have no columns that are empty by construction.
 */
export function compileProjection(
  definition: ChannelDefinition,
  mapped: ReadonlySet<CanonicalField>,
): ProjectedField[] {
  return definition.fields
    .filter(
      (field) =>
        mapped.has(field.from) ||
        // A derived field appears when the mapping fills what its rule looks at.
        (field.derive?.unless_any.some((group) => group.some((name) => mapped.has(name))) ?? false),
    )
    .map((field) => ({ field, project: projector(field) }));
}

function projector(field: ChannelField): ProjectedField['project'] {
  const from = field.from;
  const values = field.values;
  const derive = field.derive;
  return (product) => {
    const value = product[from] as string | string[] | Money | number | boolean | undefined;
    if (value === undefined) {
      if (derive === undefined) return undefined;
      const complete = derive.unless_any.some((group) => group.every((name) => product[name] !== undefined));
      return complete ? undefined : derive.value;
    }
    if (typeof value === 'string') return values !== undefined ? (values[value] ?? value) : value;
    if (typeof value === 'number' || typeof value === 'boolean' || Array.isArray(value)) return value;
    return formatMoney(value);
  };
}

/** Build the channel item (fields without a value are left out, so `required` catches them). */
export function projectItem(fields: readonly ProjectedField[], product: CanonicalProduct): ChannelItem {
  const item: ChannelItem = {};
  for (let i = 0; i < fields.length; i++) {
    const projected = fields[i] as ProjectedField;
    const value = projected.project(product);
    if (value !== undefined) item[projected.field.name] = value;
  }
  return item;
}
