import type { YamlPath } from '../../config/load.js';
import type { VariantSettings } from '../../config/mapping.js';
import { CANONICAL_FIELDS, type CanonicalField } from '../../model/canonical.js';
import type { Row } from '../../model/columns.js';
import { type ErrorCode, FeedkitError } from '../../model/errors.js';
import type { RecordIssue } from '../../model/issues.js';
import { entryBytes, packTable, TableReader } from '../../sources/joins/packed-table.js';
import { truthy } from '../expression.js';
import { isEmpty, type Value } from '../value.js';
import { addOption, applyOptions } from './options.js';
import { emptyVariantTallies, type VariantTables, type VariantTallies } from './tables.js';

/** What compiling variants needs from the mapping compiler. */
export interface VariantContext {
  /** Accessor of an input column, checked like any column the mapping names. */
  column(name: string, path: YamlPath): (row: Row) => Value;
  /** A compiled expression (`parents_when`). */
  expression(source: string, path: YamlPath): (row: Row) => Value;
  problem(code: ErrorCode, message: string, path: YamlPath): void;
  /** The mapped value of a canonical field, or undefined when the mapping does not fill it. */
  field(name: CanonicalField): ((row: Row) => unknown) | undefined;
  /** Index of an input column in the rows (for `fill`), or undefined after a problem was reported. */
  columnIndex(name: string, path: YamlPath): number | undefined;
}

/** Variants compiled: a pre-pass collector and the per-record step of the main pass. */
export interface CompiledVariants {
  /** Start the pre-pass (main thread): rows in, tables out. `limit` bounds the tables in bytes. */
  collector(limit: number): VariantCollector;
  /**
   * With `fill`: the row with its empty fill columns taken from its product (a copy; the
   * row itself is not changed), or the row itself when nothing is filled. Main pass only.
   */
  fill?(row: Row): Row;
  /**
   * The product group a row belongs to as one of its variants (the parent's key or the
   * handle), or undefined for a parent, a product of its own or an orphan. Read in a mapping
   * as the column `variants.group`. Main pass only.
   */
  groupOf(row: Row): string | undefined;
  /**
   * Group and complete one mapped product (main pass): inherit the parent's values, set
   * `item_group_id`. Returns the issue when the record is a parent that is not sold itself;
   * pushes an `orphan-variant` warning through `warn`.
   */
  apply(
    row: Row,
    product: Record<string, unknown>,
    warn: (issue: RecordIssue) => void,
  ): RecordIssue | undefined;
  /** This batch's counts; the counters start again from zero. */
  take(): VariantTallies;
}

/** Gathers what grouping needs from every row, before the main pass. */
export interface VariantCollector {
  add(row: Row, line: number): void;
  finish(): VariantTables;
}

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
const HEAD = 2;

