// Deterministic supplier CSV for `npm run bench`: N rows × the 25 columns the performance
// issue fixes. Every row has a quoted HTML description (350–650 chars, with a comma and a
// "quoted" phrase); sale_price is empty in most rows; availability comes in mixed spellings;
// 0–3 extra image URLs joined by "|"; EAN-13s are valid.
import { createWriteStream } from 'node:fs';

export const COLUMNS = [
  'sku',
  'ean13',
  'mpn',
  'title',
  'description',
  'brand',
  'price',
  'sale_price',
  'currency',
  'stock_qty',
  'availability',
  'category_path',
  'color',
  'size',
  'material',
  'gender',
  'age_group',
  'weight_kg',
  'image_url',
  'additional_images',
  'product_url',
  'condition',
  'shipping_cost',
  'supplier_id',
  'updated_at',
];

/** Small fast PRNG (mulberry32) so every run writes the same bytes. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BRANDS = ['Nordisk Uld', 'Skagen Rain', 'Acme', 'Fjeldkraft', 'Havtorn', 'Lindberg & Co'];
const NOUNS = [
  'Jacket',
  'Sweater',
  'Scarf',
  'Beanie',
  'Gloves',
  'Socks',
  'Boots',
  'Backpack',
  'Cardigan',
  'Raincoat',
];
const ADJECTIVES = ['Warm', 'Light', 'Classic', 'Waterproof', 'Soft', 'Organic', 'Slim', 'Rugged'];
const COLORS = ['Black', 'Navy', 'Grey', 'Red', 'Green', 'Beige', 'Yellow', 'White'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', '38', '40', '42', '44', 'One size'];
const MATERIALS = ['Wool', 'Cotton', 'Polyester', 'Merino wool', 'Nylon', 'Leather'];
const GENDERS = ['Male', 'Female', 'Unisex'];
const AGES = ['adult', 'adult', 'adult', 'kids'];
const AVAILABILITY = [
  'In Stock',
  'in stock',
  'IN_STOCK',
  'Out of Stock',
  'OUT_OF_STOCK',
  'preorder',
  'Backorder',
];
const CONDITIONS = ['', '', '', 'New', 'new', 'Used', 'Refurbished'];
const CATEGORIES = [
  'Apparel > Outerwear > Jackets',
  'Apparel > Knitwear',
  'Accessories > Hats',
  'Footwear > Boots',
  'Bags > Backpacks',
];
const WORDS =
  'soft durable warm breathable classic modern organic recycled lightweight comfortable stylish practical premium everyday outdoor winter summer cozy sturdy elegant'.split(
    ' ',
  );

function ean13(body12) {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3);
  return body12 + ((10 - (sum % 10)) % 10);
}

function description(rnd, title) {
  const target = 350 + Math.floor(rnd() * 300);
  let html = `<p>The <strong>${title}</strong> is made for "everyday adventures", and built to last.</p><ul>`;
  while (html.length < target - 40) {
    const a = WORDS[Math.floor(rnd() * WORDS.length)];
    const b = WORDS[Math.floor(rnd() * WORDS.length)];
    html += `<li>${a[0].toUpperCase()}${a.slice(1)} and ${b} design &amp; finish</li>`;
  }
  return `${html}</ul>`;
}

const quote = (value) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Write `rows` rows to `path`; resolves when the file is complete. */
export async function generate(path, rows, seed = 42) {
  const rnd = random(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const write = (text) =>
    out.write(text) ? undefined : new Promise((resolve) => out.once('drain', resolve));
  await write(`${COLUMNS.join(',')}\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const pick = (list) => list[Math.floor(rnd() * list.length)];
    const sku = `SKU-${String(i).padStart(8, '0')}`;
    const title = `${pick(ADJECTIVES)} ${pick(NOUNS)} ${pick(COLORS)}`;
    const price = (5 + rnd() * 495).toFixed(2);
    const sale = rnd() < 0.15 ? (Number(price) * 0.8).toFixed(2) : '';
    const images = Array.from(
      { length: Math.floor(rnd() * 4) },
      (_, k) => `https://cdn.example.com/img/${sku}-${k + 2}.jpg`,
    ).join('|');
    const row = [
      sku,
      ean13(String(5700000000000 + i * 7).slice(0, 12)),
      `MPN${(i * 31) % 999983}`,
      title,
      description(rnd, title),
      pick(BRANDS),
      price,
      sale,
      'DKK',
      String(Math.floor(rnd() * 200)),
      pick(AVAILABILITY),
      pick(CATEGORIES),
      pick(COLORS),
      pick(SIZES),
      pick(MATERIALS),
      pick(GENDERS),
      pick(AGES),
      (0.1 + rnd() * 3).toFixed(2),
      `https://cdn.example.com/img/${sku}.jpg`,
      images,
      `https://shop.example.com/p/${sku}`,
      pick(CONDITIONS),
      (rnd() * 60).toFixed(2),
      `SUP-${i % 97}`,
      `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
    ];
    chunk += `${row.map(quote).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}

const escapeXml = (value) => value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Column → Google RSS element, for the XML bench (prices get their currency, as in a real feed). */
const RSS = [
  ['sku', 'g:id'],
  ['title', 'title'],
  ['description', 'description'],
  ['product_url', 'link'],
  ['image_url', 'g:image_link'],
  ['ean13', 'g:gtin'],
  ['mpn', 'g:mpn'],
  ['brand', 'g:brand'],
  ['availability', 'g:availability'],
  ['condition', 'g:condition'],
  ['category_path', 'g:product_type'],
  ['color', 'g:color'],
  ['size', 'g:size'],
  ['material', 'g:material'],
  ['gender', 'g:gender'],
  ['age_group', 'g:age_group'],
];

/**
 * The same rows as a Google-style RSS 2.0 feed: Google's element names in the g: namespace,
 * prices with their currency, weights with their unit, one element per extra image, empty
 * values left out. The XML bench maps it with bench/mapping-rss.yaml and must write the very
 * same feed as the CSV run.
 */
export async function generateXml(csvPath, xmlPath) {
  const { parse } = await import('csv-parse');
  const { createReadStream } = await import('node:fs');
  const out = createWriteStream(xmlPath, { highWaterMark: 1 << 20 });
  const write = (text) =>
    out.write(text) ? undefined : new Promise((resolve) => out.once('drain', resolve));
  await write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">\n<channel>\n<title>bench</title>\n',
  );
  let chunk = '';
  const element = (name, value) => (value === '' ? '' : `<${name}>${escapeXml(value)}</${name}>`);
  for await (const row of createReadStream(csvPath).pipe(parse({ columns: true }))) {
    chunk += '<item>';
    for (const [column, name] of RSS) chunk += element(name, row[column]);
    chunk += element('g:price', `${row.price} ${row.currency}`);
    if (row.sale_price !== '') chunk += element('g:sale_price', `${row.sale_price} ${row.currency}`);
    if (row.weight_kg !== '') chunk += element('g:shipping_weight', `${row.weight_kg} kg`);
    for (const image of row.additional_images.split('|')) chunk += element('g:additional_image_link', image);
    chunk += '</item>\n';
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(`${chunk}</channel>\n</rss>\n`);
  await new Promise((resolve) => out.end(resolve));
}
