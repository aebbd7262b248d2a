import type { CanonicalField } from '../model/canonical.js';
import type { Encoding } from '../sources/input.js';
import type { InputProfile } from './profile-types.js';

/**
 * What `feedkit init` decided for a supplier file, as plain data: the source settings, the
 * shop-export sections (variants, options, filters), a decision per canonical field and the
 * attributes to extract from the texts. `decideMapping` makes it from a profile;
 * `writeMappingYaml` prints it as the starter mapping.
 */
export interface MappingProposal {
  /** The input as given (`supplier.csv`, `-`): the path the run comment names. */
  input: string;
  /** The input's file name, for the mapping's first comment. */
  file: string;
  /** Settings under `source:`. */
  source: SourceProposal;
  /** Channels the mapping writes, in the order asked for. */
  channels: string[];
  /** How the rows of one product are grouped, for shop exports that spread it over several rows. */
  variants?: VariantsProposal;
  /** Pairs of option name and value columns (`Option1 Name` / `Option1 Value`), in file order. */
  options: OptionPair[];
  /** Rows to exclude, with their reason. */
  filters: FilterProposal[];
  /** One entry per canonical field that is mapped or that a channel uses, in canonical order. */
  fields: FieldProposal[];
  /** Fields the channels take as optional that no column was found for. */
  optionalNotFound: CanonicalField[];
  /** Attributes to guess from the product's texts, when no column has them and a text is mapped. */
  extract?: ExtractProposal;
}

/** The settings under `source:`, each with what they were decided from. */
export interface SourceProposal {
  /** Text encoding, as sniffed. */
  encoding: Encoding;
  /** The byte-order mark the encoding was read from, if any. */
  bom?: string;
  /** Field delimiter, as sniffed (`,` `;` `\t` `|`). */
  delimiter: string;
  /** Decimal separator: the one every number uses, or `auto` to decide per value. */
  decimal: ',' | '.' | 'auto';
  /** What the numbers showed: `mixed` (both occur) or `unknown` (none says) make `decimal` `auto`. */
  decimalSeen: InputProfile['decimal'];
  /** The address relative links and URL parts are resolved against, when the file has any. */
  baseUrl?: BaseUrlProposal;
  /** The currency of prices that name none. */
  currency: CurrencyProposal;
}

/** `source.base_url` and where it came from. */
export interface BaseUrlProposal {
  /** The address (`https://shop.example`). */
  url: string;
  /** `file`: the origin the link column's absolute URLs share; `placeholder`: none did, to replace. */
  from: 'file' | 'placeholder';
}

/** `source.currency` and why. */
export interface CurrencyProposal {
  /** ISO 4217 code (`DKK`). */
  code: string;
  /** One phrase saying where it came from; starts with `check:` when it is a guess. */
  why: string;
}

/** The `variants:` section, by the shop export it was recognised as. */
export type VariantsProposal =
  | {
      /** Shopify: the rows of one handle are one product; its first row has the product values. */
      shape: 'shopify';
      /** The column shared by a product's rows. */
      handle: string;
      /** Columns written on the product's first row only, carried to its other rows. */
      fill: string[];
    }
  | {
      /** WooCommerce: variations name their parent (its SKU, or `id:<ID>`). */
      shape: 'woocommerce';
      /** The column naming the parent. */
      parent: string;
      /** The column the parent is named by (the id field's column). */
      key: string;
      /** The column of the shop's own ids, for `id:<ID>` parents, if the file has one. */
      ids?: string;
    }
  | {
      /** Magento 2: configurable products list their children (`sku=…`). */
      shape: 'magento';
      /** The column listing the children. */
      children: string;
      /** The key that names a child in that list. */
      key: string;
    };

/** One `options:` entry: a variant option's name column and its value column. */
export interface OptionPair {
  /** Column holding the option's name (`Option1 Name`). */
  name: string;
  /** Column holding its value (`Option1 Value`). */
  value: string;
}

/** One `filters:` entry. */
export interface FilterProposal {
  /** The expression whose rows are excluded. */
  exclude: string;
  /** The reason the report counts them under. */
  reason: string;
  /** How many rows the profile saw it exclude, when that is a guess to check. */
  rows?: {
    /** Rows that match. */
    count: number;
    /** Rows in the file. */
    of: number;
    /** True when the column is written on each product's first row only (`variants.fill`). */
    firstRowOnly: boolean;
  };
}

/** One step of a pipe: a transform's name, or `{ name: options }`. */
export type PipeStep = string | Record<string, unknown>;

/** A field's decision: mapped, left to the variant options, or open with a note. */
export type FieldProposal = MappedField | OptionsField | OpenField;

/** How a mapped field's source was found. */
export type FieldBasis =
  /** The column's name is one listed for the field. */
  | 'column-name'
  /** No name said it; the column's values did (valid GTINs, image URLs, amounts). */
  | 'values'
  /** Built from a part of the shop's URL (`url_key`, `Handle`) with the shop's address. */
  | 'url-shape'
  /** Taken from the column of another field (stock from the quantity, age group from gender). */
  | 'other-field'
  /** A constant, since no column has it. */
  | 'constant';

/** A field the mapping fills. */
export interface MappedField {
  /** `mapped`. */
  status: 'mapped';
  /** The canonical field. */
  field: CanonicalField;
  /** How the source was found. */
  basis: FieldBasis;
  /** The column read, or several: the first filled one is taken. */
  from?: string | string[];
  /** A constant value instead of a column. */
  value?: string;
  /** An expression: only rows where it holds get a value. */
  when?: string;
  /** Transforms applied in order. */
  pipe?: PipeStep[];
  /** Values rewritten to the channels' words, when the column is an enumeration. */
  map?: ValueMap;
  /** Value when the column is empty. */
  default?: string;
  /** Why, when the column name alone does not say; says `check:` where it is a guess. */
  why?: string;
  /** True when the decision is a guess the user should check (its comment says `check:`). */
  check: boolean;
  /** For a text given per language: the language taken (the file's main one) and the others. */
  language?: { name: string; others: string[] };
  /** Other columns whose names suggested the field, best first, that were not taken. */
  alternatives: string[];
}

/** A value map for an enumerated field, from the values the profile saw. */
export interface ValueMap {
  /** Values rewritten to a channel word, and that word (values that are one already are left out). */
  known: Array<{ value: string; canonical: string }>;
  /** Values mapped to nothing (an age group in a gender column). */
  dropped: string[];
  /** Values no word list knows: left to the user, with the allowed words. */
  unrecognised: string[];
  /** The channel words the field allows. */
  allowed: string[];
}

/** A field the variant options give (colour, size): a comment under `fields:`. */
export interface OptionsField {
  /** `from-options`. */
  status: 'from-options';
  /** The canonical field. */
  field: CanonicalField;
}

/** A field a channel requires or recommends that no column was found for. */
export interface OpenField {
  /** `open`. */
  status: 'open';
  /** The canonical field. */
  field: CanonicalField;
  /** The strictest group a channel puts it in. */
  group: 'required' | 'recommended';
  /** Channels that use it. */
  channels: string[];
  /** Column names that would have been taken, in the file's language (or English); at most four. */
  lookedFor: string[];
  /** True when a constant is a sensible fill (an enumeration, the brand). */
  constant: boolean;
}

/** The `extract:` section: attributes guessed from titles and descriptions. */
export interface ExtractProposal {
  /** Language of the texts (`da`). */
  language: string;
  /** True when neither the texts' columns nor the column names said the language (`en` then). */
  languageGuessed: boolean;
  /** The attributes to guess. */
  fields: CanonicalField[];
}
