import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadBuiltinChannel } from '../../src/channels/definition.js';
import { compileProjection, itemProjector } from '../../src/channels/project.js';
import { taxonomyOf } from '../../src/channels/taxonomy.js';
import { readGoogleTaxonomy } from '../../src/channels/taxonomy-file.js';
import { compileValidator, createAjv, forItems, undefinedMeansAbsent } from '../../src/channels/validate.js';
import { CANONICAL_FIELD_NAMES, type CanonicalProduct } from '../../src/model/canonical.js';

type Item = Record<string, unknown>;

interface PropertySchema {
  title?: unknown;
  description?: unknown;
  enum?: unknown[];
}

/** A spec violation: how to break a valid item, and the ajv error it must cause. */
interface Violation {
  name: string;
  change: (item: Item) => void;
  keyword: string;
  path: string;
  /** For `required`: the property reported missing. */
  missing?: string;
}

interface ChannelCase {
  /** A valid item with every property of the schema. */
  valid: Item;
  /** Schema properties that wait for a canonical field, so are not in the channel yaml yet. */
  pending: string[];
  violations: Violation[];
  /** Changes that look wrong but the spec allows. */
  allowed: Array<{ name: string; change: (item: Item) => void }>;
  /** Canonical availability values the channel accepts after its `values` map. */
  availability: Record<string, boolean>;
}

const GTIN = '4006381333931';
const BAD_GTIN = '4006381333932';
const remove =
  (...names: string[]) =>
  (item: Item) => {
    for (const name of names) delete item[name];
  };
const set = (name: string, value: unknown) => (item: Item) => {
  item[name] = value;
};

