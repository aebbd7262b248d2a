import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { type RecordIssue, shorten } from '../model/issues.js';
import { gtinProblem } from './keywords/gtin.js';
import type { ChannelItem, ItemValidator } from './validate.js';

/**
 * One record as a nested channel (the Agentic Commerce Protocol's Product Feeds) sees it: the
 * variant it is, and the product-level values it brings to its product. Made from the
 * channel's flat item (its fields in `acp.channel.yaml`).
 */
export interface NestedMember {
  /** The product's id when the record is one of a group (`item_group_id`); undefined: a product of its own. */
  group: string | undefined;
  /** Product-level values: id, title, description, media (no variants). */
  product: Record<string, unknown>;
  /** The variant. */
  variant: Record<string, unknown>;
}

/** Where each channel field lands in the product (`feedkit channels acp`). */
export const NESTED_PLACES: Readonly<Record<string, string>> = {
  id: 'variants[].id',
  title: 'variants[].title; title (unless product_title)',
  product_id: 'id (the product: records sharing it are its variants)',
  product_title: 'title',
  description: 'description.plain',
  description_html: 'description.html',
  url: 'variants[].url',
  price: 'variants[].price {amount in minor units, currency}; list_price in a sale',
  sale_price: 'variants[].price during a sale',
  availability: 'variants[].availability {available, status}',
  condition: 'variants[].condition [ ]',
  gtin: 'variants[].barcodes [{type EAN|UPC|GTIN, value}]',
  image_link: 'media[0]; variants[].media in a group',
  additional_image_link: 'media[1…]',
  google_product_category: 'variants[].categories {taxonomy google_product_category}',
  product_type: 'variants[].categories {taxonomy merchant}',
  options: 'variants[].variant_options [{name, value}]',
  color: 'variants[].variant_options (Color) without options',
  size: 'variants[].variant_options (Size) without options',
  material: 'variants[].variant_options (Material) without options',
  seller_name: 'variants[].seller.name',
  seller_privacy_policy: 'variants[].seller.links {privacy_policy}',
  seller_tos: 'variants[].seller.links {terms_of_service}',
  return_policy: 'variants[].seller.links {refund_policy}',
};

/** Where each part of a member came from: JSON Pointer prefix → the channel field. */
type Trace = Map<string, string>;

/**
 * ACP's known `Availability.status` values and whether each can be bought now (schema.feed.json
 * `Availability`: "Known values include in_stock, limited_stock, backorder, preorder,
 * out_of_stock, and discontinued"). Other statuses are written without `available`.
 */
const AVAILABLE: Readonly<Record<string, boolean>> = {
  in_stock: true,
  limited_stock: true,
  backorder: true,
  preorder: true,
  out_of_stock: false,
  discontinued: false,
};

/** Barcode type by GTIN length: EAN-8 and EAN-13, UPC-A (12), GTIN-14. */
const BARCODE_TYPES: Readonly<Record<number, string>> = { 8: 'EAN', 12: 'UPC', 13: 'EAN', 14: 'GTIN' };

/** Seller link types (schema.feed.json `Link.type`) and the channel fields that fill them. */
const LINKS: ReadonlyArray<[field: string, type: string]> = [
  ['seller_privacy_policy', 'privacy_policy'],
  ['seller_tos', 'terms_of_service'],
  ['return_policy', 'refund_policy'],
];

/** Option names for records whose mapping gives no `options`. */
const OPTION_FIELDS: ReadonlyArray<[field: string, name: string]> = [
  ['color', 'Color'],
  ['size', 'Size'],
  ['material', 'Material'],
];

const MINOR = /^(-?\d+) ([A-Z]{3})$/;

/** `1999 USD` (a `minor_units` field) → ACP's `Price`; anything else stays as it is, for the schema to refuse. */
function price(text: unknown): unknown {
  const match = typeof text === 'string' ? MINOR.exec(text) : null;
  return match === null ? text : { amount: Number(match[1]), currency: match[2] };
}

function list(value: unknown): string[] {
  return value === undefined ? [] : Array.isArray(value) ? (value as string[]) : [String(value)];
}

/**
 * The member of a flat item. `trace`, when given, learns which channel field each part came
 * from (only to explain an invalid member).
 */
