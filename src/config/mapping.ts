import type { CanonicalField } from '../model/canonical.js';
import type { ChangeRules } from './changes.js';
import type { ExtractField, ExtractLanguage } from './extract.js';

/**
 * A mapping file: how one supplier's records become feedkit's canonical product record,
 * and which channels to write. YAML, checked against `schemas/mapping.schema.json`.
 */
export interface MappingFile {
  /** How to read the supplier file. Everything is sniffed when left out. */
  source?: SourceSettings;
  /** Channels to write, by name (`[google]`), or with settings per channel. Default: `google`. */
  channels?: string[] | Record<string, ChannelSettings | null>;
  /** Record filters, applied before any field is mapped; excluded records land in the rejects. */
  filters?: FilterSpec[];
  /**
   * Supplemental files joined by key (stock, price, GTIN or image lists): their columns are
   * read in field specs as `<join name>.<column>` (`from: stock.qty`).
   */
  joins?: JoinSpec[];
  /** How rows form products with variants: `item_group_id`, and what children inherit from their parent. */
  variants?: VariantSettings;
  /**
   * Variant options as name and value column pairs (Shopify `Option1 Name` / `Option1 Value`):
   * each record's `options`, and its colour, size, material or pattern where an option's
   * name means one of them (`Color`, `Farbe`, `Størrelse` …) and the mapping leaves it empty.
   */
  options?: OptionSpec[];
  /** Canonical field → where its value comes from. A plain string is a column name. */
  fields: Partial<Record<CanonicalField, FieldSpec | string>>;
  /** Guess empty attribute fields (colour, material, size …) from the product's own text. */
  extract?: ExtractSettings;
  /** Quality thresholds; an unmet threshold makes the run exit 1 after writing everything. */
  quality?: QualitySettings;
  /** When a run must not replace the published feeds (exit 4, previous feeds kept). */
  gate?: GateSettings;
  /** How much a feed may change item by item against the last published run (checked by the gate). */
  changes?: ChangeRules;
}

/** How to read the supplier file. */
export interface SourceSettings {
  /** Input format: `csv` (delimited text) or `xml`; `auto` sniffs. */
  format?: 'auto' | 'csv' | 'xml';
  /** XML: path of the records, e.g. `/BMECAT/T_NEW_CATALOG/PRODUCT` or `//item`. */
  record?: string;
  /** XML: namespace prefixes the paths use, prefix → URI (`g: http://base.google.com/ns/1.0`). */
  namespaces?: Record<string, string>;
  /** XML: where a record's features are, so `feature: Farbe` reads the value named `Farbe`. */
  features?: FeatureSettings;
  /** Text encoding; `auto` keeps valid UTF-8 and reads anything else as windows-1252. */
  encoding?: 'auto' | 'utf-8' | 'windows-1252' | 'iso-8859-1' | 'latin1' | 'utf-16le' | 'utf-16be';
  /** Field delimiter; `auto` sniffs among `,` `;` tab `|`. Write tab as `"\t"` or `tab`. */
  delimiter?: 'auto' | ',' | ';' | '\t' | 'tab' | '|';
  /** Decimal separator of numbers; `auto` decides per value (`1.299,95` and `1,299.95` both work). */
  decimal?: 'auto' | ',' | '.';
  /** Base URL for relative links and image paths (used by `absolute_url`). */
  base_url?: string;
  /** Default ISO 4217 currency for prices given without one (used by `price`). */
  currency?: string;
  /**
   * Columns some exports of this shape lack (older Shopify exports have no `Status`): where
   * the header has none, the mapping reads them as empty instead of refusing the input.
   */
  optional_columns?: string[];
}

/** Where the features (name → value pairs) of an XML record are. */
export interface FeatureSettings {
  /** Path of one feature element, relative to the record (`PRODUCT_FEATURES/FEATURE`). */
  path: string;
  /** Path of the feature's name, relative to the feature (`FNAME`). */
  name: string;
  /** Path of the feature's value (`FVALUE`); several values become a list. */
  value: string;
  /** Path of the unit, appended after a space when present (`FUNIT`). */
  unit?: string;
}