const cases: Record<string, ChannelCase> = {
  meta: {
    valid: {
      id: 'DK-1001',
      title: 'Uldsokker, grå, str. 40-42',
      description: 'Varme sokker i 80 % merinould.',
      availability: 'in stock',
      condition: 'new',
      price: '129.00 DKK',
      link: 'https://www.nordisk-uld.dk/p/1001',
      image_link: 'https://www.nordisk-uld.dk/img/1001.jpg',
      brand: 'Nordisk Uld',
      size: 'EU 40-42',
      quantity_to_sell_on_facebook: 12,
      gtin: GTIN,
      mpn: 'NU-1001',
      item_group_id: 'DK-1000',
      sale_price: '99.00 DKK',
      additional_image_link: ['https://www.nordisk-uld.dk/img/1001-2.jpg'],
      google_product_category: '209',
      product_type: 'Tøj > Sokker',
      color: 'grå',
      gender: 'unisex',
      age_group: 'all ages',
      material: 'merinould/nylon',
      pattern: 'striped',
      shipping_weight: '0.2 kg',
      custom_label_0: 'vinter',
      custom_label_1: 'a',
      custom_label_2: 'b',
      custom_label_3: 'c',
      custom_label_4: 'd',
      fb_product_category: 'Clothing & Accessories > Clothing > Socks',
      rich_text_description: '<p>Varme <b>sokker</b></p>',
      status: 'active',
      sale_price_effective_date: '2026-12-01T00:00+01:00/2026-12-24T23:59+01:00',
      shipping: 'DK::Standard:39.00 DKK, SE::Standard:59.00 SEK',
      expiration_date: '2027-06-30',
      mobile_link: 'https://m.nordisk-uld.dk/p/1001',
      vendor_id: 'V-7',
      internal_label: ['winter', 'wool'],
      additional_variant_attribute: 'Scent:Lavender, Finish:Matte',
      custom_number_0: '0',
      custom_number_1: '1',
      custom_number_2: '2',
      custom_number_3: '3',
      custom_number_4: '4294967295',
      videos: ['https://www.nordisk-uld.dk/video/1001.mp4'],
      offer_disclaimer: 'Tilbuddet gælder til og med 24.12.',
      return_policy_days: 30,
      product_priority_0: 0.5,
      product_priority_1: 1,
      product_priority_2: 0,
      product_priority_3: 0.25,
      product_priority_4: 0.75,
    },
    pending: [
      'fb_product_category',
      'rich_text_description',
      'status',
      'sale_price_effective_date',
      'shipping',
      'expiration_date',
      'mobile_link',
      'vendor_id',
      'internal_label',
      'additional_variant_attribute',
      'custom_number_0',
      'custom_number_1',
      'custom_number_2',
      'custom_number_3',
      'custom_number_4',
    ],
    violations: [
      { name: 'missing title', change: remove('title'), keyword: 'required', path: '', missing: 'title' },
      {
        name: 'Google spelling in_stock',
        change: set('availability', 'in_stock'),
        keyword: 'enum',
        path: '/availability',
      },
      { name: 'condition in capitals', change: set('condition', 'New'), keyword: 'enum', path: '/condition' },
      {
        name: 'age group spelt all_ages',
        change: set('age_group', 'all_ages'),
        keyword: 'enum',
        path: '/age_group',
      },
      { name: 'title over 200', change: set('title', 'x'.repeat(201)), keyword: 'maxLength', path: '/title' },
      { name: 'id over 100', change: set('id', '1'.repeat(101)), keyword: 'maxLength', path: '/id' },
      { name: 'relative link', change: set('link', '/p/1001'), keyword: 'format', path: '/link' },
      {
        name: 'link on a Facebook domain',
        change: set('link', 'https://www.facebook.com/shop/1001'),
        keyword: 'pattern',
        path: '/link',
      },
      { name: 'bad GTIN check digit', change: set('gtin', BAD_GTIN), keyword: 'gtin', path: '/gtin' },
      { name: 'price with a comma', change: set('price', '129,00 DKK'), keyword: 'format', path: '/price' },
      { name: 'price 0', change: set('price', '0.00 DKK'), keyword: 'format', path: '/price' },
      { name: 'sale price 0', change: set('sale_price', '0 DKK'), keyword: 'format', path: '/sale_price' },
      {
        name: 'HTML in description',
        change: set('description', 'Varme <b>sokker</b>'),
        keyword: 'pattern',
        path: '/description',
      },
      { name: 'size with a Size prefix', change: set('size', 'Size M'), keyword: 'pattern', path: '/size' },
      { name: 'hex colour', change: set('color', '#808080'), keyword: 'pattern', path: '/color' },
      {
        name: '21 additional images',
        change: set('additional_image_link', Array(21).fill('https://www.nordisk-uld.dk/i.jpg')),
        keyword: 'maxItems',
        path: '/additional_image_link',
      },
      {
        name: 'no brand, gtin or mpn',
        change: remove('brand', 'gtin', 'mpn'),
        keyword: 'required',
        path: '',
        missing: 'brand',
      },
      {
        name: 'negative quantity',
        change: set('quantity_to_sell_on_facebook', -1),
        keyword: 'minimum',
        path: '/quantity_to_sell_on_facebook',
      },
      { name: 'unknown field', change: set('inventory', '3'), keyword: 'additionalProperties', path: '' },
    ],
    allowed: [
      { name: 'no brand when gtin is given', change: remove('brand', 'mpn') },
      { name: 'no brand when mpn is given', change: remove('brand', 'gtin') },
      { name: 'a colour word made of hex letters', change: set('color', 'beaded') },
      { name: 'size that contains the word', change: set('size', 'One size') },
      // The API's full enums (channels-2026.md:73-74).
      { name: 'availability discontinued', change: set('availability', 'discontinued') },
      { name: 'availability mark_as_sold', change: set('availability', 'mark_as_sold') },
      { name: 'condition used_good', change: set('condition', 'used_good') },
      { name: 'condition open_box_new', change: set('condition', 'open_box_new') },
    ],
    availability: { in_stock: true, out_of_stock: true, preorder: true, backorder: true },
  },

  klarna: {
    valid: {
      'SKU/ID': 'DK-1001',
      Name: 'Nordisk Uld uldsokker, grå, str. 40-42',
      Price: '129.00 DKK',
      'Shipping cost': '39.00 DKK',
      'Stock status': 'in stock',
      'EAN/GTIN': GTIN,
      URL: 'https://www.nordisk-uld.dk/p/1001',
      'Image URL': 'https://www.nordisk-uld.dk/img/1001.jpg',
      Category: 'Tøj > Sokker',
      Manufacturer: 'Nordisk Uld',
      MPN: 'NU-1001',
      Description: 'Varme sokker i 80 % merinould; 2 < 3.',
      Colour: 'grå',
      Size: '40-42',
      'Delivery time': '1-3 dage',
    },
    pending: ['Delivery time'],
    violations: [
      { name: 'missing Price', change: remove('Price'), keyword: 'required', path: '', missing: 'Price' },
      { name: 'missing SKU/ID', change: remove('SKU/ID'), keyword: 'required', path: '', missing: 'SKU/ID' },
      {
        name: 'canonical spelling in_stock',
        change: set('Stock status', 'in_stock'),
        keyword: 'enum',
        path: '/Stock status',
      },
      { name: 'price without currency', change: set('Price', '129'), keyword: 'format', path: '/Price' },
      { name: 'bad URL', change: set('URL', 'www.nordisk-uld.dk/p/1001'), keyword: 'format', path: '/URL' },
      {
        name: 'bad GTIN check digit',
        change: set('EAN/GTIN', BAD_GTIN),
        keyword: 'gtin',
        path: '/EAN~1GTIN',
      },
      { name: 'price 0', change: set('Price', '0.00 DKK'), keyword: 'format', path: '/Price' },
      {
        name: 'HTML in a field',
        change: set('Description', 'Varme <b>sokker</b>'),
        keyword: 'pattern',
        path: '/Description',
      },
      {
        name: 'script in a field',
        change: set('Manufacturer', '<script>x</script>'),
        keyword: 'pattern',
        path: '/Manufacturer',
      },
    ],
    allowed: [
      { name: 'a long name (Klarna publishes no limits)', change: set('Name', 'x'.repeat(500)) },
      // The writer picks a qualifier no value of the file holds (quote: qualified).
      { name: 'quotes inside a field', change: set('Name', `12" pan, 'Chef's' edition`) },
      {
        name: 'only the three required columns',
        change: (item) => {
          for (const name of Object.keys(item))
            if (!['SKU/ID', 'Name', 'Price'].includes(name)) delete item[name];
        },
      },
    ],
    availability: { in_stock: true, out_of_stock: true, preorder: true, backorder: true },
  },

  openai: {
    valid: {
      item_id: '000123',
      title: 'Nordisk Uld uldsokker, grå, 40-42',
      description: 'Varme sokker i 80 % merinould.',
      url: 'https://www.nordisk-uld.dk/p/1001?size=40-42',
      brand: 'Nordisk Uld',
      image_url: 'https://www.nordisk-uld.dk/img/1001.jpg',
      availability: 'pre_order',
      price: '129.00 USD',
      group_id: 'DK-1000',
      sale_price: '99.00 USD',
      gtin: GTIN,
      mpn: 'NU-1001',
      condition: 'new',
      product_category: 'Apparel & Accessories > Clothing > Socks',
      material: 'merino wool',
      color: 'Grey',
      size: '40-42',
      gender: 'unisex',
      age_group: 'adult',
      additional_image_urls: ['https://www.nordisk-uld.dk/img/1001-2.jpg'],
      shipping_price: '0.00 USD',
      seller_name: 'Nordisk Uld ApS',
      seller_url: 'https://www.nordisk-uld.dk',
      seller_privacy_policy: 'https://www.nordisk-uld.dk/privacy',
      seller_tos: 'https://www.nordisk-uld.dk/terms',
      return_policy: 'https://www.nordisk-uld.dk/returns',
      accepts_returns: true,
      return_deadline_in_days: 30,
      accepts_exchanges: false,
      is_eligible_search: true,
      is_eligible_checkout: true,
      is_ads_eligible: false,
      ads_metadata: { custom_label_0: 'winter' },
      listing_has_variations: true,
      variant_dict: { color: 'Grey', size: '40-42' },
      offer_id: 'O-1001',
      length: '25',
      width: '10',
      height: '2.5',
      dimensions_unit: 'cm',
      weight: '0.2',
      item_weight_unit: 'kg',
      shipping: 'US::Standard:5.00 USD',
      review_count: 0,
      star_rating: '4.75',
      store_review_count: 120,
      store_star_rating: '5',
      target_countries: ['US'],
      store_country: 'US',
      marketplace_seller: 'Nordisk Uld ApS',
      size_system: 'EU',
      is_digital: false,
    },
    pending: [
      'seller_name',
      'seller_url',
      'seller_privacy_policy',
      'seller_tos',
      'return_policy',
      'accepts_returns',
      'return_deadline_in_days',
      'accepts_exchanges',
      'is_eligible_search',
      'is_eligible_checkout',
      'is_ads_eligible',
      'ads_metadata',
      'listing_has_variations',
      'variant_dict',
      'offer_id',
      'length',
      'width',
      'height',
      'dimensions_unit',
      'weight',
      'item_weight_unit',
      'shipping',
      'review_count',
      'star_rating',
      'store_review_count',
      'store_star_rating',
      'marketplace_seller',
      'size_system',
      'is_digital',
    ],
    violations: [
      {
        name: 'missing item_id',
        change: remove('item_id'),
        keyword: 'required',
        path: '',
        missing: 'item_id',
      },
      {
        name: 'v1 name link',
        change: set('link', 'https://x.dk/p'),
        keyword: 'additionalProperties',
        path: '',
      },
      {
        name: 'Google spelling preorder',
        change: set('availability', 'preorder'),
        keyword: 'enum',
        path: '/availability',
      },
      { name: 'title over 150', change: set('title', 'x'.repeat(151)), keyword: 'maxLength', path: '/title' },
      { name: 'size over 20', change: set('size', 'x'.repeat(21)), keyword: 'maxLength', path: '/size' },
      {
        name: 'credentials in the URL',
        change: set('url', 'https://shop:secret@www.nordisk-uld.dk/p/1001'),
        keyword: 'pattern',
        path: '/url',
      },
      {
        name: 'bad image URL',
        change: set('image_url', 'img/1001.jpg'),
        keyword: 'format',
        path: '/image_url',
      },
      { name: 'bad GTIN check digit', change: set('gtin', BAD_GTIN), keyword: 'gtin', path: '/gtin' },
      { name: 'zero price', change: set('price', '0.00 USD'), keyword: 'format', path: '/price' },
      { name: 'placeholder brand', change: set('brand', 'N/A'), keyword: 'not', path: '/brand' },
      {
        name: 'boolean as text',
        change: set('is_eligible_search', 'true'),
        keyword: 'type',
        path: '/is_eligible_search',
      },
      {
        name: 'checkout without terms of service',
        change: remove('seller_tos'),
        keyword: 'required',
        path: '',
        missing: 'seller_tos',
      },
      {
        name: 'checkout with search off',
        change: set('is_eligible_search', false),
        keyword: 'const',
        path: '/is_eligible_search',
      },
      {
        name: 'variant row without group_id',
        change: remove('group_id'),
        keyword: 'required',
        path: '',
        missing: 'group_id',
      },
      {
        name: 'return deadline without returns',
        change: set('accepts_returns', false),
        keyword: 'const',
        path: '/accepts_returns',
      },
      {
        name: 'weight without unit',
        change: remove('item_weight_unit'),
        keyword: 'required',
        path: '',
        missing: 'item_weight_unit',
      },
      { name: 'zero length', change: set('length', '0.0'), keyword: 'pattern', path: '/length' },
      // Served versions disagree on these (channels-2026.md:18-19): every row carries all four.
      ...['is_eligible_search', 'is_eligible_checkout', 'target_countries', 'store_country'].map(
        (missing) => ({
          name: `missing ${missing}`,
          change: remove(missing),
          keyword: 'required',
          path: '',
          missing,
        }),
      ),
      {
        name: 'store country not an ISO code',
        change: set('store_country', 'Denmark'),
        keyword: 'pattern',
        path: '/store_country',
      },
      {
        name: 'star rating over 5',
        change: set('star_rating', '5.5'),
        keyword: 'pattern',
        path: '/star_rating',
      },
    ],
    allowed: [
      { name: 'availability unknown', change: set('availability', 'unknown') },
      {
        name: 'search only: checkout off, no seller policies',
        change: (item) => {
          item.is_eligible_checkout = false;
          remove('seller_privacy_policy', 'seller_tos')(item);
        },
      },
      { name: 'sale price equal to price (OpenAI ignores it)', change: set('sale_price', '129.00 USD') },
    ],
    availability: { in_stock: true, out_of_stock: true, preorder: true, backorder: true },
  },
};