export function shapeMember(item: ChannelItem, trace?: Trace): NestedMember {
  const at = (pointer: string, field: string) => trace?.set(pointer, field);
  const title = item.title as string | undefined;
  const group = item.product_id as string | undefined;
  const product: Record<string, unknown> = { id: group ?? item.id };
  at('/id', group === undefined ? 'id' : 'product_id');
  const productTitle = (item.product_title as string | undefined) ?? title;
  if (productTitle !== undefined) {
    product.title = productTitle;
    at('/title', item.product_title === undefined ? 'title' : 'product_title');
  }
  if (item.description !== undefined || item.description_html !== undefined) {
    const description: Record<string, unknown> = {};
    if (item.description !== undefined) description.plain = item.description;
    if (item.description_html !== undefined) description.html = item.description_html;
    product.description = description;
    at('/description', item.description === undefined ? 'description_html' : 'description');
    at('/description/html', 'description_html');
  }
  const images = [...list(item.image_link), ...list(item.additional_image_link)];
  if (images.length > 0) {
    const alt = productTitle === undefined ? {} : { alt_text: productTitle };
    product.media = images.map((url) => ({ type: 'image', url, ...alt }));
    const first = item.image_link === undefined ? 0 : 1;
    if (first === 1) at('/media/0', 'image_link');
    for (let i = first; i < images.length; i++) at(`/media/${i}`, 'additional_image_link');
  }

  const variant: Record<string, unknown> = { id: item.id };
  at('~/id', 'id');
  if (title !== undefined) variant.title = title;
  at('~/title', 'title');
  if (item.url !== undefined) variant.url = item.url;
  at('~/url', 'url');
  const gtins = list(item.gtin);
  if (gtins.length > 0)
    variant.barcodes = gtins.map((value) => ({ type: BARCODE_TYPES[value.length] ?? 'GTIN', value }));
  at('~/barcodes', 'gtin');
  // The active selling price is the sale price during a sale; the regular one is its list price.
  if (item.sale_price !== undefined) {
    variant.price = price(item.sale_price);
    at('~/price', 'sale_price');
    if (item.price !== undefined) variant.list_price = price(item.price);
  } else if (item.price !== undefined) {
    variant.price = price(item.price);
    at('~/price', 'price');
  }
  at('~/list_price', 'price');
  if (item.availability !== undefined) {
    const status = String(item.availability);
    const available = AVAILABLE[status];
    variant.availability = available === undefined ? { status } : { available, status };
  }
  at('~/availability', 'availability');
  const categories: Array<{ value: string; taxonomy: string }> = [];
  if (item.google_product_category !== undefined) {
    at(`~/categories/${categories.length}`, 'google_product_category');
    categories.push({ value: String(item.google_product_category), taxonomy: 'google_product_category' });
  }
  if (item.product_type !== undefined) {
    at(`~/categories/${categories.length}`, 'product_type');
    categories.push({ value: String(item.product_type), taxonomy: 'merchant' });
  }
  if (categories.length > 0) variant.categories = categories;
  if (item.condition !== undefined) variant.condition = list(item.condition);
  at('~/condition', 'condition');
  const options = optionsOf(item, (i, field) => at(`~/variant_options/${i}`, field));
  if (options.length > 0) variant.variant_options = options;
  // In a group each variant shows its own picture; a product of one has its media on the product.
  if (group !== undefined && item.image_link !== undefined) {
    variant.media = [
      { type: 'image', url: item.image_link, ...(title === undefined ? {} : { alt_text: title }) },
    ];
    at('~/media', 'image_link');
  }
  const seller = sellerOf(item, (pointer, field) => at(`~/seller${pointer}`, field));
  if (seller !== undefined) variant.seller = seller;
  return { group, product, variant };
}

function optionsOf(
  item: ChannelItem,
  at: (i: number, field: string) => void,
): Array<{ name: string; value: string }> {
  const given = item.options as Readonly<Record<string, string>> | undefined;
  if (given !== undefined && typeof given === 'object') {
    return Object.entries(given).map(([name, value], i) => {
      at(i, 'options');
      return { name, value: String(value) };
    });
  }
  const options: Array<{ name: string; value: string }> = [];
  for (const [field, name] of OPTION_FIELDS) {
    if (item[field] === undefined) continue;
    at(options.length, field);
    options.push({ name, value: String(item[field]) });
  }
  return options;
}

function sellerOf(
  item: ChannelItem,
  at: (pointer: string, field: string) => void,
): Record<string, unknown> | undefined {
  const links: Array<{ type: string; url: string }> = [];
  for (const [field, type] of LINKS) {
    if (item[field] === undefined) continue;
    at(`/links/${links.length}`, field);
    links.push({ type, url: String(item[field]) });
  }
  if (item.seller_name === undefined && links.length === 0) return undefined;
  at('/name', 'seller_name');
  return {
    ...(item.seller_name !== undefined ? { name: item.seller_name } : {}),
    ...(links.length > 0 ? { links } : {}),
  };
}

/** The member a nested validator made of an item it checked last, kept on the item for its serializer. */
const MEMBER = Symbol('member');
/** Product-level issues of a grouped member: its whole product is rejected when it is put together. */
const PRODUCT_ISSUES = Symbol('product issues');

type Marked = ChannelItem & { [MEMBER]?: NestedMember; [PRODUCT_ISSUES]?: RecordIssue[] };

/** A validator of nested items, and what the per-batch path asks of it beyond an item validator. */
export interface NestedChannel {
  validate: ItemValidator;
  /**
   * When every issue is product-level and the item is one of a group: keep the item, with the
   * issues, so its whole product is rejected once put together (each member with the issue).
   */
  hold(item: ChannelItem, issues: readonly RecordIssue[]): boolean;
}

/** The member of an item: the one its validator made, else made now. */
export function memberOf(item: ChannelItem): NestedMember {
  return (item as Marked)[MEMBER] ?? shapeMember(item);
}

