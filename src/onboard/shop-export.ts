import { NO } from '../text/yes-no.js';
import type { ColumnProfile, InputProfile } from './profile-types.js';
import type { FilterProposal, OptionPair, VariantsProposal } from './proposal.js';

/**
 * The `variants:` section for the shapes of shop exports that spread one product over several
 * rows, recognised by their columns: Shopify (`Handle` shared by a product's rows, product
 * values only on the first), WooCommerce (`Parent` naming the parent's SKU or `id:<ID>`),
 * Magento 2 (`configurable_variations` listing `sku=…` per child). Undefined for none.
 */
export function decideVariants(
  profile: InputProfile,
  id: ColumnProfile | undefined,
): VariantsProposal | undefined {
  const column = (name: string) => profile.columns.find((c) => c.name === name && c.filled > 0);
  const handle = column('Handle');
  if (handle !== undefined && handle.distinct < handle.filled && column('Variant SKU') !== undefined)
    return { shape: 'shopify', handle: 'Handle', fill: shopifyFill(profile) };
  const parent = column('Parent');
  if (parent !== undefined && id !== undefined) {
    const ids = column('ID');
    return {
      shape: 'woocommerce',
      parent: parent.name,
      key: id.name,
      ...(ids === undefined ? {} : { ids: ids.name }),
    };
  }
  const children = column('configurable_variations');
  if (children?.samples.some((s) => s.startsWith('sku=')))
    return { shape: 'magento', children: 'configurable_variations', key: 'sku' };
  return undefined;
}

/** Column names that say whether a product is live in the shop, in da, de, en and sv. */
const PUBLISHED_NAMES = new Set([
  'published',
  'status',
  'visible',
  'active',
  'enabled',
  'publiceret',
  'aktiv',
  'synlig',
  'veröffentlicht',
  'sichtbar',
  'publicerad',
]);
/** Values of such a column that mean "not in the shop": the "no" of each yes/no spelling, and states. */
const UNPUBLISHED_VALUES = new Set([
  ...NO,
  '-1',
  'draft',
  'archived',
  'inactive',
  'disabled',
  'hidden',
  'private',
  'pending',
  'kladde',
  'entwurf',
  'utkast',
]);

/**
 * Name and value column pairs of variant options (Shopify `Option1 Name` / `Option1 Value`,
 * WooCommerce `Attribute 1 name` / `Attribute 1 value(s)`), for an `options:` section.
 */
export function decideOptions(profile: InputProfile): OptionPair[] {
  const pairs: OptionPair[] = [];
  for (const column of profile.columns) {
    const match = /^(.*\S)\s+name$/i.exec(column.name);
    if (match === null || column.filled === 0) continue;
    const prefix = (match[1] as string).toLowerCase();
    const value = profile.columns.find((c) =>
      [`${prefix} value`, `${prefix} value(s)`, `${prefix} values`].includes(c.name.toLowerCase()),
    );
    if (value !== undefined) pairs.push({ name: column.name, value: value.name });
  }
  return pairs;
}

/** Shopify columns written on a product's first row only that filters and options read. */
export function shopifyFill(profile: InputProfile): string[] {
  const names = ['Status', 'Published', 'Option1 Name', 'Option2 Name', 'Option3 Name', 'Image Src'];
  return names.filter((name) => profile.columns.some((c) => c.name === name && c.filled > 0));
}

/** An expression reading a column by name, for any name. */
export function columnRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `column(${JSON.stringify(name)})`;
}

/**
 * Filters to propose: rows that are not in the shop (a publish or status column every row
 * fills, with values such as `0` or `draft`), and rows without an id and a price (an
 * exporter's extra picture or continuation rows). Excluded rows are counted with their reason
 * instead of failing as records without an id or a price.
 */
export function decideFilters(
  profile: InputProfile,
  id: ColumnProfile | undefined,
  price: ColumnProfile | undefined,
  filled: readonly string[],
): FilterProposal[] {
  const filters: FilterProposal[] = [];
  if (id !== undefined && price !== undefined && id.fill < 1 && price.fill < 1) {
    filters.push({
      exclude: `empty(${columnRef(id.name)}) and empty(${columnRef(price.name)})`,
      reason: 'no id and no price (a further picture or a continuation row)',
    });
  }
  // Every such column (Shopify has Published and Status); one that variants.fill carries from
  // a product's first row counts as filled on every row.
  for (const published of profile.columns) {
    const carried = filled.includes(published.name);
    if (!PUBLISHED_NAMES.has(published.name.trim().toLowerCase()) || published.values === undefined) continue;
    if (published.fill < 1 && !carried) continue;
    const values = published.values;
    const hidden = values.filter((v) => UNPUBLISHED_VALUES.has(v.value.trim().toLowerCase()));
    if (hidden.length === 0 || hidden.length === values.length) continue;
    filters.push({
      exclude: hidden.map((v) => `${columnRef(published.name)} == ${JSON.stringify(v.value)}`).join(' or '),
      reason: `not published (${published.name} ${hidden.map((v) => v.value).join(', ')})`,
      rows: {
        count: hidden.reduce((sum, v) => sum + v.count, 0),
        of: profile.records,
        firstRowOnly: carried,
      },
    });
  }
  return filters;
}