/** Settings of one channel in a mapping. */
export interface ChannelSettings {
  /**
   * Output file name inside the output folder (default from the channel, e.g. `google.tsv`);
   * its extension picks the format when the channel has several (`google.xml` → RSS); `.gz` gzips.
   */
  output?: string;
  /** Output format, when the file name does not say it (`tsv`, `csv`, `rss`, `jsonl`). */
  format?: string;
  /** A channel of your own: its `.channel.yaml`, relative to this mapping file. */
  definition?: string;
  /** Title of the feed (RSS); default: the channel's title. */
  title?: string;
  /** The shop's home page (RSS channel link). */
  link?: string;
  /** One sentence about the feed (RSS). */
  description?: string;
  /** The feed's stable id, for formats that carry one (acp's `metadata.json`); default `feed_<channel>`. */
  feed_id?: string;
  /**
   * The feed's market, ISO 3166-1 alpha-2, for formats that carry one (acp's `metadata.json`);
   * default: the mapping's `store_country` when it is a constant `value`.
   */
  target_country?: string;
  /**
   * Write beside the full feed what changed since the snapshot it was compared with, in the
   * channel's update form (its definition's `delta`): Google a supplemental feed, Meta a batch
   * file, acp an upsert payload. Only channels with an update form; none on a first run.
   */
  delta?: boolean;
  /**
   * Write beside the full feed a supplemental feed of just these fields (and the id) for every
   * accepted item (`[price, availability]`: the inventory job between full feeds). Fields are
   * canonical names. Only channels with a supplemental form (Google).
   */
  supplemental?: CanonicalField[];
  /**
   * This channel's own values for some fields, read from the canonical record the mapping
   * made (`title: "{{ brand }} {{ title }}"`); the other channels keep the shared values.
   */
  fields?: Partial<Record<CanonicalField, FieldSpec | string>>;
  /**
   * One feed per country from one read of the input, by ISO 3166-1 alpha-2 code
   * (`countries: { DK: { currency: DKK }, SE: { currency: SEK, fields: { price: … } } }`):
   * each is a channel of its own in the report and the gate (`google-dk`, `google-se`).
   */
  countries?: Record<string, CountrySettings | null>;
  /** What the probe's answers (`--probe`) do in this channel. */
  probe?: {
    /**
     * An item whose `image_link` or `link` is unreachable (4xx, 5xx, no answer) is rejected
     * (`probe-unreachable` in rejects.csv) instead of only reported.
     */
    reject_unreachable?: boolean;
  };
}

/** Settings of one country's feed of a channel. */
export interface CountrySettings {
  /**
   * ISO 4217 currency of this country's prices (`SEK`). Prices the country's own `fields` read
   * without a currency are read in it; a price in another currency is left out of the feed
   * (`wrong-currency`), never relabelled.
   */
  currency?: string;
  /** Language of this country's feed, ISO 639-1 (`sv`): for the report and `{language}` in `output`. */
  language?: string;
  /**
   * Output file name; default: the channel's with `-<country>` before the extension
   * (`google-se.tsv`). The channel's `output` may hold `{country}` (`se`) and `{language}` instead.
   */
  output?: string;
  /** Title of this country's feed (RSS); default: the channel's. */
  title?: string;
  /** The shop's home page for this country (RSS channel link). */
  link?: string;
  /**
   * This country's own values, read from the supplier's columns like the mapping's `fields`
   * (`price: { from: Pris_SEK, pipe: [price] }`); the channel's `fields` then refine them.
   */
  fields?: Partial<Record<CanonicalField, FieldSpec | string>>;
}

/** Where one canonical field's value comes from, and how it is cleaned. */
export interface FieldSpec {
  /**
   * Source column name (CSV header, trimmed), or for XML a path relative to the record; a
   * list takes the first that has a value (`[EAN, GTIN]`).
   */
  from?: string | string[];
  /** XML only: the value of the record's feature with this name (see `source.features`). */
  feature?: string;
  /** A constant value. */
  value?: string | number | boolean;
  /** A template: `{{ Column }}` placeholders are replaced with column values (`"{{ Mærke }} {{ Navn }}"`). */
  template?: string;
  /**
   * An expression whose result is the value, over the record's columns: a choice between
   * columns the others cannot make (`'number(column("Compare At")) > number(Price) ?
   * column("Compare At") : Price'`). Same language as `when` and filters.
   */
  expr?: string;
  /**
   * A date range from two columns (`sale_price_effective_date`): the column or XML path of
   * the start (a list takes the first with a value). The value becomes `start/end`; `from`
   * reads one column that already holds `start/end`. Dates are ISO 8601 (`2026-12-01`,
   * `2026-12-01T08:00+01:00`, `2026-12-01 08:00:00`); without a zone they are UTC.
   */
  start?: string | string[];
  /** The column or XML path of the range's end (see `start`); either may be left out. */
  end?: string | string[];
  /** Transforms applied in order: a name (`trim`) or a name with options (`{ truncate: 150 }`). */
  pipe?: Array<string | Record<string, unknown>>;
  /** Value map applied after the pipe (`{ Ny: new, Brugt: used }`); exact match first, then case-insensitive. */
  map?: Record<string, string | number | boolean>;
  /** Value used when the result is empty. */
  default?: string | number | boolean;
  /** Expression; when it is false the field takes no value from its source (the default still applies). */
  when?: string;
}

/** A record filter. */
export interface FilterSpec {
  /** Expression; records for which it is true are excluded. */
  exclude: string;
  /** Why, written to the rejects and the report (`discontinued`). */
  reason: string;
}

/**
 * Attribute extraction: words in the product's text that name a colour, material, pattern,
 * size, gender or age group (`Herre T-shirt i økologisk bomuld, sort`), looked up in a
 * bundled dictionary per language and matched as whole words. Only fields the mapping leaves
 * empty are filled; the report counts these guesses apart from the supplier's values.
 */