/** Product-level issues a held item carries. */
export function productIssuesOf(item: ChannelItem): RecordIssue[] | undefined {
  return (item as Marked)[PRODUCT_ISSUES];
}

const HTTP_URL = /^https?:\/\/[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Compile a nested channel's schema (JSON Schema 2020-12, ajv's Ajv2020): the product's own
 * values are checked against the product (without variants), each record's variant against
 * `$defs/Variant`; issues name the channel field the value came from.
 */
export function compileNested(schema: Record<string, unknown>): NestedChannel {
  // The bundled schema is checked against the meta-schema by a test, not on every start (~25 ms).
  const ajv = new Ajv2020({ strict: true, allErrors: true, messages: false, validateSchema: false });
  // `uri` as feeds need it: an absolute http(s) address.
  ajv.addFormat('uri', { type: 'string', validate: (value: string) => HTTP_URL.test(value) });
  ajv.addFormat('date-time', { type: 'string', validate: (value: string) => DATE_TIME.test(value) });
  // feedkit's `gtin`: 8, 12, 13 or 14 digits with a valid GS1 check digit (the protocol takes any text).
  ajv.addFormat('gtin', {
    type: 'string',
    validate: (value: string) => gtinProblem(value, true) === undefined,
  });
  const id = String(schema.$id);
  ajv.addSchema(schema);
  const variantOf = ajv.compile({ $ref: `${id}#/$defs/Variant` });
  const properties = { ...(schema.properties as Record<string, unknown>) };
  delete properties.variants;
  const productOf = ajv.compile({
    ...schema,
    $id: `${id.replace(/\.json$/, '')}.product.json`,
    required: ['id'],
    properties,
  });
  const productLevel = new WeakSet<RecordIssue>();
  let lastProduct: ValidateFunction['errors'] = null;
  let lastVariant: ValidateFunction['errors'] = null;
  const validate = ((item: ChannelItem) => {
    const member = shapeMember(item);
    (item as Marked)[MEMBER] = member;
    const product = productOf(member.product) as boolean;
    lastProduct = productOf.errors ?? null;
    const variant = variantOf(member.variant) as boolean;
    lastVariant = variantOf.errors ?? null;
    return product && variant;
  }) as ItemValidator;
  validate.issues = (item) => {
    const trace: Trace = new Map();
    const member = shapeMember(item, trace);
    const issues: RecordIssue[] = [];
    for (const error of lastProduct ?? []) {
      const issue = toIssue(error, '', member.product, trace);
      productLevel.add(issue);
      issues.push(issue);
    }
    for (const error of lastVariant ?? []) issues.push(toIssue(error, '~', member.variant, trace));
    return issues;
  };
  return {
    validate,
    hold(item, issues) {
      if (item.product_id === undefined || !issues.every((issue) => productLevel.has(issue))) return false;
      (item as Marked)[PRODUCT_ISSUES] = [...issues];
      return true;
    },
  };
}

/** An ajv error of a member's part as a record issue naming the channel field. */
function toIssue(error: ErrorObject, part: '' | '~', data: unknown, trace: Trace): RecordIssue {
  const params = error.params as Record<string, unknown>;
  const missing = error.keyword === 'required' ? `/${String(params.missingProperty)}` : '';
  const pointer = error.instancePath + missing;
  let field: string | undefined;
  for (let path = pointer; field === undefined && path !== ''; path = path.slice(0, path.lastIndexOf('/')))
    field = trace.get(part + path);
  field ??= trace.get(`${part}/id`) ?? 'id';
  const raw = valueAt(data, error.instancePath);
  const value = raw === undefined || typeof raw === 'object' ? undefined : shorten(raw as string);
  const where = `${part === '' ? 'product' : 'variant'} ${pointer || '/'}`;
  switch (error.keyword) {
    case 'required':
      return { type: 'missing-required', field, expected: where };
    case 'format':
      if (params.format === 'gtin')
        return {
          type: 'invalid-gtin',
          field,
          value,
          expected: `${typeof raw === 'string' ? gtinProblem(raw, true) : 'digits'} (${where})`,
        };
      return {
        type: params.format === 'uri' ? 'invalid-url' : 'invalid-format',
        field,
        value,
        expected: where,
      };
    case 'minimum':
      return {
        type: 'invalid-price',
        field,
        value,
        expected: `an amount of at least ${params.limit} (${where})`,
      };
    case 'exclusiveMinimum':
      return {
        type: 'invalid-price',
        field,
        value,
        expected: `an amount above ${params.limit} (${where})`,
      };
    case 'type':
      return { type: 'invalid-value-type', field, value, expected: `${String(params.type)} (${where})` };
    case 'pattern':
      return { type: 'invalid-format', field, value, expected: `${String(params.pattern)} (${where})` };
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return { type: 'invalid-value', field, value, expected: `a value (${where})` };
    default:
      return { type: 'invalid-format', field, value, expected: `${error.keyword} (${where})` };
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const part of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
