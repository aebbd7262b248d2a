/**
 * feedkit's canonical product record: one channel-independent shape that every
 * supplier mapping fills and every channel is projected from. A supplier is mapped
 * once and serves every channel.
 */

/** An amount of money in one currency. */
export interface Money {
  /** Decimal amount, `.` as decimal point (e.g. `1299.95`). */
  amount: number;
  /** Upper-case ISO 4217 code (e.g. `DKK`). */
  currency: string;
}

/**
 * When a sale runs: `sale_price_effective_date`. Either end may be open. Each end is written
 * `YYYY-MM-DDThh:mm` with its zone (`+01:00`, or `Z` for UTC), as the supplier gave it; a
 * date without a time starts at 00:00 and ends at 23:59, a time without a zone is UTC (as
 * Google reads it).
 */
export interface DateRange {
  /** Start, ISO 8601 with zone; absent: the sale runs from before the run. */
  start?: string;
  /** End, ISO 8601 with zone; absent: until the supplier removes the sale price. */
  end?: string;
  /** `start` in milliseconds since the epoch, for comparing with the run's time. */
  start_ms?: number;
  /** `end` in milliseconds since the epoch. */
  end_ms?: number;
}

/** The canonical product record. Every field is optional here; channels decide what they require. */
export interface CanonicalProduct {
  /** The merchant's unique, stable id for the item (SKU preferred). */
  id?: string;
  /** Product name as shown to shoppers; plain text. */
  title?: string;
  /** Plain-text description, without HTML. */
  description?: string;
  /** Absolute URL of the product's landing page. */
  link?: string;
  /** Absolute URL of the main product image. */
  image_link?: string;
  /** Absolute URLs of further product images, in order. */
  additional_image_link?: string[];
  /** Regular price, including VAT where the market expects it. */
  price?: Money;
  /** Sale price; channels whose rules say so leave it out when it is not below `price`. */
  sale_price?: Money;
  /** When the sale price applies; a sale that ended before the run's time is never published. */
  sale_price_effective_date?: DateRange;
  /**
   * Stock status: `in_stock`, `out_of_stock`, `preorder` or `backorder` (Google spelling;
   * channels translate); a channel with more states takes its own spelling as it is (Meta's
   * `discontinued`), which channels without it refuse.
   */
  availability?: string;
  /** `new`, `refurbished` or `used`. */
  condition?: string;
  /** Brand or manufacturer name. */
  brand?: string;
  /**
   * GTINs (EAN/UPC/JAN/ISBN-13/ITF-14), digits only, the main one first: Google takes up to 10,
   * channels that take one write the first (`first: true` in their definition).
   */
  gtin?: string[];
  /** Manufacturer part number. */
  mpn?: string;
  /** Google product taxonomy id or full path. */
  google_product_category?: string;
  /** The merchant's own category path, levels joined with ` > `. */
  product_type?: string;
  /** Colour name(s), several joined with `/`, primary first. */
  color?: string;
  /** Size as shoppers see it (`M`, `42`, `16/34 Tall`). */
  size?: string;
  /** `male`, `female` or `unisex`. */
  gender?: string;
  /** `newborn`, `infant`, `toddler`, `kids` or `adult`. */
  age_group?: string;
  /** Main material(s), several joined with `/`. */
  material?: string;
  /** Pattern or print (`striped`, `polka dot`). */
  pattern?: string;
  /** Id shared by all variants of one product (the parent SKU). */
  item_group_id?: string;
  /** True on each record that is one variant of a product with several (set with `item_group_id`). */
  has_variants?: boolean;
  /**
   * What tells this variant from the others of its product, option name → value in the
   * supplier's order (`{ color: Black, size: XS }`): colour, size, material and pattern under
   * those names, any other option under the supplier's name (`Logo`).
   */
  options?: Record<string, string>;
  /** Shipping weight with unit (`1.2 kg`). */
  shipping_weight?: string;
  /** Shipping cost for the default destination. */
  shipping_cost?: Money;
  /** Country the shipping cost is for, ISO 3166-1 alpha-2 (`DK`); Google's `shipping` needs it. */
  shipping_country?: string;
  /** Shipping service name (`Standard`), for Google's `shipping`. */
  shipping_service?: string;
  /** The product's measure without packaging, for unit prices (`1980ml`, `1.5kg`; see `unit_measure`). */
  unit_pricing_measure?: string;
  /** The measure a unit price is given per (`1l`, `100g`), in the same unit family. */
  unit_pricing_base_measure?: string;
  /** Units in stock, when the supplier gives a count. */
  quantity?: number;
  /** `yes` or `no`: whether the product has manufacturer identifiers at all. */
  identifier_exists?: string;
  /** `yes` for adult-only products. */
  adult?: string;
  /** Free labels for campaign grouping (Google `custom_label_0`). */
  custom_label_0?: string;
  /** Free label 1. */
  custom_label_1?: string;
  /** Free label 2. */
  custom_label_2?: string;
  /** Free label 3. */
  custom_label_3?: string;
  /** Free label 4. */
  custom_label_4?: string;
  /** Delivery time as shoppers read it (`1-3 days`; Klarna). */
  delivery_time?: string;
  /** The product description with its HTML kept, for channels that show rich text (Meta). */
  description_html?: string;
  /** Meta's own product category (id or path). */
  fb_product_category?: string;
  /** Name of the seller as registered with the channel (OpenAI `seller_name`). */
  seller_name?: string;
  /** The seller's home page. */
  seller_url?: string;
  /** URL of the seller's privacy policy (needed for checkout). */
  seller_privacy_policy?: string;
  /** URL of the seller's terms of service (needed for checkout). */
  seller_tos?: string;
  /** URL of the return policy. */
  return_policy?: string;
  /** Whether returns are accepted. */
  accepts_returns?: boolean;
  /** Days within which a return is accepted. */
  return_window_days?: number;
  /** Whether the product may be shown in search (OpenAI `is_eligible_search`). */
  enable_search?: boolean;
  /** Whether the product may be bought in the channel's own checkout (OpenAI `is_eligible_checkout`). */
  enable_checkout?: boolean;
  /** Further video URLs of the product (Google `video_link`, repeatable; Meta `videos`). */
  video_link?: string[];
  /**
   * Google's `loyalty_program` group as text,
   * `program_label:tier_label:price:cashback:loyalty_points:member_price_effective_date:shipping_label`.
   */
  loyalty_program?: string;
  /** Questions with their answers, each `"question":"answer"` (Google `question_and_answer`). */
  question_and_answer?: string[];
  /** The product's popularity in the shop, 0 to 100 (Google `popularity_rank`). */
  popularity_rank?: number;
  /** The title of the product all variants of a group share (Google `item_group_title`). */
  item_group_title?: string;
  /** URLs of documents about the product (manuals, PDF; Google `document_link`). */
  document_link?: string[];
  /** What tells this variant from the others, each `name:value` (Google `variant_option`). */
  variant_option?: string[];
  /** Related products, each `relationship_type:identifier_type:identifier` (Google `related_product`). */
  related_product?: string[];
  /**
   * The title with who wrote it, `default:"…"` or `trained_algorithmic_media:"…"` when AI wrote
   * it (Google `structured_title`).
   */
  structured_title?: string;
  /** The description with who wrote it, as `structured_title` (Google `structured_description`). */
  structured_description?: string;
  /** Short phrases naming the product's main features (Google `product_highlight`). */
  product_highlight?: string[];
  /** Technical details, each `section_name:attribute_name:attribute_value` (Google `product_detail`). */
  product_detail?: string[];
  /** A disclaimer shown with the offer (Meta `offer_disclaimer`). */
  offer_disclaimer?: string;
  /** Meta's ranking hint `product_priority_0`: a number the merchant sets per item. */
  product_priority_0?: number;
  /** Meta `product_priority_1`. */
  product_priority_1?: number;
  /** Meta `product_priority_2`. */
  product_priority_2?: number;
  /** Meta `product_priority_3`. */
  product_priority_3?: number;
  /** Meta `product_priority_4`. */
  product_priority_4?: number;
  /** Countries the product is offered in, ISO 3166-1 alpha-2 (`[DK, SE]`; OpenAI `target_countries`). */
  target_countries?: string[];
  /** Country the store sells from, ISO 3166-1 alpha-2 (`DK`; OpenAI `store_country`). */
  store_country?: string;
}

