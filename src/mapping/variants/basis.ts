import type { YamlPath } from '../../config/load.js';
import type { VariantSettings } from '../../config/mapping.js';
import { CANONICAL_FIELDS, type CanonicalField } from '../../model/canonical.js';
import type { Row } from '../../model/columns.js';
import { FeedkitError } from '../../model/errors.js';
import type { RecordIssue } from '../../model/issues.js';
import { TableReader } from '../../sources/joins/packed-table.js';
import { isEmpty, type Value } from '../value.js';
import { emptyVariantTallies, type VariantTables, type VariantTallies } from './tables.js';
import type { CompiledVariants, VariantCollector, VariantContext } from './types.js';

/** Inherited by default: the product's shared description, pictures, brand and category. */
const INHERIT = [
  'description',
  'image_link',
  'additional_image_link',
  'brand',
  'google_product_category',
  'product_type',
] as const satisfies readonly CanonicalField[];

/** Shopify-style rows carry the product's fields only on its first row: fill them all forward. */
const HANDLE_INHERIT = [
  ...INHERIT,
  'title',
  'link',
  'condition',
  'gender',
  'age_group',
  'material',
  'pattern',
  'description_html',
  'fb_product_category',
] as const satisfies readonly CanonicalField[];

const NEVER_INHERITED = new Set<string>(['id', 'item_group_id']);

/** Values per parent row before the inherited ones: item_group_id, number of children. */
export const HEAD = 2;

/** The style of variants in use: how the pre-pass collects, and how a record finds its product. */
export type VariantStyleName = 'parent' | 'handle' | 'children';

/** What one style of variants (parent, children, handle) makes: the pre-pass and the main pass. */
export interface VariantStyle {
  collector(limit: number): VariantCollector;
  /** The product entry a (child) row belongs to, for `fill`; -1 for none. */
  productOf(row: Row): number;
  apply: CompiledVariants['apply'];
  /** Whether a found product entry is a group of several (a handle with one variant is not). */
  grouped?(found: number): boolean;
}

/** What every style shares: the settings, the fields inherited and filled, the tables, the counts. */
export interface VariantBasis {
  settings: VariantSettings;
  context: VariantContext;
  base: YamlPath;
  /** Inherited fields, by name and as read from a row. */
  inheritNames: CanonicalField[];
  inherit: Array<(row: Row) => unknown>;
  /** Indexes of the `fill` columns in the rows. */
  fillIndexes: number[];
  /** Where the fill values start in a parent's entry. */
  FILL: number;
  /** Values per entry. */
  width: number;
  parentsWhen: ((row: Row) => Value) | undefined;
  /** A column's value as trimmed text. */
  text(read: (row: Row) => Value): (row: Row) => string;
  /** The record's mapped id, or empty. */
  recordKey(row: Row): string;
  /** A mapped product's id, or empty. */
  productKey(product: Record<string, unknown>): string;
  /** A parent's entry values: inherited (JSON), then filled. */
  values(row: Row): string[];
  parents: TableReader | undefined;
  links: TableReader | undefined;
  /** This batch's counts (replaced by take()). */
  counts: { tally: VariantTallies };
  /** Set item_group_id unless the record has one. */
  group(product: Record<string, unknown>, key: string): void;
  /** Fill the product's empty inherited fields from its parent's entry. */
  complete(row: number, product: Record<string, unknown>): void;
  /** The issue of a parent row (not sold itself), counted; undefined with emit_parents. */
  parentIssue(children: number): RecordIssue | undefined;
  limitError(limit: number, line: number): FeedkitError;
}

/** The fields variants inherit: the mapping's `inherit`, checked, or the style's default. */
function inheritedFields(
  settings: VariantSettings,
  context: VariantContext,
  style: VariantStyleName,
  base: YamlPath,
): CanonicalField[] {
  const inheritNames: CanonicalField[] = [];
  if (settings.inherit !== undefined) {
    settings.inherit.forEach((name, i) => {
      if (NEVER_INHERITED.has(name)) {
        context.problem('mapping-invalid', `variants cannot inherit "${name}": it is each record's own`, [
          ...base,
          'inherit',
          i,
        ]);
      } else if (!(name in CANONICAL_FIELDS)) {
        // reported by the schema check
      } else if (context.field(name) === undefined) {
        context.problem(
          'mapping-invalid',
          `variants.inherit names "${name}", which the mapping does not fill`,
          [...base, 'inherit', i],
        );
      } else inheritNames.push(name);
    });
  } else {
    for (const name of style === 'handle' ? HANDLE_INHERIT : INHERIT) {
      if (context.field(name) !== undefined) inheritNames.push(name);
    }
  }
  return inheritNames;
}

