import type { YamlPath } from '../../config/load.js';
import type { OptionSpec } from '../../config/mapping.js';
import type { CanonicalField } from '../../model/canonical.js';
import type { Row } from '../../model/columns.js';
import { isEmpty, type Value } from '../value.js';

/** Canonical fields an option can name. */
export type OptionField = 'color' | 'size' | 'material' | 'pattern';

/**
 * Option names per canonical field, lower case, in the languages of the suppliers feedkit
 * meets (en, da, de, sv, no, fr, nl, it, es). Compared after trimming and lower-casing.
 */
const OPTION_NAMES: Record<OptionField, readonly string[]> = {
  color: [
    'color',
    'colour',
    'colors',
    'colours',
    'farbe',
    'farve',
    'färg',
    'farge',
    'couleur',
    'kleur',
    'colore',
    'kolor',
  ],
  size: [
    'size',
    'sizes',
    'größe',
    'groesse',
    'grösse',
    'størrelse',
    'storlek',
    'taille',
    'maat',
    'taglia',
    'talla',
    'koko',
  ],
  material: ['material', 'materials', 'materiale', 'materiaal', 'matériau', 'matériel', 'materiał'],
  pattern: ['pattern', 'muster', 'mønster', 'mönster', 'motif', 'patroon'],
};

const BY_NAME = new Map<string, OptionField>(
  (Object.entries(OPTION_NAMES) as Array<[OptionField, readonly string[]]>).flatMap(([field, names]) =>
    names.map((name) => [name, field] as [string, OptionField]),
  ),
);

/** The canonical field an option name means (`Farbe` → color), or undefined. */
export function optionField(name: string): OptionField | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** The key of an option in a record's `options`: the canonical field it means, or its name as written. */
export function optionKey(name: string): string {
  return optionField(name) ?? name.trim();
}

/**
 * Shopify writes `Title` = `Default Title` for a product without options: a placeholder,
 * not an option.
 */
function placeholder(name: string, value: string): boolean {
  return name.toLowerCase() === 'title' && value.toLowerCase() === 'default title';
}

/** Add one option to `into` (both trimmed; empty names or values and placeholders are left out). */
export function addOption(into: Record<string, string>, name: string, value: string): void {
  const n = name.trim();
  const v = value.trim();
  if (n === '' || v === '' || placeholder(n, v)) return;
  const key = optionKey(n);
  if (!(key in into)) into[key] = v;
}

/**
 * Options from text: `size=XS,color=Black` (Magento's lists), pairs separated by `,` or `;`,
 * name and value by `=` or `:`; or a JSON object. Undefined when nothing is in it.
 */
export function parseOptions(text: string): Record<string, string> | undefined {
  const trimmed = text.trim();
  const out: Record<string, string> = {};
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [name, value] of Object.entries(parsed)) {
          if (typeof value === 'string' || typeof value === 'number') addOption(out, name, String(value));
        }
      }
    } catch {
      return undefined;
    }
  } else {
    for (const pair of trimmed.split(/[,;]/)) {
      const at = pair.search(/[=:]/);
      if (at > 0) addOption(out, pair.slice(0, at), pair.slice(at + 1));
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Options as text, `color=Black,size=XS` (what {@link parseOptions} reads back). */
export function formatOptions(options: Readonly<Record<string, string>>): string {
  return Object.entries(options)
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
}

/** What compiling `options` needs from the mapping compiler. */
export interface OptionsContext {
  column(name: string, path: YamlPath): (row: Row) => Value;
}

/**
 * Compile the mapping's `options` (name and value column pairs). The step it returns sets
 * the record's `options`, and colour, size, material and pattern from the options that mean
 * them when the mapping leaves those fields empty. Returns undefined without options.
 */
export function compileOptions(
  specs: readonly OptionSpec[] | undefined,
  context: OptionsContext,
): ((row: Row, product: Record<string, unknown>) => void) | undefined {
  if (specs === undefined || specs.length === 0) return undefined;
  const text = (read: (row: Row) => Value) => (row: Row) => {
    const value = read(row);
    return isEmpty(value) ? '' : Array.isArray(value) ? value.join(',') : String(value);
  };
  const pairs = specs.map((spec, i) => ({
    name: text(context.column(spec.name, ['options', i, 'name'])),
    value: text(context.column(spec.value, ['options', i, 'value'])),
  }));
  return (row, product) => {
    let options: Record<string, string> | undefined;
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i] as (typeof pairs)[number];
      const name = pair.name(row);
      if (name === '') continue;
      const value = pair.value(row);
      if (value === '') continue;
      options ??= {};
      addOption(options, name, value);
    }
    if (options === undefined) return;
    applyOptions(product, options);
  };
}

/**
 * Give a record its options: `options` when the mapping left it empty, and the fields the
 * options name (colour, size …) where the record has none.
 */
export function applyOptions(product: Record<string, unknown>, options: Record<string, string>): void {
  if (Object.keys(options).length === 0) return;
  if (product.options === undefined) product.options = options;
  for (const [key, value] of Object.entries(options)) {
    if (BY_FIELD.has(key) && product[key] === undefined) product[key] = value;
  }
}

/** The canonical fields options fill. */
export const OPTION_FIELDS = Object.keys(OPTION_NAMES) as OptionField[] satisfies CanonicalField[];

const BY_FIELD = new Set<string>(OPTION_FIELDS);

/** The options of a variant that has none given: its colour, size, material and pattern. */
export function optionsFromFields(product: Record<string, unknown>): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const key of BY_FIELD) {
    const value = product[key];
    if (typeof value === 'string' && value !== '') {
      out ??= {};
      out[key] = value;
    }
  }
  return out;
}