/** A canonical product with every canonical field filled. */
const product: CanonicalProduct = {
  id: 'DK-1001',
  title: 'Uldsokker, grå, str. 40-42',
  description: 'Varme sokker i merinould.',
  link: 'https://www.nordisk-uld.dk/p/1001',
  image_link: 'https://www.nordisk-uld.dk/img/1001.jpg',
  additional_image_link: [
    'https://www.nordisk-uld.dk/img/1001-2.jpg',
    'https://www.nordisk-uld.dk/img/1001-3.jpg',
  ],
  price: { amount: 129, currency: 'DKK' },
  sale_price: { amount: 99, currency: 'DKK' },
  sale_price_effective_date: {
    start: '2026-12-01T00:00+01:00',
    end: '2026-12-24T23:59+01:00',
    start_ms: Date.parse('2026-12-01T00:00+01:00'),
    end_ms: Date.parse('2026-12-24T23:59+01:00'),
  },
  availability: 'in_stock',
  condition: 'new',
  brand: 'Nordisk Uld',
  gtin: [GTIN],
  mpn: 'NU-1001',
  google_product_category: '209',
  product_type: 'Tøj > Sokker',
  color: 'grå',
  size: '40-42',
  gender: 'unisex',
  age_group: 'adult',
  material: 'merinould',
  pattern: 'striped',
  item_group_id: 'DK-1000',
  has_variants: true,
  options: { color: 'grå', size: '40-42' },
  shipping_weight: '0.2 kg',
  unit_pricing_measure: '750ml',
  unit_pricing_base_measure: '1l',
  shipping_cost: { amount: 39, currency: 'DKK' },
  shipping_country: 'DK',
  shipping_service: 'Standard',
  quantity: 12,
  identifier_exists: 'yes',
  adult: 'no',
  custom_label_0: 'vinter',
  custom_label_1: 'a',
  custom_label_2: 'b',
  custom_label_3: 'c',
  custom_label_4: 'd',
  delivery_time: '1-3 dage',
  description_html: '<p>Varme sokker i <b>merinould</b>.</p>',
  fb_product_category: 'clothing & accessories > clothing > socks',
  seller_name: 'Nordisk Uld ApS',
  seller_url: 'https://www.nordisk-uld.dk',
  seller_privacy_policy: 'https://www.nordisk-uld.dk/privatliv',
  seller_tos: 'https://www.nordisk-uld.dk/handelsbetingelser',
  return_policy: 'https://www.nordisk-uld.dk/retur',
  accepts_returns: true,
  return_window_days: 30,
  enable_search: true,
  enable_checkout: false,
  video_link: ['https://www.nordisk-uld.dk/video/1001.mp4'],
  offer_disclaimer: 'Tilbuddet gælder til og med 24.12.',
  product_priority_0: 0.5,
  product_priority_1: 1,
  product_priority_2: 0,
  product_priority_3: 0.25,
  product_priority_4: 0.75,
  target_countries: ['DK'],
  store_country: 'DK',
};

