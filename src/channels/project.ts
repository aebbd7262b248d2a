import {
  CANONICAL_FIELDS,
  type CanonicalField,
  type CanonicalProduct,
  type DateRange,
  formatMoney,
  isoMinute,
  type Money,
} from '../model/canonical.js';
import { toMinorUnits } from '../text/minor-units.js';
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
  now: number = Date.now(),
): ProjectedField[] {
  return definition.fields
    .filter(
      (field) =>
        mapped.has(field.from) ||
        overridden.has(field.from) ||
        field.default !== undefined ||
        // A derived field appears when the mapping fills what its rule looks at.
        (field.derive?.unless_any.some((group) =>
          group.some((name) => mapped.has(name) || overridden.has(name)),
        ) ??
          false),
    )
    .map((field) => ({
      field,
      project:
        CANONICAL_FIELDS[field.from] === 'date_range'
          ? dateRangeProjector(field, reader(field.from, overridden), now)
          : projector(field, overridden),
    }));
}

/** How long an open-ended sale is written to run: Google drops items 30 days after their last refresh anyway. */
const OPEN_END_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * `start/end`, as the channels want both ends: an open start is the run's time, an open end
 * 30 days after the run (or the start); every run writes it anew. Google spells the zone
 * `+hhmm` (`offset` in its definition).
 */
function dateRangeProjector(field: ChannelField, read: Reader, now: number): ProjectedField['project'] {
  const compact = field.offset === '+hhmm';
  const utc = field.offset === 'Z';
  const spell = (iso: string) => (compact ? iso.replace(/([+-]\d{2}):(\d{2})$/, '$1$2') : iso);
  return (product, own) => {
    const range = read(product, own) as DateRange | undefined;
    if (range === undefined) return undefined;
    const endMs = Math.max(now, range.start_ms ?? now) + OPEN_END_MS;
    if (utc) return `${isoMinute(range.start_ms ?? now)}/${isoMinute(range.end_ms ?? endMs)}`;
    const start = range.start ?? isoMinute(now);
    const end = range.end ?? isoMinute(endMs);
    return `${spell(start)}/${spell(end)}`;
  };
}

/** Reads one canonical field: from the channel's own values when it overrides the field. */
type Reader = (product: CanonicalProduct, own: OwnValues | undefined) => unknown;

function reader(name: CanonicalField, overridden: ReadonlySet<CanonicalField>): Reader {
  return overridden.has(name) ? (_, own) => own?.[name] : (product) => product[name];
}

/** One canonical value as text: money formatted, lists joined with `,`. */
function text(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'object' && value !== null && 'amount' in value) return formatMoney(value as Money);
  return Array.isArray(value) ? value.join(',') : String(value);
}

function composer(field: ChannelField, overridden: ReadonlySet<CanonicalField>): ProjectedField['project'] {
  const from = reader(field.from, overridden);
  const parts = (field.compose as string[]).map((name) =>
    name === '' ? () => undefined : reader(name as CanonicalField, overridden),
  );
  const first = parts[0] as Reader;
  return (product, own) => {
    if (from(product, own) === undefined || first(product, own) === undefined) return undefined;
    let out = text(first(product, own));
    for (let i = 1; i < parts.length; i++) out += `:${text((parts[i] as Reader)(product, own))}`;
    return out;
  };
}

function projector(field: ChannelField, overridden: ReadonlySet<CanonicalField>): ProjectedField['project'] {
  if (field.compose !== undefined) return composer(field, overridden);
  const read = reader(field.from, overridden);
  const values = field.values;
  const derive = field.derive;
  const named = CANONICAL_FIELDS[field.from] === 'options';
  const groups = derive?.unless_any.map((group) => group.map((name) => reader(name, overridden)));
  const fallback = field.default;
  const first = field.first === true;
  const money = field.minor_units === true ? minorUnitsText : formatMoney;
  return (product, own) => {
    const value = read(product, own) as string | string[] | Money | number | boolean | undefined;
    if (value === undefined) {
      if (fallback !== undefined) return fallback;
      if (derive === undefined) return undefined;
      const complete = (groups as Reader[][]).some((group) =>
        group.every((get) => get(product, own) !== undefined),
      );
      return complete ? undefined : derive.value;
    }
    if (typeof value === 'string') return values !== undefined ? (values[value] ?? value) : value;
    if (Array.isArray(value)) return first ? (value[0] as string) : value;
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    if (named) return value as unknown as Readonly<Record<string, string>>;
    return money(value);
  };
}

/** `1999 USD` for 19.99 USD: the amount in the currency's minor units, or the money text when it has none. */
function minorUnitsText(money: Money): string {
  const units = toMinorUnits(money.amount, money.currency);
  return units === undefined ? formatMoney(money) : `${units} ${money.currency}`;
}

/** Projects one record into the channel's item, counting in `filled` each field with a value. */
export type ItemProjector = (
  product: CanonicalProduct,
  own: OwnValues | undefined,
  filled: number[],
) => ChannelItem;

/**
 * The channel's item projector. Fields without a value are undefined, so `required` catches
 * them. With `reuse`, every record is projected into the same object, which holds every field
 * in output order: no allocation per record and channel, and one object shape for the
 * validator and the writer. Only for schemas that read undefined as absent
 * (see undefinedMeansAbsent), and only when the item is used up before the next record.
 */
export function itemProjector(fields: readonly ProjectedField[], reuse: boolean): ItemProjector {
  if (!reuse) {
    return (product, own, filled) => {
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
    };
  }
  const item: Record<string, ItemValue | undefined> = {};
  for (const projected of fields) item[projected.field.name] = undefined;
  const names = fields.map((projected) => projected.field.name);
  return (product, own, filled) => {
    for (let i = 0; i < fields.length; i++) {
      const value = (fields[i] as ProjectedField).project(product, own);
      item[names[i] as string] = value;
      if (value !== undefined) filled[i] = (filled[i] as number) + 1;
    }
    return item as ChannelItem;
  };
}
