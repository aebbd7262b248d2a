import { basename } from 'node:path';
import { builtinChannelNames, loadBuiltinChannel } from '../channels/definition.js';
import { EXTRACT_FIELDS, EXTRACT_LANGUAGES } from '../config/extract.js';
import { CANONICAL_FIELD_NAMES, type CanonicalField } from '../model/canonical.js';
import { FeedkitError } from '../model/errors.js';
import { NO, YES_NO_PAIRS } from '../text/yes-no.js';
import {
  CURRENCY_BY_LANGUAGE,
  CURRENCY_COLUMNS,
  CURRENCY_IN_HEADER,
  HEADER_NAMES,
  type HeaderLanguage,
  PRODUCT_KINDS,
  URL_PARTS,
} from './header-names.js';
import { headerLanguage, matchHeader, normalizeHeader } from './match.js';
import { type ColumnProfile, type InputProfile, profileInput } from './profile.js';
import { canonicalValue, VALUE_NAMES } from './value-names.js';

/** What `feedkit init` needs besides the input. */
export interface InitOptions {
  /** Channels the mapping writes (default `google`). */
  channels?: string[];
  /** Where the mapping will be written, for the comment that says how to run it. */
  output?: string;
}

/** A starter mapping and what went into it. */
export interface InitResult {
  /** The mapping, as YAML text with comments. */
  yaml: string;
  /** Canonical fields the mapping fills. */
  mapped: CanonicalField[];
  /** Fields the channels use that no column was found for (each has a comment in the YAML). */
  unmapped: CanonicalField[];
  /** Of `unmapped`, the fields a channel requires: its items are rejected until they are added. */
  missing: CanonicalField[];
  /** The profile the guesses were made from. */
  profile: InputProfile;
}

/** Where one canonical field's value comes from, as init decided it. */
interface Choice {
  column: ColumnProfile;
  /** Further columns to try when the first is empty (`from: [Description, Short description]`). */
  fallbacks: ColumnProfile[];
  /** Why, when the column name did not say it. */
  note?: string;
  /** For a text in several languages' columns: the one taken (the file's main), and the others. */
  language?: { name: string; others: string[] };
}

/**
 * The language a column name ends in, as written: `description-de_DE-ecommerce` (Akeneo),
 * `name_en_US`, `Beskrivelse (da)`, `title_de`. Undefined for none.
 */