const codes = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => ({
    keyword: e.keyword,
    path: e.instancePath,
    missing: (e.params as { missingProperty?: string }).missingProperty,
  }));

describe.each(Object.entries(cases))('channel %s', (name, c) => {
  const channel = loadBuiltinChannel(name);
  const { definition, schema } = channel;
  const properties = schema.properties as Record<string, PropertySchema>;
  const validate = createAjv({ taxonomy: taxonomyOf(readGoogleTaxonomy()) }).compile(schema);
  const fieldNames = definition.fields.map((field) => field.name);

  it('accepts a complete item with every property', () => {
    expect(Object.keys(c.valid).sort()).toEqual(Object.keys(properties).sort());
    expect(validate(c.valid), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(c.violations)('rejects $name ($keyword at "$path")', ({ change, keyword, path, missing }) => {
    const item = structuredClone(c.valid);
    change(item);
    expect(validate(item)).toBe(false);
    expect(codes(validate.errors)).toContainEqual({ keyword, path, missing });
  });

  it.each(c.allowed)('allows $name', ({ change }) => {
    const item = structuredClone(c.valid);
    change(item);
    expect(validate(item), JSON.stringify(validate.errors)).toBe(true);
  });

  it('gives every property a title and a description that cites channels.md', () => {
    for (const [field, property] of Object.entries(properties)) {
      expect(typeof property.title === 'string' && property.title !== '', `${field} title`).toBe(true);
      expect(String(property.description), `${field} description`).toMatch(/channels(-2026)?\.md:\d+/);
    }
  });

  it('defines in the schema exactly the fields of the yaml, plus the ones waiting for canonical fields', () => {
    for (const field of fieldNames) expect(properties, field).toHaveProperty([field]);
    const schemaOnly = Object.keys(properties).filter((field) => !fieldNames.includes(field));
    expect(schemaOnly.sort()).toEqual(c.pending.filter((field) => !fieldNames.includes(field)).sort());
    for (const field of schema.required as string[]) expect(fieldNames, `required ${field}`).toContain(field);
    expect(fieldNames).toContain(definition.key);
    expect(new Set(fieldNames).size).toBe(fieldNames.length);
  });

  it('maps canonical values only to spellings the schema allows', () => {
    for (const field of definition.fields) {
      for (const target of Object.values(field.values ?? {})) {
        expect(properties[field.name]?.enum, `${field.name}: ${target}`).toContain(target);
      }
    }
  });

  it('accepts a full canonical product projected through the yaml', () => {
    const fields = compileProjection(definition, new Set(CANONICAL_FIELD_NAMES));
    const item = itemProjector(fields, false)(
      product,
      undefined,
      fields.map(() => 0),
    );
    expect(validate(item), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(item).sort()).toEqual([...fieldNames].sort());
  });

  it('judges a reused item (empty fields set to undefined) exactly as a fresh one', () => {
    const fields = compileProjection(definition, new Set(CANONICAL_FIELD_NAMES));
    expect(undefinedMeansAbsent(schema, fieldNames)).toBe(true);
    const fresh = itemProjector(fields, false);
    const reused = itemProjector(fields, true);
    const records: CanonicalProduct[] = [
      product,
      { ...product, gtin: undefined, mpn: undefined },
      { ...product, title: undefined, price: undefined, availability: 'nonsense' },
      { id: 'only-an-id' },
      product,
    ];
    for (const record of records) {
      const a = fresh(
        record,
        undefined,
        fields.map(() => 0),
      );
      const validA = validate(a);
      const errorsA = JSON.stringify(validate.errors);
      const b = reused(
        record,
        undefined,
        fields.map(() => 0),
      );
      expect(validate(b)).toBe(validA);
      expect(JSON.stringify(validate.errors)).toBe(errorsA);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    }
  });

  it.each(Object.entries(c.availability))('canonical availability %s: accepted %s', (value, accepted) => {
    const fields = compileProjection(definition, new Set(CANONICAL_FIELD_NAMES));
    const item = itemProjector(fields, true)(
      { ...product, availability: value },
      undefined,
      fields.map(() => 0),
    );
    expect(validate(item)).toBe(accepted);
  });
});

describe('undefinedMeansAbsent', () => {
  it('refuses schemas that count or list the keys of an item', () => {
    const fields = ['id', 'title'];
    const properties = { id: { type: 'string' }, title: { type: 'string' } };
    expect(undefinedMeansAbsent({ type: 'object', properties, required: ['id'] }, fields)).toBe(true);
    expect(undefinedMeansAbsent({ properties, additionalProperties: false }, fields)).toBe(true);
    expect(undefinedMeansAbsent({ properties: { id: {} }, additionalProperties: false }, fields)).toBe(false);
    expect(undefinedMeansAbsent({ properties, minProperties: 2 }, fields)).toBe(false);
    expect(undefinedMeansAbsent({ allOf: [{ propertyNames: { pattern: '^i' } }] }, fields)).toBe(false);
    // The schema is built from JSON: `then` here is the JSON Schema keyword, not a promise.
    const conditional = JSON.parse('{"if":{"required":["id"]},"then":{"maxProperties":1}}');
    expect(undefinedMeansAbsent(conditional, fields)).toBe(false);
    expect(undefinedMeansAbsent({ $ref: '#/definitions/item' }, fields)).toBe(false);
    expect(undefinedMeansAbsent({ dependencies: { id: { minProperties: 2 } } }, fields)).toBe(false);
    expect(undefinedMeansAbsent({ dependencies: { id: ['title'] } }, fields)).toBe(true);
    // A nested object's keywords are about a value, not the item.
    expect(undefinedMeansAbsent({ properties: { id: { type: 'object', minProperties: 1 } } }, fields)).toBe(
      true,
    );
  });
});

describe('forItems', () => {
  const schema = {
    $id: 'https://example.com/x.schema.json',
    type: 'object',
    additionalProperties: false,
    properties: {
      id: { type: 'string', not: { pattern: '^(?:n/a|null)$' } },
      brand: { type: 'string', not: { enum: ['generic', 'no brand'] } },
      title: { type: 'string', not: { pattern: 'x', minLength: 3 } },
    },
  };

  it('drops additionalProperties only when the schema names every field', () => {
    expect(forItems(schema, ['id', 'brand']).compiled.additionalProperties).toBeUndefined();
    expect(forItems(schema, ['id', 'extra']).compiled.additionalProperties).toBe(false);
  });

  it('compiles only the properties of fields the items hold, and judges those items as the whole schema', () => {
    expect(Object.keys(forItems(schema, ['id', 'title']).compiled.properties as object)).toEqual([
      'id',
      'title',
    ]);
    // Two field sets of one schema are two validators, not the first one's twice.
    const [short, long] = [['id'], ['id', 'brand']].map((fields) => forItems(schema, fields).key);
    expect(short).not.toBe(long);
    const required = { ...schema, $id: undefined, required: ['id', 'brand'] };
    const validate = compileValidator(createAjv(), required, ['id', 'title']);
    const plain = createAjv().compile(required);
    const items = [
      { id: 'A-1', title: 'xyz' },
      { id: 'n/a' },
      { title: 'xy' },
      { id: 3, title: 4 },
    ] as never[];
    for (const item of items) {
      expect(validate(item)).toBe(plain(item));
      expect(validate.issues(item).length).toBe(plain.errors?.length ?? 0);
    }
  });

  it('refuses what `not: { pattern }` and `not: { enum }` refuse, with the same issue', () => {
    const validate = compileValidator(createAjv(), schema, ['id', 'brand', 'title']);
    const plain = createAjv().compile({ ...schema, $id: undefined });
    const items = [
      { id: 'A-1', brand: 'Acme', title: 'xyz' },
      { id: 'n/a', brand: 'generic', title: 'xy' },
      { id: 7, brand: 'no brand' },
      { id: 'null', title: 'abc' },
    ] as never[];
    for (const item of items) {
      expect(validate(item)).toBe(plain(item));
      if (!validate(item)) {
        expect(validate.issues(item).map((issue) => [issue.type, issue.field])).toEqual(
          (plain.errors ?? []).map((error) => [
            error.keyword === 'not' ? 'invalid-value' : 'invalid-value-type',
            error.instancePath.slice(1),
          ]),
        );
      }
    }
  });

  it('reads a `not: { pattern }` as ajv reads a pattern: in Unicode mode', () => {
    const unicode = {
      type: 'object',
      properties: {
        // One code point (an emoji is two UTF-16 units); an upper-case letter by its property.
        mark: { type: 'string', not: { pattern: '^.$' } },
        title: { type: 'string', not: { pattern: '^\\p{Lu}+$' } },
      },
    };
    const validate = compileValidator(createAjv(), unicode, ['mark', 'title']);
    const plain = createAjv().compile(unicode);
    const items = [{ mark: '😀' }, { mark: 'ab' }, { title: 'ÉCLAIR' }, { title: 'p{Lu}' }] as never[];
    expect(items.map((item) => validate(item))).toEqual([false, true, false, true]);
    for (const item of items) expect(validate(item)).toBe(plain(item));
  });
});
