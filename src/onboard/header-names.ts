import type { CanonicalField } from '../model/canonical.js';

/** Languages whose column names `feedkit init` recognises. */
export type HeaderLanguage = 'da' | 'de' | 'en' | 'sv';

/**
 * Column names suppliers and shop systems use for each canonical field, per language, most
 * likely first. Written as they appear in files; matching ignores case, punctuation and
 * `_`/`-`/`/` (see `normalizeHeader`). Names of export formats (Magento, WooCommerce,
 * Shopify, Google/Meta feeds) are listed under `en`. Words are ordinary vocabulary of the
 * four languages; no other project's table was copied.
 */
export const HEADER_NAMES: Partial<Record<CanonicalField, Record<HeaderLanguage, readonly string[]>>> = {
  id: {
    da: ['Varenummer', 'Varenr', 'Vare nr', 'Varekode', 'Produktnummer', 'Produktnr', 'Artikelnummer'],
    de: ['Artikelnummer', 'Artikelnr', 'Art-Nr', 'ArtNr', 'Artikel-ID', 'Produktnummer', 'Bestellnummer'],
    en: [
      'SKU',
      'Variant SKU',
      'id',
      'Item ID',
      'Product ID',
      'Item number',
      'Article number',
      'Product code',
    ],
    sv: ['Artikelnummer', 'Artikelnr', 'Art nr', 'Produktnummer', 'Produkt-ID'],
  },
  title: {
    da: ['Navn', 'Varenavn', 'Produktnavn', 'Titel', 'Betegnelse', 'Varebetegnelse'],
    de: ['Bezeichnung', 'Artikelbezeichnung', 'Produktname', 'Artikelname', 'Name', 'Titel'],
    en: ['title', 'name', 'Product name', 'Item name', 'Product title'],
    sv: ['Benämning', 'Namn', 'Produktnamn', 'Artikelnamn', 'Titel', 'Artikelbenämning'],
  },
  description: {
    da: ['Beskrivelse', 'Varebeskrivelse', 'Produktbeskrivelse', 'Lang beskrivelse', 'Kort beskrivelse'],
    de: ['Beschreibung', 'Artikelbeschreibung', 'Produktbeschreibung', 'Langtext', 'Kurzbeschreibung'],
    en: ['description', 'Body (HTML)', 'Long description', 'Product description', 'Short description'],
    sv: ['Beskrivning', 'Produktbeskrivning', 'Artikelbeskrivning', 'Lång beskrivning', 'Kort beskrivning'],
  },
  link: {
    da: ['Link', 'Produktlink', 'URL', 'Webadresse', 'Produkt-URL'],
    de: ['Link', 'Produktlink', 'URL', 'Produkt-URL', 'Deeplink'],
    en: ['link', 'URL', 'Product URL', 'Product link', 'Deeplink', 'Permalink'],
    sv: ['Länk', 'Produktlänk', 'URL', 'Produkt-URL'],
  },
  image_link: {
    da: ['Billede', 'Billeder', 'Billede URL', 'Billedlink', 'Hovedbillede', 'Foto'],
    de: ['Bild', 'Bilder', 'Bild-URL', 'Bildlink', 'Hauptbild', 'Foto', 'Abbildung'],
    en: ['image_link', 'Image', 'Images', 'Image Src', 'Image URL', 'base_image', 'Main image', 'Picture'],
    sv: ['Bild', 'Bilder', 'Bildlänk', 'Bild-URL', 'Huvudbild', 'Foto'],
  },
  additional_image_link: {
    da: ['Ekstra billeder', 'Flere billeder', 'Ekstra billede', 'Andre billeder'],
    de: ['Weitere Bilder', 'Zusatzbilder', 'Zusätzliche Bilder'],
    en: ['additional_image_link', 'additional_images', 'Additional images', 'More images', 'Gallery'],
    sv: ['Fler bilder', 'Extra bilder', 'Övriga bilder'],
  },
  price: {
    da: ['Pris', 'Salgspris', 'Udsalgspris', 'Vejledende pris', 'Pris inkl moms', 'Pris inkl. moms'],
    de: ['Preis', 'Verkaufspreis', 'VK', 'VK-Preis', 'Bruttopreis', 'Preis brutto', 'UVP'],
    en: ['price', 'Regular price', 'Variant Price', 'Retail price', 'Sales price', 'Unit price'],
    sv: ['Pris', 'Försäljningspris', 'Ordinarie pris', 'Pris inkl moms', 'Cirkapris'],
  },
  sale_price: {
    da: ['Tilbudspris', 'Udsalg', 'Kampagnepris', 'Nedsat pris'],
    de: ['Angebotspreis', 'Sonderpreis', 'Aktionspreis', 'Reduzierter Preis'],
    en: ['sale_price', 'Sale price', 'special_price', 'Special price', 'Offer price'],
    sv: ['Kampanjpris', 'Reapris', 'Erbjudandepris', 'Nedsatt pris'],
  },
  availability: {
    da: ['Lagerstatus', 'Tilgængelighed', 'På lager', 'Lager status'],
    de: ['Verfügbarkeit', 'Lagerstatus', 'Lieferstatus', 'Auf Lager'],
    en: ['availability', 'In stock?', 'is_in_stock', 'Stock status', 'In stock'],
    sv: ['Tillgänglighet', 'Lagerstatus', 'I lager', 'Lagersaldo status'],
  },
  quantity: {
    da: ['Lager', 'Antal', 'Lagerantal', 'Beholdning', 'Lagerbeholdning', 'Antal på lager'],
    de: ['Bestand', 'Lagerbestand', 'Menge', 'Anzahl', 'Lager'],
    en: ['quantity', 'qty', 'Stock', 'Variant Inventory Qty', 'Inventory', 'Stock quantity'],
    sv: ['Lagersaldo', 'Antal', 'Lager', 'Saldo', 'Antal i lager'],
  },
  condition: {
    da: ['Stand', 'Tilstand', 'Varens stand'],
    de: ['Zustand', 'Artikelzustand'],
    en: ['condition', 'Google Shopping / Condition', 'Item condition'],
    sv: ['Skick', 'Tillstånd'],
  },
  brand: {
    da: ['Mærke', 'Brand', 'Varemærke', 'Producent', 'Fabrikat'],
    de: ['Marke', 'Hersteller', 'Markenname', 'Fabrikat'],
    en: ['brand', 'Vendor', 'Manufacturer', 'Make'],
    sv: ['Varumärke', 'Märke', 'Tillverkare', 'Fabrikat'],
  },
  gtin: {
    da: ['EAN', 'Stregkode', 'EAN-nummer', 'EAN nr', 'GTIN'],
    de: ['EAN', 'GTIN', 'Barcode', 'EAN-Code', 'Strichcode'],
    en: ['gtin', 'EAN', 'Barcode', 'Variant Barcode', 'UPC', 'EAN13', 'ISBN'],
    sv: ['EAN', 'Streckkod', 'GTIN', 'EAN-kod'],
  },
  mpn: {
    da: ['Producentens varenummer', 'Leverandørens varenummer', 'Leverandør varenr', 'MPN'],
    de: ['Herstellernummer', 'Hersteller-Artikelnummer', 'Herstellerartikelnummer', 'MPN'],
    en: ['mpn', 'Google Shopping / MPN', 'Manufacturer part number', 'Part number'],
    sv: ['Tillverkarens artikelnummer', 'Leverantörens artikelnummer', 'MPN'],
  },
  google_product_category: {
    da: ['Google kategori', 'Google produktkategori'],
    de: ['Google Kategorie', 'Google Produktkategorie'],
    en: ['google_product_category', 'Google Shopping / Google Product Category', 'Google category'],
    sv: ['Google kategori', 'Google produktkategori'],
  },
  fb_product_category: {
    da: ['Facebook kategori'],
    de: ['Facebook Kategorie'],
    en: ['fb_product_category', 'Facebook product category'],
    sv: ['Facebook kategori'],
  },
  product_type: {
    da: ['Kategori', 'Varegruppe', 'Produktkategori', 'Kategorier', 'Produktgruppe'],
    de: ['Kategorie', 'Warengruppe', 'Produktkategorie', 'Kategorien', 'Produktgruppe'],
    en: ['product_type', 'category', 'categories', 'Product Category', 'Type', 'Product type'],
    sv: ['Kategori', 'Varugrupp', 'Produktkategori', 'Kategorier', 'Produktgrupp'],
  },
  color: {
    da: ['Farve', 'Farver'],
    de: ['Farbe', 'Farben'],
    en: ['color', 'colour'],
    sv: ['Färg', 'Färger'],
  },
  size: {
    da: ['Størrelse', 'Str'],
    de: ['Größe', 'Groesse', 'Gr'],
    en: ['size'],
    sv: ['Storlek', 'Strl'],
  },
  gender: {
    da: ['Køn', 'Målgruppe'],
    de: ['Geschlecht', 'Zielgruppe'],
    en: ['gender', 'Google Shopping / Gender', 'Sex'],
    sv: ['Kön', 'Målgrupp'],
  },
  age_group: {
    da: ['Aldersgruppe', 'Alder'],
    de: ['Altersgruppe', 'Alter'],
    en: ['age_group', 'Google Shopping / Age Group', 'Age group', 'Age'],
    sv: ['Åldersgrupp', 'Ålder'],
  },
  material: {
    da: ['Materiale', 'Materialer', 'Stof'],
    de: ['Material', 'Materialien', 'Stoff'],
    en: ['material', 'materials', 'fabric'],
    sv: ['Material', 'Tyg'],
  },
  pattern: {
    da: ['Mønster'],
    de: ['Muster'],
    en: ['pattern'],
    sv: ['Mönster'],
  },
  item_group_id: {
    da: ['Hovedvarenummer', 'Forælder', 'Hovedvare'],
    de: ['Vaterartikel', 'Hauptartikelnummer', 'Elternartikel'],
    en: ['item_group_id', 'Parent', 'Parent SKU', 'Handle', 'Group ID', 'parent_sku'],
    sv: ['Huvudartikelnummer', 'Förälder', 'Huvudartikel'],
  },
  shipping_weight: {
    da: ['Vægt', 'Vægt kg', 'Vægt (kg)', 'Fragtvægt'],
    de: ['Gewicht', 'Gewicht kg', 'Gewicht (kg)', 'Versandgewicht'],
    en: ['shipping_weight', 'weight', 'Weight (kg)', 'Weight (lbs)', 'Variant Grams', 'Shipping weight'],
    sv: ['Vikt', 'Vikt kg', 'Vikt (kg)', 'Fraktvikt'],
  },
  delivery_time: {
    da: ['Leveringstid'],
    de: ['Lieferzeit'],
    en: ['delivery_time', 'Delivery time', 'Lead time'],
    sv: ['Leveranstid'],
  },
};