/** What the styles share, compiled once. */
export function variantBasis(
  settings: VariantSettings,
  context: VariantContext,
  tables: VariantTables | undefined,
  style: VariantStyleName,
): VariantBasis {
  const base: YamlPath = ['variants'];
  const id = context.field('id');
  const inheritNames = inheritedFields(settings, context, style, base);
  const inherit = inheritNames.map((name) => context.field(name) as (row: Row) => unknown);
  const fillIndexes: number[] = [];
  (settings.fill ?? []).forEach((name, i) => {
    const at = context.columnIndex(name, [...base, 'fill', i]);
    if (at !== undefined) fillIndexes.push(at);
  });
  /** Where the fill values start in a parent's entry. */
  const FILL = HEAD + inherit.length;
  const width = FILL + fillIndexes.length;
  const fillValues = (row: Row): string[] => fillIndexes.map((i) => fieldText(row[i]));
  const parentsWhen =
    settings.parents_when !== undefined
      ? context.expression(settings.parents_when, [...base, 'parents_when'])
      : undefined;
  const emitParents = settings.emit_parents === true;
  const text = (read: (row: Row) => Value) => (row: Row) => {
    const value = read(row);
    return isEmpty(value) ? '' : (Array.isArray(value) ? value.join(',') : String(value)).trim();
  };
  const recordKey = (row: Row) => {
    const value = id?.(row);
    return value === undefined ? '' : String(value);
  };
  // The main pass has the record mapped already: its id need not be mapped again.
  const productKey = (product: Record<string, unknown>) =>
    product.id === undefined ? '' : String(product.id);
  const values = (row: Row): string[] => [
    ...inherit.map((read) => {
      const value = read(row);
      return value === undefined ? '' : JSON.stringify(value);
    }),
    ...fillValues(row),
  ];

  const counts = { tally: emptyVariantTallies() };
  const parents = tables !== undefined ? new TableReader(tables.parents) : undefined;
  const links = tables?.links !== undefined ? new TableReader(tables.links) : undefined;
  // The children of a parent mostly come one after another: the parent's values are parsed
  // once for them all. The children share them; nothing changes a record's values afterwards.
  let parsedRow = -1;
  const parsed: unknown[] = new Array(inheritNames.length);
  const complete = (row: number, product: Record<string, unknown>) => {
    if (parents === undefined) return;
    if (row !== parsedRow) {
      parsedRow = row;
      parsed.fill(undefined);
    }
    // A child with a picture of its own (the black hoodie) does not take its parent's further
    // pictures: those show the parent's variant (the grey one), not this one.
    const ownPicture = product.image_link !== undefined;
    for (let i = 0; i < inheritNames.length; i++) {
      const name = inheritNames[i] as CanonicalField;
      if (product[name] !== undefined) continue;
      if (ownPicture && name === 'additional_image_link') continue;
      let value = parsed[i];
      if (value === undefined) {
        const json = parents.value(row, HEAD + i);
        if (json === '') continue;
        value = JSON.parse(json);
        parsed[i] = value;
      }
      product[name] = value;
      counts.tally.inherited[name] = (counts.tally.inherited[name] ?? 0) + 1;
    }
  };
  const group = (product: Record<string, unknown>, key: string) => {
    if (product.item_group_id === undefined) product.item_group_id = key;
  };
  const parentIssue = (children: number): RecordIssue | undefined => {
    counts.tally.parents++;
    if (emitParents) {
      counts.tally.parents_emitted++;
      return undefined;
    }
    return { type: 'variant-parent', limit: children };
  };
  const limitError = (limit: number, line: number) =>
    new FeedkitError(
      'input-limit',
      `variants: the pre-pass table passed ${Math.round(limit / (1 << 20))} MB at line ${line}; set variants.parents_when so only parent rows are kept, inherit fewer fields, or raise the limit with --max-table-mb`,
    );
  return {
    settings,
    context,
    base,
    inheritNames,
    inherit,
    fillIndexes,
    FILL,
    width,
    parentsWhen,
    text,
    recordKey,
    productKey,
    values,
    parents,
    links,
    counts,
    group,
    complete,
    parentIssue,
    limitError,
  };
}

/** A list field in the pre-pass tables: marked so that it is read back as a list. */
const LIST_MARK = '\u0000';

/** A raw field as table text: lists as JSON after a mark, nothing as empty. */
export function fieldText(field: Row[number]): string {
  if (field === undefined) return '';
  if (!Array.isArray(field)) return field;
  return field.length === 0 ? '' : LIST_MARK + JSON.stringify(field);
}

/** Table text back as a raw field (a list after its mark). */
export function textField(text: string): Row[number] {
  return text.startsWith(LIST_MARK) ? (JSON.parse(text.slice(1)) as string[]) : text;
}