const NO_VALUES: readonly string[] = [];

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
  const style = styles[0] as 'parent' | 'handle' | 'children';
  for (const key of ['key', 'ids'] as const) {
    if (settings[key] !== undefined && style !== 'parent') {
      context.problem('mapping-invalid', `variants.${key} goes with variants.parent`, [...base, key]);
    }
  }

  const id = context.field('id');
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

  let tally = emptyVariantTallies();
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
      tally.inherited[name] = (tally.inherited[name] ?? 0) + 1;
    }
  };
  const group = (product: Record<string, unknown>, key: string) => {
    if (product.item_group_id === undefined) product.item_group_id = key;
  };
  const parentIssue = (children: number): RecordIssue | undefined => {
    tally.parents++;
    if (emitParents) {
      tally.parents_emitted++;
      return undefined;
    }
    return { type: 'variant-parent', limit: children };
  };
  const limitError = (limit: number, line: number) =>
    new FeedkitError(
      'input-limit',
      `variants: the pre-pass table passed ${Math.round(limit / (1 << 20))} MB at line ${line}; set variants.parents_when so only parent rows are kept, inherit fewer fields, or raise the limit with --max-table-mb`,
    );

  let collector: (limit: number) => VariantCollector;
  let apply: CompiledVariants['apply'];
  /** The product entry a (child) row belongs to, for `fill`; -1 for none. */
  let productOf: (row: Row) => number;
  /** Whether a found product entry is a group of several (a handle with one variant is not). */
  let grouped: (found: number) => boolean = () => true;

  if (style === 'parent') {
    const parentOf = text(context.column(settings.parent as string, [...base, 'parent']));
    const keyColumn =
      settings.key !== undefined ? text(context.column(settings.key, [...base, 'key'])) : undefined;
    const keyOf = keyColumn ?? recordKey;
    const idsOf =
      settings.ids !== undefined ? text(context.column(settings.ids, [...base, 'ids'])) : undefined;
    const isParent = (row: Row) =>
      parentsWhen !== undefined ? truthy(parentsWhen(row)) : parentOf(row) === '';
    collector = (limit) => {
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
    productOf = (row) => {
      const parent = parentOf(row);
      return parent === '' ? -1 : (parents?.find(parent) ?? -1);
    };
    apply = (row, product, warn) => {
      const parent = parentOf(row);
      if (parent !== '') {
        const found = parents?.find(parent) ?? -1;
        if (found < 0) {
          tally.orphans++;
          warn({ type: 'orphan-variant', field: 'item_group_id', value: parent });
          group(product, parent);
          return undefined;
        }
        tally.children++;
        group(product, (parents as TableReader).value(found, 0));
        complete(found, product);
        return undefined;
      }
      if (parentsWhen !== undefined && !truthy(parentsWhen(row))) return undefined;
      const own = parents?.find(keyColumn !== undefined ? keyColumn(row) : productKey(product)) ?? -1;
      if (own < 0 && parentsWhen === undefined) return undefined;
      return parentIssue(own < 0 ? 0 : Number((parents as TableReader).value(own, 1)));
    };
  } else if (style === 'children') {
    const spec = settings.children as NonNullable<VariantSettings['children']>;
    const childKey = spec.key ?? 'sku';
    const separator = spec.separator ?? '|';
    const list = text(context.column(spec.from, [...base, 'children', 'from']));
    const keyOf = text(context.column(childKey, [...base, 'children', 'key']));
    const isParent = (row: Row) => (parentsWhen !== undefined ? truthy(parentsWhen(row)) : list(row) !== '');
    collector = (limit) => {
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
    productOf = (row) => {
      if (isParent(row)) return -1;
      const link = links?.find(keyOf(row)) ?? -1;
      return link < 0 ? -1 : (parents as TableReader).find((links as TableReader).value(link, 0));
    };
    apply = (row, product) => {
      if (isParent(row)) {
        const own = parents?.find(productKey(product)) ?? -1;
        return parentIssue(own < 0 ? 0 : Number((parents as TableReader).value(own, 1)));
      }
      const link = links?.find(keyOf(row)) ?? -1;
      if (link < 0) return undefined;
      const key = (links as TableReader).value(link, 0);
      const found = (parents as TableReader).find(key);
      tally.children++;
      group(product, key);
      // The parent's list names what tells this child from its siblings (`size=XS,color=Black`).
      const options = (links as TableReader).value(link, 1);
      if (options !== '') applyOptions(product, JSON.parse(options) as Record<string, string>);
      if (found >= 0) complete(found, product);
      return undefined;
    };
  } else {
    const handleOf = text(context.column(settings.handle as string, [...base, 'handle']));
    collector = (limit) => {
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
    productOf = (row) => {
      const handle = handleOf(row);
      return handle === '' ? -1 : (parents?.find(handle) ?? -1);
    };
    grouped = (found) => Number((parents as TableReader).value(found, 1)) > 1;
    apply = (row, product) => {
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
        tally.children++;
        group(product, handle);
      }
      return undefined;
    };
  }

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
      const out = tally;
      tally = emptyVariantTallies();
      return out;
    },
  };
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

/** A list field in the pre-pass tables: marked so that it is read back as a list. */
const LIST_MARK = '\u0000';

/** A raw field as table text: lists as JSON after a mark, nothing as empty. */
function fieldText(field: Row[number]): string {
  if (field === undefined) return '';
  if (!Array.isArray(field)) return field;
  return field.length === 0 ? '' : LIST_MARK + JSON.stringify(field);
}

function textField(text: string): Row[number] {
  return text.startsWith(LIST_MARK) ? (JSON.parse(text.slice(1)) as string[]) : text;
}