/**
 * Column names that look like a field's names but are something else: the supplier's cost
 * (`Kostpris`, `Einkaufspreis`), price rules and stock thresholds. Never guessed.
 */
export const NEVER_GUESSED: readonly string[] = [
  'Kostpris',
  'Indkøbspris',
  'Einkaufspreis',
  'EK',
  'EK-Preis',
  'Inköpspris',
  'Cost',
  'Cost per item',
  'Variant Compare At Price',
  'Compare At Price',
  'map_price',
  'msrp_price',
  'out_of_stock_qty',
  'notify_on_stock_below',
  'min_cart_qty',
  'max_cart_qty',
  'qty_increments',
  'External URL',
  'url_key',
  'meta_title',
  'meta_description',
  'meta_keywords',
  'SEO Title',
  'SEO Description',
  'Image Alt Text',
  'base_image_label',
  'Variant Image',
  'Variant Weight Unit',
  'Tax class',
  'Tax status',
  'Shipping class',
];

/** Words that make a column something else whatever else its name says (`Download 1 URL`, `SEO Title`). */
export const NEVER_GUESSED_WORDS: readonly string[] = [
  'download',
  'seo',
  'cost',
  'label',
  'thumbnail',
  'swatch',
];

/**
 * Currency a supplier file most likely uses when neither its values nor its headers say:
 * by the language of its headers (Danish → DKK, Swedish → SEK, German → EUR). English
 * headers say nothing about the market; `init` leaves a comment there.
 */
