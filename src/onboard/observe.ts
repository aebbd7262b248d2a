import { hashKey, type SeenKeys } from '../channels/seen-keys.js';
import { isMangledGtin, isValidGtin } from '../text/gtin.js';
import { stripHtml } from '../text/html.js';
import { parseNumber } from '../text/number.js';
import { isYesNo } from '../text/yes-no.js';
import type {
  ColumnProfile,
  ColumnType,
  InspectWarning,
  InspectWarningType,
  ValueKinds,
} from './profile-types.js';

/** Distinct values are counted exactly up to this many per column, then reported as "at least". */
export const DISTINCT_LIMIT = 10_000;
/** Columns with at most this many distinct values list them all, with counts (enumerations). */
const ENUM_LIMIT = 30;
/** Sample values kept per column. */
const SAMPLES = 5;
/** Longer values are counted as distinct by a hash, so memory stays bounded. */
const KEY_LENGTH = 100;

/** Running counts of one column while the input streams by. */
export interface ColumnState {
  name: string;
  filled: number;
  maxLength: number;
  distinct: Map<string, number>;
  capped: boolean;
  samples: string[];
  kinds: ValueKinds;
  currencies: Map<string, number>;
  units: Map<string, number>;
  separators: Map<string, number>;
  origins: Map<string, number>;
  examples: Partial<Record<InspectWarningType, string[]>>;
  /** For columns that look like keys (id, GTIN, MPN): every value, hashed, for duplicates. */
  keys?: SeenKeys;
  duplicates: number;
}

/** Counts of a column before its first value. */
export const emptyKinds = (): ValueKinds => ({
  integer: 0,
  decimal: 0,
  decimal_comma: 0,
  decimal_dot: 0,
  money: 0,
  date: 0,
  gtin: 0,
  mangled_gtin: 0,
  invalid_gtin: 0,
  url: 0,
  image_url: 0,
  relative_url: 0,
  url_list: 0,
  html: 0,
  multiline: 0,
  escaped_newline: 0,
  measure: 0,
});
/** A number and a unit word: `700 GRAM`, `1,5 kg`, `0.7kg.` */
const MEASURE_VALUE = /^[+]?\d+(?:[.,]\d+)?\s*([a-zµ]+)\.?$/i;

const INTEGER = /^[+-]?\d+$/;
const ABSOLUTE = /^https?:\/\/[^\s/]+\S*$/i;
const IMAGE = /\.(?:jpe?g|png|gif|webp|avif|svg|tiff?|bmp)(?:[?#]\S*)?$/i;
const RELATIVE =
  /^(?:\/\/[^\s/]+\/\S*|\/[^\s/]\S*|\.{1,2}\/\S+|[^\s:/]+\/\S*\.(?:jpe?g|png|gif|webp|avif|svg|html?|php|aspx?))$/i;
const DATE =
  /^(?:\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?\S*)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?: \d{1,2}:\d{2}(?::\d{2})?)?)$/;
/** ISO 4217 codes of the currencies suppliers price in most (a code is only read as one of these). */
const CURRENCIES =
  'DKK|EUR|SEK|NOK|ISK|USD|GBP|CHF|PLN|CZK|HUF|RON|BGN|CAD|AUD|NZD|JPY|CNY|HKD|SGD|INR|BRL|MXN|ZAR|TRY|KRW';
