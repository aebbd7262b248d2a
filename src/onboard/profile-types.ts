import type { Encoding } from '../sources/input.js';

/** What a column's values look like, by the kind most of them share (90 % of the filled cells). */
export type ColumnType =
  | 'empty'
  | 'boolean'
  | 'gtin'
  | 'integer'
  | 'decimal'
  | 'money'
  | 'date'
  | 'url'
  | 'relative_url'
  | 'url_list'
  | 'html'
  | 'text';

/** Kinds a single value is counted under; a value can be of several (`image_url` is also `url`). */
export interface ValueKinds {
  /** Whole numbers (`12`, `-3`). */
  integer: number;
  /** Numbers with a decimal separator (`12,50`, `1.299,95`, `0.5`). */
  decimal: number;
  /** Decimals whose separator is unambiguously a comma (`12,50`, `1.299,95`, `1.299,-`). */
  decimal_comma: number;
  /** Decimals whose separator is unambiguously a dot (`12.50`, `1,299.95`). */
  decimal_dot: number;
  /** An amount with a currency (`23.14 EUR`, `DKK 899,00`, `899 kr`). */
  money: number;
  /** Dates (`2024-05-01`, `1.5.2024`, `01/05/24`). */
  date: number;
  /** Digits with a valid GS1 check digit, 8, 12, 13 or 14 long. */
  gtin: number;
  /** A GTIN a spreadsheet turned into a number (`5.70123E+12`). */
  mangled_gtin: number;
  /** Digits 12–14 long whose GS1 check digit is wrong. */
  invalid_gtin: number;
  /** Absolute http(s) URLs. */
  url: number;
  /** Absolute URLs of an image file (`.jpg`, `.png`, …). */
  image_url: number;
  /** Relative links or image paths (`/billeder/a.jpg`, `//cdn.example/a.jpg`, `img/a.png`). */
  relative_url: number;
  /** Several URLs or paths in one cell, separated by `,` `|` `;` or blanks. */
  url_list: number;
  /** HTML tags or entities (`<p>`, `&amp;`). */
  html: number;
  /** Values spanning several lines. */
  multiline: number;
  /** Values with a literal `\n` (an exporter's escaped line breaks, Akeneo's texts). */
  escaped_newline: number;
  /** A number with a unit word (`700 GRAM`, `1,5 kg`, `12 cm`). */
  measure: number;
}

/** One column of the input, as `feedkit inspect --json` reports it. */
export interface ColumnProfile {
  /** Column name (the header cell, trimmed). */
  name: string;
  /** Cells with a value (blank cells do not count). */
  filled: number;
  /** Share of records with a value, 0–1. */
  fill: number;
  /** Distinct values; exact up to {@link DISTINCT_LIMIT}, see `distinct_capped`. */
  distinct: number;
  /** True when counting stopped at {@link DISTINCT_LIMIT}: there are at least `distinct`. */
  distinct_capped: boolean;
  /** The first distinct values seen (at most 5, cut at 80 characters). */
  samples: string[];
  /**
   * Every value with its count, most frequent first, when the column has at most
   * {@link ENUM_LIMIT} distinct values (an enumeration: condition, gender, stock status).
   */
  values?: Array<{ value: string; count: number }>;
  /** The kind most values share (90 % of the filled cells); `text` when none does. */
  type: ColumnType;
  /** Longest value, in characters. */
  max_length: number;
  /** How many values are of each kind. */
  kinds: ValueKinds;
  /** Currencies named in `money` values, by count. */
  currencies?: Record<string, number>;
  /** Units named in `measure` values, lower case, by count (`gram: 12`). */
  units?: Record<string, number>;
  /** Separator of `url_list` values (`,` `|` `;` or ` `), the most common one. */
  list_separator?: string;
  /** The origin (`https://shop.example`) most absolute URLs in this column share. */
  url_origin?: string;
}

/** Kebab-case types of the warnings `inspect` gives. */
export type InspectWarningType =
  | 'mangled-gtin'
  | 'invalid-gtin'
  | 'mixed-decimal'
  | 'html-in-text'
  | 'relative-url'
  | 'duplicate-key'
  | 'duplicate-column'
  | 'ragged-row'
  | 'bad-encoding';

/** Something in the input a mapping has to deal with. */
export interface InspectWarning {
  /** What kind of problem (`mangled-gtin`, `duplicate-key`, …). */
  type: InspectWarningType;
  /** The column it is in; absent for whole rows. */
  column?: string;
  /** How many values (or rows) have it. */
  count: number;
  /** One sentence: what, and what to do about it. */
  message: string;
  /** Up to three example values. */
  examples: string[];
}

/** What `feedkit inspect` finds in an input: the JSON it prints with `--json`. */
export interface InputProfile {
  /** Input path as given (`-` for stdin). */
  path: string;
  /** Input format; `csv` (delimited text) is the one profiled. */
  format: 'csv';
  /** Text encoding: `utf-8` when the bytes are valid UTF-8 (or a BOM says so), else `windows-1252`. */
  encoding: Encoding;
  /** Byte-order mark found, if any. */
  bom?: string;
  /** True when the input was gzip-compressed. */
  gzip: boolean;
  /** Field delimiter (`,` `;` `\t` `|`). */
  delimiter: string;
  /**
   * Decimal separator of the numbers: `,` or `.` when every unambiguous number agrees,
   * `mixed` when both occur, `unknown` when no number says (whole numbers, `1.299`).
   */
  decimal: ',' | '.' | 'mixed' | 'unknown';
  /** Records read (the header not counted, empty lines skipped). */
  records: number;
  /** Lines read, header included. */
  lines: number;
  /** Per column, in file order. */
  columns: ColumnProfile[];
  /** Problems found, most frequent first. */
  warnings: InspectWarning[];
}