export interface ExtractSettings {
  /** Language of the text (`da`, `de`, `en`, `sv`), or several; where they differ, the first listed wins. */
  language: ExtractLanguage | ExtractLanguage[];
  /** Fields to fill; default all six: color, material, pattern, size, gender, age_group. */
  fields?: ExtractField[];
  /**
   * Canonical text fields to read, in order; each field takes its values from the first that
   * names any. Default: title, description, product_type.
   */
  from?: CanonicalField[];
}

/** When a run must not replace the feeds of the last published run. */
export interface GateSettings {
  /** The older name of `changes.max_removed` (used when that is not set). */
  max_drop?: number;
  /**
   * Largest share of records a channel may reject (default: no limit). Records left out on
   * purpose (filters, variant parents not sold) count neither as read nor as rejected.
   */
  max_reject_rate?: number;
  /** Also refuse to publish when a quality threshold is not met (default false: publish, exit 1). */
  block_on_quality?: boolean;
}

/** Quality thresholds. */
export interface QualitySettings {
  /** Minimum completeness score (0–100) every channel must reach. */
  min_score?: number;
  /** Per canonical field: the share of records that must fill it (`gtin: { min_fill: 0.9 }`), in every channel that has it. */
  fields?: Partial<Record<CanonicalField, { min_fill?: number }>>;
}

/** A supplemental file joined to the input by key. */
export interface JoinSpec {
  /**
   * The file: delimited text, optionally gzipped, its dialect and encoding sniffed on their
   * own. Relative to this mapping's folder and inside it (a mapping reads only files beside
   * it); `feedkit convert --join <name>=<path>` names a file anywhere else.
   */
  path: string;
  /** The name its columns are read under (`stock` → `stock.qty`); default: the file name without extension. */
  name?: string;
  /** The input's column (or XML path) holding the key. */
  on: string;
  /** The join file's key column; default: the same name as `on`. Keys are compared trimmed, case-sensitive. */
  key?: string;
  /** Columns of the join file the mapping reads, each as `<name>.<column>`. */
  fields: string[];
  /** Text encoding of the join file; `auto` keeps valid UTF-8 and reads anything else as windows-1252. */
  encoding?: 'auto' | 'utf-8' | 'windows-1252' | 'iso-8859-1' | 'latin1' | 'utf-16le' | 'utf-16be';
  /** Field delimiter of the join file; `auto` sniffs among `,` `;` tab `|`. */
  delimiter?: 'auto' | ',' | ';' | '\t' | 'tab' | '|';
  /**
   * The file's texts were written by generative AI: a title or description read from its
   * columns is disclosed as such where a channel asks (Google's `structured_title` and
   * `structured_description` with `trained_algorithmic_media`). Default false.
   */
  generated?: boolean;
}

/**
 * Variants: rows that are one product in several sizes or colours. Exactly one of `parent`,
 * `handle` or `children` says how rows find their product.
 */
export interface VariantSettings {
  /** Child rows name their parent's key in this column (WooCommerce `Parent`). */
  parent?: string;
  /** With `parent`: the parent's column children name; default: the record's mapped `id`. */
  key?: string;
  /** With `parent`: a column children may name as `id:<value>` (WooCommerce `ID`). */
  ids?: string;
  /** Rows sharing this column's value form one product; the product's values fill the rows that lack them (Shopify `Handle`). */
  handle?: string;
  /** Parent rows list their children (Magento `configurable_variations`). */
  children?: VariantChildren;
  /**
   * Expression that is true for parent rows. Default: with `parent`, rows that some row names;
   * with `children`, rows whose list is not empty; with `handle`, none (every row is a variant).
   */
  parents_when?: string;
  /**
   * Canonical fields a child takes from its parent when it has no value of its own. Default:
   * description, image_link, additional_image_link, brand, google_product_category,
   * product_type (with `handle` also title, link, condition, gender, age_group, material,
   * pattern, description_html, fb_product_category), those the mapping fills.
   */
  inherit?: CanonicalField[];
  /** Sell parent rows as items too (default false: they are counted as `variant-parent` rejects). */
  emit_parents?: boolean;
  /**
   * Input columns a row takes from its product when it leaves them empty, before filters and
   * fields read them: from the handle's first row that has a value (`handle`), or from the
   * parent row (`parent`, `children`). Shopify writes `Status` and `Option1 Name` on a
   * product's first row only.
   */
  fill?: string[];
}

/** One variant option: the columns holding its name and its value. */
export interface OptionSpec {
  /** Column with the option's name (`Option1 Name` = `Color`). */
  name: string;
  /** Column with the option's value (`Option1 Value` = `Black`). */
  value: string;
}

/** Where a parent row lists its children. */
export interface VariantChildren {
  /** Column with the list (`sku=MH01-XS-Black,size=XS,color=Black|sku=MH01-XS-Gray,…`). */
  from: string;
  /** The key inside each entry (`sku=…`), and the children's column holding it; default `sku`. An entry without `=` is the key itself. */
  key?: string;
  /** Between entries; default `|`. Pairs inside an entry are separated by `,`. */
  separator?: string;
}