function columnLocale(name: string): string | undefined {
  const full = /(?:^|[\s_\-([.])([a-z]{2})[_-]([A-Z]{2})(?=$|[\s_\-)\].])/.exec(name);
  if (full !== null) return `${full[1]}_${full[2]}`;
  const short = /[\s_\-([.](da|de|en|sv|no|nb|fi|fr|nl|it|es|pl)\)?$/i.exec(name);
  return short === null ? undefined : (short[1] as string).toLowerCase();
}

/**
 * Texts given per language (`description-de_DE`, `description-en_US`): every text field takes
 * the column of one language, the file's main one (the language whose columns are filled
 * most), and never falls back to another language's column, so no item mixes languages.
 */
function oneLanguage(
  profile: InputProfile,
  chosen: Map<CanonicalField, Choice>,
  candidates: ReadonlyArray<{ field: CanonicalField; column: ColumnProfile; score: number }>,
  used: Set<string>,
): void {
  const fill = new Map<string, number>();
  for (const column of profile.columns) {
    const locale = columnLocale(column.name);
    if (locale !== undefined) fill.set(locale, (fill.get(locale) ?? 0) + column.filled);
  }
  for (const field of ['description', 'title'] as const) {
    const choice = chosen.get(field);
    if (choice === undefined) continue;
    const own = candidates.filter((c) => c.field === field && columnLocale(c.column.name) !== undefined);
    const locales = [...new Set(own.map((c) => columnLocale(c.column.name) as string))];
    if (locales.length < 2) continue;
    const main = [...locales].sort((a, b) => (fill.get(b) ?? 0) - (fill.get(a) ?? 0))[0] as string;
    const best = own.find(
      (c) => columnLocale(c.column.name) === main && (c.column === choice.column || !used.has(c.column.name)),
    );
    if (best === undefined) continue;
    for (const c of [choice.column, ...choice.fallbacks]) used.delete(c.name);
    const fallbacks = own
      .filter((c) => c !== best && columnLocale(c.column.name) === main && !used.has(c.column.name))
      .map((c) => c.column)
      .filter((c) => c !== best.column && c.filled > 0);
    chosen.set(field, {
      column: best.column,
      fallbacks: field === 'description' ? fallbacks : [],
      language: { name: main, others: locales.filter((l) => l !== main) },
    });
    used.add(best.column.name);
    if (field === 'description') for (const c of fallbacks) used.add(c.name);
  }
}

/** Home page used when the file has relative links but no absolute URL to take the address from. */
const PLACEHOLDER_SHOP = 'https://shop.example.com';
/** Default currency when neither values, column names nor their language say (with a comment). */
const FALLBACK_CURRENCY = 'USD';

const NUMERIC = new Set(['integer', 'decimal', 'money']);
const LINKISH = new Set(['url', 'relative_url', 'url_list']);
const ENUM_FIELDS = new Set<CanonicalField>(['condition', 'gender', 'age_group', 'availability']);

/** Share of a column's filled cells that are of the given kinds. */
function share(column: ColumnProfile, ...kinds: Array<keyof ColumnProfile['kinds']>): number {
  if (column.filled === 0) return 0;
  return kinds.reduce((sum, kind) => sum + column.kinds[kind], 0) / column.filled;
}

/** Whether a column's values can serve a field its name suggested; empty columns can serve anything. */
function fits(field: CanonicalField, column: ColumnProfile): boolean {
  if (column.filled === 0) return true;
  switch (field) {
    case 'price':
    case 'sale_price':
    case 'shipping_cost':
    case 'quantity':
      return NUMERIC.has(column.type) || share(column, 'integer', 'decimal', 'money') >= 0.8;
    // Weights may carry their unit (`700 GRAM`): the unit is then read from the values.
    case 'shipping_weight':
      return NUMERIC.has(column.type) || share(column, 'integer', 'decimal', 'measure') >= 0.8;
    case 'gtin':
      return share(column, 'integer', 'gtin', 'mangled_gtin') >= 0.5;
    case 'link':
    case 'image_link':
    case 'additional_image_link':
      return LINKISH.has(column.type);
    case 'condition':
    case 'gender':
    case 'age_group':
      return column.values !== undefined;
    case 'availability':
      return column.values !== undefined || NUMERIC.has(column.type);
    case 'product_type':
      return !column.values?.every((v) => PRODUCT_KINDS.includes(v.value.toLowerCase()));
    default:
      return true;
  }
}

/**
 * Decide a column for each canonical field: every (field, column) pair the column names
 * suggest, scored (name match, then fill), checked against the values, taken best first;
 * a column serves one field. Then, for fields still open, guesses from values alone.
 */
function assign(profile: InputProfile): Map<CanonicalField, Choice> {
  const candidates: Array<{ field: CanonicalField; column: ColumnProfile; score: number }> = [];
  for (const column of profile.columns) {
    for (const match of matchHeader(column.name)) {
      // An empty column is only taken when its name says it exactly (a template for later data).
      if (!fits(match.field, column) || (column.filled === 0 && match.score < 90)) continue;
      candidates.push({
        field: match.field,
        column,
        score: match.score + 10 * column.fill - (column.filled === 0 ? 30 : 0),
      });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const chosen = new Map<CanonicalField, Choice>();
  const used = new Set<string>();
  for (const { field, column } of candidates) {
    if (chosen.has(field) || used.has(column.name)) continue;
    chosen.set(field, { column, fallbacks: [] });
    used.add(column.name);
  }
  // A second description column (`Short description`) fills in where the first is empty.
  const description = chosen.get('description');
  if (description !== undefined) {
    for (const { field, column } of candidates)
      if (field === 'description' && !used.has(column.name) && column.filled > 0) {
        description.fallbacks.push(column);
        used.add(column.name);
      }
  }
  oneLanguage(profile, chosen, candidates, used);
  const free = profile.columns.filter((c) => !used.has(c.name) && c.filled > 0);
  const take = (field: CanonicalField, test: (c: ColumnProfile) => boolean, note: string) => {
    if (chosen.has(field)) return;
    // Only a column most records fill: one External URL in 25 rows is not the product page.
    const column = free
      .filter((c) => !used.has(c.name) && c.fill >= 0.5 && test(c))
      .sort((a, b) => b.fill - a.fill)[0];
    if (column === undefined) return;
    chosen.set(field, { column, fallbacks: [], note });
    used.add(column.name);
  };
  take('gtin', (c) => c.type === 'gtin', 'guessed from the values: valid GTINs');
  take(
    'image_link',
    (c) => (c.type === 'url' || c.type === 'url_list') && share(c, 'image_url') >= 0.8,
    'guessed from the values: image URLs',
  );
  take('link', (c) => c.type === 'url' && share(c, 'image_url') < 0.2, 'guessed from the values: URLs');
  take('price', (c) => c.type === 'money', 'guessed from the values: amounts with a currency');
  return chosen;
}

/** A YAML scalar that is safe in flow and block context: plain when it can be, else double-quoted. */
function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const plain =
    /^[\p{L}_][\p{L}\p{N}_ .()/'-]*$/u.test(value) &&
    !/[ ]$/.test(value) &&
    !/ #|: /.test(value) &&
    !/^(?:y|n|yes|no|on|off|true|false|null)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

type Step = string | Record<string, unknown>;

function stepText(step: Step): string {
  if (typeof step === 'string') return step;
  const [name, options] = Object.entries(step)[0] as [string, unknown];
  return `{ ${name}: ${flow(options)} }`;
}

function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${scalar(k)}: ${flow(v)}`)
      .join(', ')} }`;
  return scalar(value as string | number | boolean);
}

/** The separator a list column uses, as a regex fragment. */
function separatorPattern(separator: string): string {
  return separator === '|' ? '\\|' : separator === ' ' ? '\\s' : separator;
}

/** How the category path of a column is written: its level separator, and several paths per cell. */
function categoryPipe(column: ColumnProfile): Step[] {
  const samples = column.values?.map((v) => v.value) ?? column.samples;
  const most = (test: (s: string) => boolean) => samples.filter(test).length * 2 > samples.length;
  const pipe: Step[] = [];
  if (most((s) => s.includes('\n'))) return [{ split: '\n' }, { join: ' > ' }];
  const level = most((s) => s.includes('>')) ? '>' : most((s) => s.includes('/')) ? '/' : undefined;
  // `Default Category/Men/Tops,Default Category/Collections` (Magento): several paths; the first is kept.
  if (level !== undefined && most((s) => s.split(',').filter((p) => p.includes(level)).length > 1))
    pipe.push({ regex_replace: { pattern: ',.*$', flags: 's' } });
  if (level === '/') pipe.push({ replace: { from: '/', to: ' > ' } });
  pipe.push('collapse_whitespace');
  return pipe;
}

/** Unit of a weight column, from its name (`Weight (lbs)`, `Variant Grams`); kg when it says none. */
function weightUnit(name: string): string {
  const n = normalizeHeader(name);
  if (/\blbs?\b|\bpounds?\b/.test(n)) return 'lb';
  if (/\bgrams?\b|\bg\b|\bgramm\b|\bgram\b/.test(n)) return 'g';
  if (/\boz\b|\bounces?\b/.test(n)) return 'oz';
  return 'kg';
}

/** Unit words of weights as suppliers write them → the unit channels take (lower case). */
const WEIGHT_UNITS: Record<string, 'g' | 'kg' | 'lb' | 'oz'> = {
  g: 'g',
  gr: 'g',
  gram: 'g',
  grams: 'g',
  gramm: 'g',
  gramme: 'g',
  grammes: 'g',
  kg: 'kg',
  kilo: 'kg',
  kilos: 'kg',
  kilogram: 'kg',
  kilograms: 'kg',
  kilogramm: 'kg',
  kilogramme: 'kg',
  lb: 'lb',
  lbs: 'lb',
  pound: 'lb',
  pounds: 'lb',
  oz: 'oz',
  ounce: 'oz',
  ounces: 'oz',
};

/**
 * The pipe of a weight column whose values carry their unit (`700 GRAM`, Akeneo's metric
 * values): each unit word is rewritten to the channels' spelling (`700 g`), so the unit comes
 * from the value, never from a guess. Plain numbers take the unit the column's name says.
 * Undefined when most values have no unit word.
 */
function weightFromValues(column: ColumnProfile): { pipe: Step[]; note: string } | undefined {
  if (column.units === undefined || column.kinds.measure * 2 < column.filled) return undefined;
  const words = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const word of Object.keys(column.units)) {
    const unit = WEIGHT_UNITS[word];
    if (unit === undefined) unknown.push(word);
    else words.set(unit, [...(words.get(unit) ?? []), word]);
  }
  if (words.size === 0) return undefined;
  const number = '([0-9]+(?:[.,][0-9]+)?)';
  const pipe: Step[] = [...words].map(([unit, spelled]) => ({
    regex_replace: { pattern: `^${number}\\s*(?:${spelled.join('|')})\\.?$`, to: `$1 ${unit}`, flags: 'i' },
  }));
  if (column.kinds.integer + column.kinds.decimal > 0)
    pipe.push({ regex_replace: { pattern: `^${number}$`, to: `$1 ${weightUnit(column.name)}` } });
  pipe.push({ replace: { from: ',', to: '.' } });
  const seen = [...words].map(
    ([unit, spelled]) => `${spelled.map((w) => w.toUpperCase()).join('/')} → ${unit}`,
  );
  return {
    pipe,
    note: `the unit from the values: ${seen.join(', ')}${unknown.length > 0 ? `; check: not a weight unit: ${unknown.join(', ')}` : ''}`,
  };
}

/** Lines of one field's entry under `fields:`. */
interface FieldLines {
  lines: string[];
}

function entry(field: string, spec: Record<string, unknown>, comment?: string): FieldLines {
  const tail = comment === undefined ? '' : ` # ${comment}`;
  const keys = Object.keys(spec);
  if (keys.length === 1 && keys[0] === 'from' && typeof spec.from === 'string')
    return { lines: [`  ${field}: ${scalar(spec.from)}${tail}`] };
  const parts = Object.entries(spec).map(
    ([key, value]) =>
      `${key}: ${key === 'pipe' ? `[${(value as Step[]).map(stepText).join(', ')}]` : flow(value)}`,
  );
  const one = `  ${field}: { ${parts.join(', ')} }${tail}`;
  if (one.length <= 110) return { lines: [one] };
  return {
    lines: [`  ${field}:${tail}`, ...parts.map((part) => `    ${part}`)],
  };
}

/** `from` for a choice: the column, or the column and its fallbacks. */
function source(choice: Choice): string | string[] {
  return choice.fallbacks.length === 0
    ? choice.column.name
    : [choice.column.name, ...choice.fallbacks.map((c) => c.name)];
}

/** A value map for an enumerated field, from the values seen; unknown values become comments. */
function mapEntry(
  field: CanonicalField,
  choice: Choice,
  extra: { default?: string; comment?: string; drop?: string[] } = {},
): FieldLines {
  const values = (choice.column.values ?? []).filter((v) => !extra.drop?.includes(v.value));
  const allowed = Object.keys(VALUE_NAMES[field] ?? {});
  const known: Array<[string, string]> = [];
  const unknown: string[] = [];
  const seen = values.map((v) => v.value);
  // A yes/no column (`In stock?` 1/0) gets both halves, whichever the file happens to hold.
  const pair = YES_NO_PAIRS.find((p) => seen.every((v) => p.includes(v.toLowerCase())));
  if (field === 'availability' && pair !== undefined)
    for (const v of pair) if (!seen.includes(v)) seen.push(v);
  for (const value of seen) {
    const canonical = canonicalValue(field, value);
    if (canonical === undefined) {
      if (!allowed.includes(value)) unknown.push(value);
    } else if (canonical !== value) known.push([value, canonical]);
  }
  if (known.length === 0 && unknown.length === 0 && (extra.drop ?? []).length === 0)
    return entry(
      field,
      extra.default === undefined
        ? { from: choice.column.name }
        : { from: choice.column.name, default: extra.default },
      extra.comment,
    );
  const tail = extra.comment === undefined ? '' : ` # ${extra.comment}`;
  const lines = [`  ${field}:${tail}`, `    from: ${scalar(choice.column.name)}`];
  const indent = known.length > 0 ? '      # ' : '    #   ';
  if (known.length > 0 || (extra.drop ?? []).length > 0) lines.push('    map:');
  else if (unknown.length > 0) lines.push('    # map:');
  for (const [value, canonical] of known) lines.push(`      ${scalar(value)}: ${canonical}`);
  // Mapped to nothing: the field stays empty for these values.
  for (const value of extra.drop ?? []) lines.push(`      ${scalar(value)}: ""`);
  // Unknown values pass unchanged and the channel refuses them: the user decides what they mean.
  for (const value of unknown)
    lines.push(
      `${indent}${scalar(value)}: ? # not recognised: one of ${allowed.join(', ')}, or leave it out`,
    );
  if (extra.default !== undefined) lines.push(`    default: ${extra.default}`);
  return { lines };
}

/** Values of a gender column that are an age group (`Børn`, `Kinder`, `Kids`), not a gender. */
function ageValues(column: ColumnProfile): string[] {
  return (column.values ?? [])
    .map((v) => v.value)
    .filter((v) => canonicalValue('gender', v) === undefined && canonicalValue('age_group', v) !== undefined);
}

/** age_group from a gender column's age values: only those rows, mapped to the age group. */
function ageEntry(column: ColumnProfile): FieldLines {
  const ages = ageValues(column);
  const test = ages.map((v) => `${columnRef(column.name)} == ${JSON.stringify(v)}`).join(' or ');
  return {
    lines: [
      `  age_group: # from ${column.name}: ${ages.join(', ')} name an age group there`,
      `    from: ${scalar(column.name)}`,
      `    when: ${quoted(test)}`,
      '    map:',
      ...ages.map((v) => `      ${scalar(v)}: ${canonicalValue('age_group', v)}`),
    ],
  };
}

/** Literal `\n` in a text column's values become line breaks first (`strip_html` then sees them). */
function unescapeNewlines(choice: Choice): Step[] {
  const columns = [choice.column, ...choice.fallbacks];
  return columns.some((c) => c.kinds.escaped_newline > 0) ? [{ replace: { from: '\\n', to: '\n' } }] : [];
}

/** Channel fields (by canonical name) and the group each channel puts them in, best group first. */
function channelFields(channels: string[]): Map<CanonicalField, { group: string; channels: string[] }> {
  const order = ['required', 'recommended', 'optional'];
  const out = new Map<CanonicalField, { group: string; channels: string[] }>();
  for (const name of channels) {
    const { definition } = loadBuiltinChannel(name);
    for (const field of definition.fields) {
      const from = field.from as CanonicalField;
      if (!CANONICAL_FIELD_NAMES.includes(from) || 'derive' in field) continue;
      const before = out.get(from);
      if (before === undefined) out.set(from, { group: field.group, channels: [name] });
      else {
        before.channels.push(name);
        if (order.indexOf(field.group) < order.indexOf(before.group)) before.group = field.group;
      }
    }
  }
  return out;
}

function guessCurrency(
  profile: InputProfile,
  price: ColumnProfile | undefined,
  language: HeaderLanguage | undefined,
): { code: string; comment: string } {
  const counts = new Map<string, number>();
  for (const column of profile.columns)
    for (const [code, n] of Object.entries(column.currencies ?? {}))
      counts.set(code, (counts.get(code) ?? 0) + n);
  const inValues = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (inValues !== undefined)
    return { code: inValues[0], comment: 'for prices without one; the values name their currency' };
  const codes = profile.columns.find(
    (c) =>
      CURRENCY_COLUMNS.some((n) => normalizeHeader(n) === normalizeHeader(c.name)) &&
      c.values?.[0] !== undefined,
  );
  const code = codes?.values?.[0]?.value.toUpperCase();
  if (code !== undefined && /^[A-Z]{3}$/.test(code))
    return { code, comment: `from the column ${codes?.name}` };
  if (price !== undefined) {
    for (const [pattern, currency] of CURRENCY_IN_HEADER) {
      const match = pattern.exec(price.name);
      if (match !== null) {
        return {
          code: currency || (match[1] as string).toUpperCase(),
          comment: `from the column name ${price.name}`,
        };
      }
    }
  }
  const byLanguage = language === undefined ? undefined : CURRENCY_BY_LANGUAGE[language];
  const languageName = { da: 'Danish', de: 'German', sv: 'Swedish', en: 'English' };
  if (byLanguage !== undefined && language !== undefined)
    return { code: byLanguage, comment: `check: guessed from the ${languageName[language]} column names` };
  return {
    code: FALLBACK_CURRENCY,
    comment: 'check: neither the values nor the column names say; prices are read as this',
  };
}

/**
 * A `variants:` section for the shapes of shop exports that spread one product over several
 * rows, recognised by their columns: Shopify (`Handle` shared by a product's rows, product
 * values only on the first), WooCommerce (`Parent` naming the parent's SKU or `id:<ID>`),
 * Magento 2 (`configurable_variations` listing `sku=…` per child). Lines of YAML, or none.
 */
function variantLines(profile: InputProfile, id: ColumnProfile | undefined): string[] {
  const column = (name: string) => profile.columns.find((c) => c.name === name && c.filled > 0);
  const handle = column('Handle');
  if (handle !== undefined && handle.distinct < handle.filled && column('Variant SKU') !== undefined) {
    const fill = shopifyFill(profile);
    return [
      'variants: # Shopify: the rows of one Handle are one product; its first row has the product values',
      '  handle: Handle',
      ...(fill.length > 0
        ? [
            `  fill: [${fill.map(scalar).join(', ')}] # on the product's first row only: carried to its other rows`,
          ]
        : []),
    ];
  }
  const parent = column('Parent');
  if (parent !== undefined && id !== undefined) {
    const ids = column('ID');
    return [
      'variants: # WooCommerce: variations name their parent in Parent (its SKU, or id:<ID>)',
      `  parent: ${scalar(parent.name)}`,
      `  key: ${scalar(id.name)}`,
      ...(ids === undefined ? [] : [`  ids: ${scalar(ids.name)}`]),
    ];
  }
  const children = column('configurable_variations');
  if (children?.samples.some((s) => s.startsWith('sku=')))
    return [
      'variants: # Magento 2: configurable products list their children (sku=…) in configurable_variations',
      '  children: { from: configurable_variations, key: sku }',
    ];
  return [];
}

/** Column names that say whether a product is live in the shop, in da, de, en and sv. */
const PUBLISHED_NAMES = new Set([
  'published',
  'status',
  'visible',
  'active',
  'enabled',
  'publiceret',
  'aktiv',
  'synlig',
  'veröffentlicht',
  'sichtbar',
  'publicerad',
]);
/** Values of such a column that mean "not in the shop": the "no" of each yes/no spelling, and states. */
const UNPUBLISHED_VALUES = new Set([
  ...NO,
  '-1',
  'draft',
  'archived',
  'inactive',
  'disabled',
  'hidden',
  'private',
  'pending',
  'kladde',
  'entwurf',
  'utkast',
]);

/**
 * Name and value column pairs of variant options (Shopify `Option1 Name` / `Option1 Value`,
 * WooCommerce `Attribute 1 name` / `Attribute 1 value(s)`), as an `options:` section.
 */
function optionLines(profile: InputProfile): string[] {
  const pairs: string[] = [];
  for (const column of profile.columns) {
    const match = /^(.*\S)\s+name$/i.exec(column.name);
    if (match === null || column.filled === 0) continue;
    const prefix = (match[1] as string).toLowerCase();
    const value = profile.columns.find((c) =>
      [`${prefix} value`, `${prefix} value(s)`, `${prefix} values`].includes(c.name.toLowerCase()),
    );
    if (value !== undefined) pairs.push(`  - { name: ${scalar(column.name)}, value: ${scalar(value.name)} }`);
  }
  if (pairs.length === 0) return [];
  return [
    '# Option names (Color, Size …) give each variant its colour and size; other options are kept',
    "# as the record's options (OpenAI's variant_dict).",
    'options:',
    ...pairs,
  ];
}

/** Shopify columns written on a product's first row only that filters and options read. */
function shopifyFill(profile: InputProfile): string[] {
  const names = ['Status', 'Published', 'Option1 Name', 'Option2 Name', 'Option3 Name', 'Image Src'];
  return names.filter((name) => profile.columns.some((c) => c.name === name && c.filled > 0));
}

/** An expression as a single-quoted YAML scalar (its strings are in double quotes). */
function quoted(expression: string): string {
  return `'${expression.replaceAll("'", "''")}'`;
}

/** An expression reading a column by name, for any name. */
function columnRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `column(${JSON.stringify(name)})`;
}

/**
 * Filters to propose, as YAML lines: rows that are not in the shop (a publish or status
 * column every row fills, with values such as `0` or `draft`), and rows without an id and a
 * price (an exporter's extra picture or continuation rows). Excluded rows are counted with
 * their reason instead of failing as records without an id or a price.
 */
function filterLines(
  profile: InputProfile,
  id: ColumnProfile | undefined,
  price: ColumnProfile | undefined,
  filled: readonly string[],
): string[] {
  const lines: string[] = [];
  if (id !== undefined && price !== undefined && id.fill < 1 && price.fill < 1) {
    lines.push(
      `  - exclude: ${quoted(`empty(${columnRef(id.name)}) and empty(${columnRef(price.name)})`)}`,
      '    reason: no id and no price (a further picture or a continuation row)',
    );
  }
  // Every such column (Shopify has Published and Status); one that variants.fill carries from
  // a product's first row counts as filled on every row.
  for (const published of profile.columns) {
    const carried = filled.includes(published.name);
    if (!PUBLISHED_NAMES.has(published.name.trim().toLowerCase()) || published.values === undefined) continue;
    if (published.fill < 1 && !carried) continue;
    const values = published.values;
    const hidden = values.filter((v) => UNPUBLISHED_VALUES.has(v.value.trim().toLowerCase()));
    if (hidden.length === 0 || hidden.length === values.length) continue;
    const test = hidden.map((v) => `${columnRef(published.name)} == ${JSON.stringify(v.value)}`).join(' or ');
    const count = hidden.reduce((sum, v) => sum + v.count, 0);
    lines.push(
      `  - exclude: ${quoted(test)} # check: ${count} of ${profile.records} rows${carried ? " (each product's first row)" : ''}`,
      `    reason: not published (${published.name} ${hidden.map((v) => v.value).join(', ')})`,
    );
  }
  return lines.length === 0 ? [] : ['filters:', ...lines];
}

/** The listed names of a field in the file's language (or English), for a comment. */
function namesFor(field: CanonicalField, language: HeaderLanguage | undefined): string {
  const names = HEADER_NAMES[field];
  if (names === undefined) return '';
  const list = [...new Set([...(language ? names[language] : []), ...names.en])].slice(0, 4);
  return list.join(', ');
}

/**
 * Profile an input and write a starter mapping for it: the dialect and decimal style as
 * sniffed, a column for each canonical field its name (Danish, German, English, Swedish) or
 * its values suggest, value maps for the enumerations seen, and a comment for each field the
 * channels use that no column was found for. The mapping passes `feedkit check` and converts
 * the input as it is.
 */
export async function initMapping(input: string, options: InitOptions = {}): Promise<InitResult> {
  const known = builtinChannelNames();
  const channels = options.channels ?? ['google'];
  for (const channel of channels) {
    if (!known.includes(channel))
      throw new FeedkitError('unknown-channel', `unknown channel "${channel}"`, {
        expected: `one of ${known.join(', ')}`,
      });
  }
  const profile = await profileInput(input);
  const language = headerLanguage(profile.columns.map((c) => c.name));
  const chosen = assign(profile);
  const byName = new Map(profile.columns.map((c) => [c.name, c]));

  // URL parts of shop exports (Magento url_key, Shopify Handle), where no column has the whole URL.
  const parts = new Map<CanonicalField, { column: ColumnProfile; prefix: string; suffix?: string }>();
  for (const [name, part] of Object.entries(URL_PARTS)) {
    const column = byName.get(name);
    if (column === undefined || column.filled === 0) continue;
    const current = chosen.get(part.field);
    if (current !== undefined && !(part.prefix.startsWith('/media') && current.column === column)) continue;
    // Image paths are only prefixed when they are paths; full URLs need no shop address.
    if (part.prefix.startsWith('/media') && share(column, 'relative_url') < 0.5) continue;
    parts.set(part.field, { column, prefix: part.prefix, suffix: part.suffix });
    chosen.delete(part.field);
  }

  const image = chosen.get('image_link');
  // One cell of several image URLs (WooCommerce `Images`): the first is the image, the rest more.
  const imageList = image?.column.type === 'url_list' ? image.column : undefined;

  const relative = [...chosen.entries()].some(
    ([field, c]) =>
      ['link', 'image_link', 'additional_image_link'].includes(field) && c.column.kinds.relative_url > 0,
  );
  // The shop's address is where its product pages are, never an image CDN's.
  const origin = chosen.get('link')?.column.url_origin;
  const needsBase = relative || parts.size > 0;
  const base = origin ?? PLACEHOLDER_SHOP;

  const priceColumn = chosen.get('price')?.column;
  const currency = guessCurrency(profile, priceColumn, language);

  const lines: string[] = [];
  const file = basename(profile.path);
  lines.push(
    `# Starter mapping for ${file}, written by \`feedkit init\` from its column names and values.`,
    '# Lines marked "check" are guesses. Run:',
    `#   feedkit check ${options.output ?? 'mapping.yaml'}`,
    `#   feedkit convert ${profile.path} --mapping ${options.output ?? 'mapping.yaml'}`,
    'source:',
    `  encoding: ${profile.encoding} # sniffed${profile.bom ? ' (byte-order mark)' : ''}`,
    `  delimiter: ${profile.delimiter === '\t' ? 'tab' : JSON.stringify(profile.delimiter)} # sniffed`,
  );
  if (profile.decimal === ',' || profile.decimal === '.')
    lines.push(
      `  decimal: ${JSON.stringify(profile.decimal)} # every number with decimals in the file uses it`,
    );
  else
    lines.push(
      `  decimal: auto # ${profile.decimal === 'mixed' ? 'both 12,50 and 12.50 occur' : 'no number says'}: decided per value`,
    );
  if (needsBase)
    lines.push(
      origin === undefined
        ? `  base_url: ${base} # check: replace with the shop's address; relative links and image paths are resolved against it`
        : `  base_url: ${base} # the address the file's absolute URLs use; relative paths are resolved against it`,
    );
  lines.push(`  currency: ${currency.code} # ${currency.comment}`, '');

  lines.push(`channels: [${channels.join(', ')}]`);
  if (channels.includes('openai'))
    lines.push(
      '# openai needs the seller: add under channels.openai.fields seller_name, seller_url,',
      '# seller_privacy_policy, seller_tos and return_policy ({ value: … }), as in mappings/example.yaml.',
    );
  const variants = variantLines(profile, chosen.get('id')?.column);
  if (variants.length > 0) lines.push('', ...variants);
  const shopify = variants.some((line) => line.includes('handle: Handle'));
  const optionSection = optionLines(profile);
  const withOptions = optionSection.length > 0;
  if (withOptions) lines.push('', ...optionSection);
  const filters = filterLines(
    profile,
    chosen.get('id')?.column,
    chosen.get('price')?.column,
    shopify ? shopifyFill(profile) : [],
  );
  if (filters.length > 0) lines.push('', ...filters);
  lines.push('', 'fields:');

  const used = channelFields(channels);
  // A gender column whose values include an age group (Børn) gives age_group when no column does.
  const genderColumn = chosen.get('gender')?.column;
  const ageSource =
    genderColumn !== undefined && ageValues(genderColumn).length > 0 ? genderColumn : undefined;
  const mapped: CanonicalField[] = [];
  const unmapped: CanonicalField[] = [];
  const quantity = chosen.get('quantity');

  for (const field of CANONICAL_FIELD_NAMES) {
    const choice = chosen.get(field);
    const part = parts.get(field);
    const note = choice?.note === undefined ? undefined : `check: ${choice.note}`;
    let out: FieldLines | undefined;
    if (part !== undefined) {
      const pipe: Step[] = [];
      if (field === 'additional_image_link') pipe.push({ split: part.column.list_separator ?? ',' });
      pipe.push({ prepend: `${base}${part.prefix}` });
      if (part.suffix !== undefined) pipe.push({ append: part.suffix });
      out = entry(
        field,
        { from: part.column.name, pipe },
        `built from ${part.column.name} (the shop's URL shape)`,
      );
    } else if (choice === undefined) {
      if (field === 'availability' && quantity !== undefined)
        out = entry(field, { from: quantity.column.name, pipe: ['stock'] }, 'in_stock from 1 unit on');
      else if (field === 'age_group' && ageSource !== undefined) out = ageEntry(ageSource);
      else if (field === 'condition' && used.has('condition'))
        out = entry(field, { value: 'new' }, 'no condition column; Google reads a missing condition as new');
      else if (field === 'additional_image_link' && imageList !== undefined)
        out = entry(field, {
          from: imageList.name,
          pipe: [
            { regex_replace: { pattern: `^[^${separatorPattern(imageList.list_separator ?? ',')}]*` } },
            { split: imageList.list_separator ?? ',' },
            'absolute_url',
          ],
        });
    } else {
      const column = choice.column;
      const html = column.kinds.html > 0;
      switch (field) {
        case 'title':
          out = entry(
            field,
            {
              from: source(choice),
              pipe: [
                ...unescapeNewlines(choice),
                html ? 'strip_html' : 'collapse_whitespace',
                { truncate: 150 },
              ],
            },
            choice.language !== undefined ? `in ${choice.language.name}, the file's main language` : note,
          );
          break;
        case 'description':
          out = entry(
            field,
            { from: source(choice), pipe: [...unescapeNewlines(choice), 'strip_html', { truncate: 5000 }] },
            choice.language !== undefined
              ? `in ${choice.language.name}, the file's main language${choice.language.others.length > 0 ? ` (also: ${choice.language.others.join(', ')})` : ''}`
              : note,
          );
          break;
        case 'brand':
        case 'color':
        case 'size':
        case 'material':
        case 'pattern':
          out = entry(
            field,
            {
              from: source(choice),
              pipe:
                column.kinds.multiline > 0
                  ? [{ split: '\n' }, { join: '/' }]
                  : html
                    ? ['strip_html']
                    : ['collapse_whitespace'],
            },
            note,
          );
          break;
        case 'gtin': {
          // Broken GTINs would reject their records in every channel; the items are fine without one.
          const broken = column.kinds.invalid_gtin;
          out =
            broken === 0
              ? entry(field, { from: source(choice), pipe: ['gtin'] }, note)
              : entry(
                  field,
                  { from: source(choice), pipe: [{ gtin: 'drop' }] },
                  `check: ${broken} of ${column.filled} fail the GS1 check digit and are left out (keep: the channels reject those records)`,
                );
          break;
        }
        case 'price':
        case 'sale_price':
        case 'shipping_cost':
          out = entry(field, { from: source(choice), pipe: ['price'] }, note);
          break;
        case 'link':
        case 'image_link':
        case 'additional_image_link': {
          const separator = column.list_separator ?? ',';
          // Images often live on a CDN: their relative paths resolve against the host the
          // column's own absolute URLs name, never against the shop's pages.
          const imageHost =
            field !== 'link' && column.kinds.relative_url > 0 && column.url_origin !== undefined
              ? column.url_origin
              : undefined;
          const resolve: Step = imageHost !== undefined ? { absolute_url: imageHost } : 'absolute_url';
          const pipe: Step[] =
            column.type !== 'url_list'
              ? [resolve]
              : field === 'additional_image_link'
                ? [{ split: separator }, resolve]
                : [{ regex_replace: { pattern: `${separatorPattern(separator)}.*$`, flags: 's' } }, resolve];
          const where =
            imageHost !== undefined
              ? `relative paths resolved against ${imageHost}, the host of the column's own URLs`
              : field !== 'link' && column.kinds.relative_url > 0
                ? 'check: relative image paths resolved against source.base_url; no absolute URL in the column says where the images live'
                : undefined;
          out = entry(field, { from: source(choice), pipe }, note ?? where);
          break;
        }
        case 'availability':
          out =
            NUMERIC.has(column.type) && (column.values === undefined || column.values.length > 2)
              ? entry(field, { from: column.name, pipe: ['stock'] }, 'in_stock from 1 unit on')
              : mapEntry(field, choice);
          break;
        case 'condition':
          out = mapEntry(field, choice, { default: 'new' });
          break;
        case 'gender': {
          // Børn, Kinder, Kids in a gender column are an age group: not a gender, see age_group.
          const ages = ageValues(choice.column);
          out = mapEntry(field, choice, {
            drop: ages,
            ...(ages.length > 0 ? { comment: `${ages.join(', ')}: an age group, given as age_group` } : {}),
          });
          break;
        }
        case 'age_group':
          out = mapEntry(field, choice);
          break;
        case 'product_type':
          out = entry(field, { from: source(choice), pipe: categoryPipe(column) }, note);
          break;
        case 'quantity':
          out = entry(field, { from: source(choice), pipe: ['number'] }, note);
          break;
        case 'shipping_weight': {
          const own = weightFromValues(column);
          out =
            own !== undefined
              ? entry(field, { from: source(choice), pipe: own.pipe }, own.note)
              : entry(
                  field,
                  { from: source(choice), pipe: ['number', { append: ` ${weightUnit(column.name)}` }] },
                  note ?? `check: the unit from the column's name (${weightUnit(column.name)})`,
                );
          break;
        }
        default:
          out = entry(field, { from: source(choice) }, note);
      }
    }
    if (out !== undefined) {
      lines.push(...out.lines);
      mapped.push(field);
      continue;
    }
    if (withOptions && (field === 'color' || field === 'size')) {
      lines.push(`  # ${field}: from the options above`);
      mapped.push(field);
      continue;
    }
    const use = used.get(field);
    if (use === undefined || use.group === 'optional') continue;
    unmapped.push(field);
    const names = namesFor(field, language);
    lines.push(
      `  # ${field}: ${use.group} by ${use.channels.join(', ')}; ${
        names === '' ? 'not in the file' : `no column like ${names}`
      }${ENUM_FIELDS.has(field) || field === 'brand' ? ` (or a constant: ${field}: { value: … })` : ''}`,
    );
  }
  const optional = [...used]
    .filter(([field, use]) => use.group === 'optional' && !mapped.includes(field))
    .map(([field]) => field);
  if (optional.length > 0) {
    lines.push(`  # optional, not found: ${optional.join(', ')}`);
  }
  // Attributes without a column: proposed as guesses from the product's own text, which the
  // report counts apart from supplier values.
  const guessable = EXTRACT_FIELDS.filter((field) => !mapped.includes(field));
  // The texts' own language, when they were taken from one language's columns.
  const textLocale = (chosen.get('description') ?? chosen.get('title'))?.language?.name.slice(0, 2);
  const textLanguage = (EXTRACT_LANGUAGES as readonly string[]).includes(textLocale ?? '')
    ? textLocale
    : language;
  if (guessable.length > 0 && (mapped.includes('title') || mapped.includes('description'))) {
    lines.push(
      '',
      `# ${guessable.join(', ')}: no column; guessed from the titles and descriptions where they name one`,
      '# (whole words from a dictionary per language; the report counts guesses apart from supplier values)',
      `extract: { language: ${textLanguage ?? 'en'}, fields: [${guessable.join(', ')}] }${
        textLanguage === undefined ? ' # check: the language of the texts' : ''
      }`,
    );
  }
  const missing = unmapped.filter((field) => used.get(field)?.group === 'required');
  return { yaml: `${lines.join('\n')}\n`, mapped, unmapped, missing, profile };
}
