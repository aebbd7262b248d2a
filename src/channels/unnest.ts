import type { ChannelItem } from './validate.js';

/**
 * The inverse of `shapeMember` (nest.ts): an Agentic Commerce Protocol product line back to
 * the channel's flat items, one per variant, under the channel's field names, so a feed
 * feedkit wrote can be compared item by item (`feedkit diff`). A list of one value comes back
 * as that value; an ACP `Price` as `<amount> <currency>` (the `minor_units` text).
 */
export function flattenProduct(product: Readonly<Record<string, unknown>>): ChannelItem[] {
  const variants = Array.isArray(product.variants) ? (product.variants as Record<string, unknown>[]) : [];
  return variants.map((variant) => flattenMember(product, variant, variants.length));
}

type Json = Record<string, unknown>;

const obj = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** One value as the flat item holds it: a list of one is its value, none is absent. */
function oneOrList(values: unknown[]): unknown {
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}

/** ACP's `Price` as the `minor_units` text (`1999 USD`); anything else as it is. */
function priceText(value: unknown): unknown {
  const price = obj(value);
  return price !== undefined && typeof price.amount === 'number' && typeof price.currency === 'string'
    ? `${price.amount} ${price.currency}`
    : value;
}

const LINK_FIELDS: Readonly<Record<string, string>> = {
  privacy_policy: 'seller_privacy_policy',
  terms_of_service: 'seller_tos',
  refund_policy: 'return_policy',
};
const OPTION_FIELDS: Readonly<Record<string, string>> = {
  Color: 'color',
  Size: 'size',
  Material: 'material',
};

function flattenMember(product: Json, variant: Json, count: number): ChannelItem {
  const item: Record<string, unknown> = {};
  const set = (field: string, value: unknown) => {
    if (value !== undefined) item[field] = value;
  };
  // A product of one variant under that variant's id is no group (shapeMember gives it the item's id).
  const grouped = count > 1 || product.id !== variant.id;
  set('id', variant.id);
  set('title', variant.title);
  if (grouped) set('product_id', product.id);
  if (product.title !== undefined && product.title !== variant.title) set('product_title', product.title);
  const description = obj(product.description);
  set('description', description?.plain);
  set('description_html', description?.html);
  set('url', variant.url);
  if (variant.list_price !== undefined) {
    set('price', priceText(variant.list_price));
    set('sale_price', priceText(variant.price));
  } else set('price', priceText(variant.price));
  set('availability', obj(variant.availability)?.status);
  set('condition', oneOrList(arr(variant.condition)));
  set('gtin', oneOrList(arr(variant.barcodes).map((b) => obj(b)?.value)));
  const media = arr(product.media).map((m) => obj(m)?.url);
  const own = obj(arr(variant.media)[0])?.url;
  if (grouped) {
    set('image_link', own);
    set('additional_image_link', oneOrList(media.filter((url) => url !== own)));
  } else {
    set('image_link', media[0]);
    set('additional_image_link', oneOrList(media.slice(1)));
  }
  for (const category of arr(variant.categories).map(obj)) {
    if (category?.taxonomy === 'google_product_category') set('google_product_category', category.value);
    if (category?.taxonomy === 'merchant') set('product_type', category.value);
  }
  const options = arr(variant.variant_options).map(obj);
  if (options.every((o) => OPTION_FIELDS[String(o?.name)] !== undefined))
    for (const o of options) set(OPTION_FIELDS[String(o?.name)] as string, o?.value);
  else set('options', Object.fromEntries(options.map((o) => [String(o?.name), o?.value])));
  const seller = obj(variant.seller);
  set('seller_name', seller?.name);
  for (const link of arr(seller?.links).map(obj)) {
    const field = LINK_FIELDS[String(link?.type)];
    if (field !== undefined) set(field, link?.url);
  }
  return item as ChannelItem;
}