/** Name of a canonical field. */
export type CanonicalField = keyof CanonicalProduct;

/** How a mapped value is coerced into its canonical field. */
export type CanonicalType =
  | 'text'
  | 'url'
  | 'url_list'
  | 'text_list'
  | 'money'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'options'
  | 'date_range';

/** The runtime description of each canonical field (order = the order `feedkit channels` shows). */
export const CANONICAL_FIELDS: Readonly<Record<CanonicalField, CanonicalType>> = {
  id: 'text',
  title: 'text',
  description: 'text',
  link: 'url',
  image_link: 'url',
  additional_image_link: 'url_list',
  price: 'money',
  sale_price: 'money',
  sale_price_effective_date: 'date_range',
  availability: 'text',
  condition: 'text',
  brand: 'text',
  gtin: 'text_list',
  mpn: 'text',
  google_product_category: 'text',
  product_type: 'text',
  color: 'text',
  size: 'text',
  gender: 'text',
  age_group: 'text',
  material: 'text',
  pattern: 'text',
  item_group_id: 'text',
  has_variants: 'boolean',
  options: 'options',
  shipping_weight: 'text',
  shipping_cost: 'money',
  shipping_country: 'text',
  shipping_service: 'text',
  unit_pricing_measure: 'text',
  unit_pricing_base_measure: 'text',
  quantity: 'integer',
  identifier_exists: 'text',
  adult: 'text',
  custom_label_0: 'text',
  custom_label_1: 'text',
  custom_label_2: 'text',
  custom_label_3: 'text',
  custom_label_4: 'text',
  delivery_time: 'text',
  description_html: 'text',
  fb_product_category: 'text',
  seller_name: 'text',
  seller_url: 'url',
  seller_privacy_policy: 'url',
  seller_tos: 'url',
  return_policy: 'url',
  accepts_returns: 'boolean',
  return_window_days: 'integer',
  enable_search: 'boolean',
  enable_checkout: 'boolean',
  video_link: 'url_list',
  loyalty_program: 'text',
  question_and_answer: 'text_list',
  popularity_rank: 'number',
  item_group_title: 'text',
  document_link: 'url_list',
  variant_option: 'text_list',
  related_product: 'text_list',
  structured_title: 'text',
  structured_description: 'text',
  product_highlight: 'text_list',
  product_detail: 'text_list',
  offer_disclaimer: 'text',
  product_priority_0: 'number',
  product_priority_1: 'number',
  product_priority_2: 'number',
  product_priority_3: 'number',
  product_priority_4: 'number',
  target_countries: 'text_list',
  store_country: 'text',
};