export const CURRENCY_BY_LANGUAGE: Record<HeaderLanguage, string | undefined> = {
  da: 'DKK',
  de: 'EUR',
  en: undefined,
  sv: 'SEK',
};

/** `Pris (DKK)`, `Preis EUR`, `Price / United States`: a currency a price column's name names. */
export const CURRENCY_IN_HEADER: ReadonlyArray<[RegExp, string]> = [
  [/\b(DKK|EUR|SEK|NOK|USD|GBP|CHF|PLN|ISK)\b/i, ''],
  [/\bkr\b|\bkroner\b/i, 'DKK'],
  [/€|\beuro?\b/i, 'EUR'],
  [/\$|\bunited states\b/i, 'USD'],
  [/£/i, 'GBP'],
];

/**
 * Columns of shop-system exports that hold part of a URL, by column name: the path the shop
 * puts around the value. Magento 2 serves product pages at `/<url_key>.html` (its default URL
 * suffix) and product images under `/media/catalog/product`; Shopify serves products at
 * `/products/<handle>`. Written after `source.base_url`.
 */
export const URL_PARTS: Readonly<
  Record<string, { field: 'link' | 'image_link' | 'additional_image_link'; prefix: string; suffix?: string }>
> = {
  url_key: { field: 'link', prefix: '/', suffix: '.html' },
  Handle: { field: 'link', prefix: '/products/' },
  base_image: { field: 'image_link', prefix: '/media/catalog/product' },
  additional_images: { field: 'additional_image_link', prefix: '/media/catalog/product' },
};

/** Column names of a currency code per record. */
export const CURRENCY_COLUMNS: readonly string[] = ['Currency', 'Valuta', 'Währung', 'Waehrung', 'Møntfod'];

/**
 * Values of a shop export's product-kind column (Magento `product_type`, WooCommerce `Type`):
 * not a product category, so such a column is never guessed as `product_type`.
 */
export const PRODUCT_KINDS: readonly string[] = [
  'simple',
  'configurable',
  'variable',
  'variation',
  'grouped',
  'external',
  'virtual',
  'bundle',
  'downloadable',
  'simple, downloadable, virtual',
];