const MONEY = new RegExp(
  `^(?:(${CURRENCIES}|kr\\.?|€|\\$|£)\\s*([-+\\d].*)|(.*\\d)\\s*(${CURRENCIES}|kr\\.?|,-|€|\\$|£))$`,
  'i',
);
const SYMBOLS: Record<string, string> = { kr: 'DKK', 'kr.': 'DKK', '€': 'EUR', $: 'USD', '£': 'GBP' };
const LIST = /\s*[,|;]\s*|\s+/;
const SPACES = /\s+/g;
const TAG_OR_ENTITY = /<[a-z!/]|&(?:#\d+|#x[\da-f]+|[a-z]+\d*);/i;

/** Which separator is the decimal one in a number as written, when the text says so. */
function decimalStyle(text: string): ',' | '.' | undefined {
  if (/,-$/.test(text)) return ',';
  const dot = text.lastIndexOf('.');
  const comma = text.lastIndexOf(',');
  if (dot >= 0 && comma >= 0) return dot > comma ? '.' : ',';
  const at = Math.max(dot, comma);
  if (at < 0) return undefined;
  const sep = text[at] as ',' | '.';
  // A separator that occurs twice groups thousands (`1.299.000`): the other one is the decimal one.
  if (text.indexOf(sep) !== at) return sep === '.' ? ',' : '.';
  // `1.299` and `1,299`: a thousands group or three decimals; the text does not say.
  const after = text.length - at - 1;
  return after === 3 && /^\d+$/.test(text.slice(at + 1)) ? undefined : sep;
}

function count<K>(map: Map<K, number>, key: K, limit = 100): void {
  const before = map.get(key);
  if (before !== undefined) map.set(key, before + 1);
  else if (map.size < limit) map.set(key, 1);
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

const hashScratch = new Uint32Array(2);

/** The key a value is counted as distinct by: itself, or for long text its length and hash. */
function distinctKey(value: string): string {
  if (value.length <= KEY_LENGTH) return value;
  hashKey(value, hashScratch, 0);
  return `\u0000${value.length}:${hashScratch[0]}:${hashScratch[1]}`;
}

function remember(state: ColumnState, type: InspectWarningType, value: string): void {
  const list = state.examples[type] ?? [];
  state.examples[type] = list;
  if (list.length < 3) list.push(value.length > 80 ? `${value.slice(0, 79)}…` : value);
}

/** Count one non-empty cell. */
export function observe(state: ColumnState, raw: string): void {
  const value = raw.trim();
  if (value === '') return;
  const kinds = state.kinds;
  state.filled++;
  if (value.length > state.maxLength) state.maxLength = value.length;
  const key = distinctKey(value);
  const seen = state.distinct.get(key);
  if (seen !== undefined) state.distinct.set(key, seen + 1);
  else if (state.distinct.size < DISTINCT_LIMIT) {
    state.distinct.set(key, 1);
    if (state.samples.length < SAMPLES)
      state.samples.push(value.length > 80 ? `${value.slice(0, 79)}…` : value);
  } else state.capped = true;
  if (state.keys !== undefined && !state.keys.add(value)) {
    state.duplicates++;
    remember(state, 'duplicate-key', value);
  }

  if (value.includes('\n')) kinds.multiline++;
  if (value.includes('\\n')) kinds.escaped_newline++;
  const first = value.charCodeAt(0);
  // Digits, a sign, or a separator first (`.5`, `,75`).
  const numeric =
    (first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46 || first === 44;
  if (numeric && INTEGER.test(value)) {
    kinds.integer++;
    const n = value.length;
    if ((n === 8 || n === 12 || n === 13 || n === 14) && isValidGtin(value)) kinds.gtin++;
    else if (n >= 12 && n <= 14) {
      kinds.invalid_gtin++;
      remember(state, 'invalid-gtin', value);
    }
    return;
  }
  if (numeric && isMangledGtin(value)) {
    kinds.mangled_gtin++;
    remember(state, 'mangled-gtin', value);
    return;
  }
  if (numeric && parseNumber(value, 'auto') !== undefined) {
    kinds.decimal++;
    const style = decimalStyle(value);
    if (style === ',') {
      kinds.decimal_comma++;
      remember(state, 'mixed-decimal', value);
    } else if (style === '.') {
      kinds.decimal_dot++;
      remember(state, 'mixed-decimal', value);
    }
    return;
  }
  if (numeric && DATE.test(value)) {
    kinds.date++;
    return;
  }
  const money = MONEY.exec(value);
  if (money !== null) {
    const amount = (money[2] ?? money[3] ?? '').trim();
    const code = money[1] ?? money[4] ?? '';
    if (parseNumber(amount, 'auto') !== undefined) {
      kinds.money++;
      const style = decimalStyle(amount);
      if (style === ',') kinds.decimal_comma++;
      else if (style === '.') kinds.decimal_dot++;
      const currency = SYMBOLS[code.toLowerCase()] ?? (code === ',-' ? 'DKK' : code.toUpperCase());
      count(state.currencies, currency);
      return;
    }
  }
  const measure = numeric ? MEASURE_VALUE.exec(value) : null;
  if (measure !== null) {
    kinds.measure++;
    count(state.units, (measure[1] as string).toLowerCase());
    return;
  }
  if (/[,|;\s]/.test(value) && observeList(state, value)) return;
  if (ABSOLUTE.test(value)) {
    kinds.url++;
    if (IMAGE.test(value)) kinds.image_url++;
    const origin = originOf(value);
    if (origin !== undefined) count(state.origins, origin);
    return;
  }
  if (RELATIVE.test(value)) {
    kinds.relative_url++;
    remember(state, 'relative-url', value);
    return;
  }
  if (TAG_OR_ENTITY.test(value) && stripHtml(value) !== value.replace(SPACES, ' ').trim()) {
    kinds.html++;
    remember(state, 'html-in-text', value);
  }
}

/**
 * Count a cell of several URLs or paths (`/a.jpg|/b.jpg`, `https://…/a.jpg, https://…/b.jpg`);
 * false when it is not one. Each part must start like a URL or path, so a single URL with
 * commas in it (`…/ssrco,active_tshirt,….jpg`) stays one URL.
 */
function observeList(state: ColumnState, value: string): boolean {
  const parts = value.split(LIST).filter((part) => part !== '');
  if (
    parts.length < 2 ||
    !parts.every((part) => ABSOLUTE.test(part) || (part.startsWith('/') && RELATIVE.test(part)))
  )
    return false;
  const kinds = state.kinds;
  kinds.url_list++;
  const separator = value.includes('|') ? '|' : value.includes(';') ? ';' : value.includes(',') ? ',' : ' ';
  count(state.separators, separator);
  const absolute = parts.find((part) => ABSOLUTE.test(part));
  if (absolute !== undefined) {
    const origin = originOf(absolute);
    if (origin !== undefined) count(state.origins, origin);
  }
  if (parts.some((part) => !ABSOLUTE.test(part))) {
    kinds.relative_url++;
    remember(state, 'relative-url', value);
  }
  if (parts.every((part) => IMAGE.test(part))) kinds.image_url++;
  return true;
}

function typeOf(state: ColumnState, values: Array<{ value: string }> | undefined): ColumnType {
  const filled = state.filled;
  if (filled === 0) return 'empty';
  const k = state.kinds;
  const most = (n: number) => n >= filled * 0.9;
  if (values !== undefined && values.length <= 2 && values.every((v) => isYesNo(v.value))) return 'boolean';
  // Broken GTINs (a wrong check digit, spreadsheet-mangled) still make a GTIN column.
  if (most(k.gtin + k.mangled_gtin + k.invalid_gtin) && k.gtin >= filled / 2) return 'gtin';
  if (most(k.integer)) return 'integer';
  if (most(k.integer + k.decimal)) return 'decimal';
  if (most(k.money + k.integer + k.decimal) && k.money > 0) return 'money';
  if (most(k.date)) return 'date';
  if (most(k.url_list + k.url + k.relative_url) && k.url_list > 0) return 'url_list';
  if (most(k.url)) return 'url';
  if (most(k.url + k.relative_url)) return 'relative_url';
  if (k.html > 0) return 'html';
  return 'text';
}

function top<K>(map: Map<K, number>): K | undefined {
  let best: K | undefined;
  let bestCount = 0;
  for (const [key, n] of map) {
    if (n > bestCount) {
      best = key;
      bestCount = n;
    }
  }
  return best;
}

/** A column's profile once the input is read. */
export function finish(state: ColumnState, records: number): ColumnProfile {
  let values: ColumnProfile['values'];
  const hashed = [...state.distinct.keys()].some((key) => key.startsWith('\u0000'));
  if (!state.capped && !hashed && state.distinct.size <= ENUM_LIMIT && state.distinct.size > 0) {
    values = [...state.distinct].map(([value, n]) => ({ value, count: n })).sort((a, b) => b.count - a.count);
  }
  const profile: ColumnProfile = {
    name: state.name,
    filled: state.filled,
    fill: records === 0 ? 0 : Math.round((state.filled / records) * 1000) / 1000,
    distinct: state.distinct.size,
    distinct_capped: state.capped,
    samples: state.samples,
    values,
    type: typeOf(state, values),
    max_length: state.maxLength,
    kinds: state.kinds,
  };
  if (state.currencies.size > 0) profile.currencies = Object.fromEntries(state.currencies);
  if (state.units.size > 0) profile.units = Object.fromEntries(state.units);
  const separator = top(state.separators);
  if (separator !== undefined) profile.list_separator = separator;
  const origin = top(state.origins);
  if (origin !== undefined) profile.url_origin = origin;
  return profile;
}

/** The problems the columns showed, most frequent first. */
export function warningsOf(states: ColumnState[], profiles: ColumnProfile[]): InspectWarning[] {
  const warnings: InspectWarning[] = [];
  states.forEach((state, i) => {
    const profile = profiles[i] as ColumnProfile;
    const k = state.kinds;
    const add = (type: InspectWarningType, n: number, message: string) => {
      if (n > 0)
        warnings.push({ type, column: state.name, count: n, message, examples: state.examples[type] ?? [] });
    };
    add(
      'mangled-gtin',
      k.mangled_gtin,
      'GTINs a spreadsheet turned into numbers (5.70123E+12); their digits are lost: export the column as text',
    );
    if (profile.type === 'gtin')
      add('invalid-gtin', k.invalid_gtin, 'GTIN-length digits whose check digit is wrong');
    if (k.decimal_comma > 0 && k.decimal_dot > 0) {
      add(
        'mixed-decimal',
        Math.min(k.decimal_comma, k.decimal_dot),
        `both decimal styles: ${k.decimal_comma} with a comma (12,50), ${k.decimal_dot} with a dot (12.50); keep source.decimal: auto`,
      );
    }
    if (profile.type !== 'url' && profile.type !== 'url_list')
      add('html-in-text', k.html, 'HTML tags or entities in text: use strip_html');
    add(
      'relative-url',
      k.relative_url,
      'relative links or image paths: set source.base_url and use absolute_url',
    );
    // A column is a key when its values are (nearly) all different: `website_id` full of 1s is not.
    const keyLike = state.capped || state.distinct.size >= state.filled * 0.5;
    add(
      'duplicate-key',
      keyLike ? state.duplicates : 0,
      'values that repeat in a column that looks like a key: channels keep the first record of each',
    );
  });
  return warnings.sort((a, b) => b.count - a.count);
}