export const CANONICAL_FIELD_NAMES = Object.keys(CANONICAL_FIELDS) as CanonicalField[];

/** ISO 4217 currencies without minor units (the common ones). */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'ISK', 'CLP', 'VND', 'UGX', 'XAF', 'XOF', 'PYG']);

// Every channel formats the same record's price and sale price in turn: the last two
// results are kept, keyed by the (immutable) Money object.
let lastMoney: Money | undefined;
let lastText = '';
let lastMoney2: Money | undefined;
let lastText2 = '';

/** `1299.95 DKK`: amount with the currency's decimals, one space, the code. */
export function formatMoney(money: Money): string {
  if (money === lastMoney) return lastText;
  if (money === lastMoney2) return lastText2;
  const text = `${money.amount.toFixed(ZERO_DECIMAL.has(money.currency) ? 0 : 2)} ${money.currency}`;
  lastMoney2 = lastMoney;
  lastText2 = lastText;
  lastMoney = money;
  lastText = text;
  return text;
}

const MONEY_TEXT = /^(-?\d+(?:\.\d+)?) ([A-Z]{3})$/;

/** Read `1299.95 DKK` (as the `price` transform writes it) back into a {@link Money}. */
export function parseMoney(text: string): Money | undefined {
  const match = MONEY_TEXT.exec(text);
  if (match === null) return undefined;
  return { amount: Number(match[1]), currency: match[2] as string };
}

const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** One end of a range: `2026-12-01`, `2026-12-01T08:00`, `2026-12-01 08:00:00+01:00`, `…Z`. */
function parseDateEnd(text: string, end: boolean): { iso: string; ms: number } | undefined {
  const match = DATE.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, , zone] = match as unknown as Array<string | undefined>;
  const hours = h ?? (end ? '23' : '00');
  const minutes = mi ?? (end ? '59' : '00');
  let offset = 'Z';
  let offsetMinutes = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const hh = digits.slice(1, 3);
    const mm = digits.slice(3, 5) || '00';
    offset = `${zone[0]}${hh}:${mm}`;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  }
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hours), Number(minutes));
  const check = new Date(local);
  // 2026-02-30 or 25:00 would roll over into another day: not a date.
  if (check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(hours) || Number(minutes) > 59)
    return undefined;
  const ms = local - offsetMinutes * 60_000 + (end && mi === undefined ? 59_999 : 0);
  return { iso: `${y}-${mo}-${d}T${hours}:${minutes}${offset}`, ms };
}

/**
 * Read `start/end` (ISO 8601 interval; either side may be empty) into a {@link DateRange}, or
 * undefined when a side is not a date or the end is before the start.
 */
export function parseDateRange(text: string): DateRange | undefined {
  const slash = text.indexOf('/');
  if (slash === -1) return undefined;
  const startText = text.slice(0, slash).trim();
  const endText = text.slice(slash + 1).trim();
  if (startText === '' && endText === '') return undefined;
  const range: DateRange = {};
  if (startText !== '') {
    const start = parseDateEnd(startText, false);
    if (start === undefined) return undefined;
    range.start = start.iso;
    range.start_ms = start.ms;
  }
  if (endText !== '') {
    const end = parseDateEnd(endText, true);
    if (end === undefined) return undefined;
    range.end = end.iso;
    range.end_ms = end.ms;
  }
  if (range.start_ms !== undefined && range.end_ms !== undefined && range.end_ms < range.start_ms)
    return undefined;
  return range;
}

/** An instant as a range end: `2026-12-06T21:37Z` (minutes, UTC). */
export function isoMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}
