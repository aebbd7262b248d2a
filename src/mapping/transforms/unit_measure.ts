import { parseNumber } from '../../text/number.js';
import type { TransformDef } from '../transform.js';
import { invalid } from '../value.js';

interface Options {
  /**
   * `measure`: the product's whole measure without packaging (`6 x 330 ml` → `1980ml`), for
   * `unit_pricing_measure`; `base`: the measure a unit price is given per, in the same unit
   * family (`1l`, `1kg`, `1m`, `1ct`…), for `unit_pricing_base_measure`.
   */
  output?: 'measure' | 'base';
}

/** A unit as suppliers write it → the unit Google accepts and a factor into it (channels.md:48). */
const UNITS: Record<string, [unit: string, factor: number]> = {
  mg: ['mg', 1],
  g: ['g', 1],
  gr: ['g', 1],
  gram: ['g', 1],
  gramm: ['g', 1],
  grams: ['g', 1],
  kg: ['kg', 1],
  kilo: ['kg', 1],
  ml: ['ml', 1],
  cl: ['cl', 1],
  dl: ['cl', 10],
  l: ['l', 1],
  ltr: ['l', 1],
  liter: ['l', 1],
  litre: ['l', 1],
  oz: ['oz', 1],
  lb: ['lb', 1],
  lbs: ['lb', 1],
  floz: ['floz', 1],
  pt: ['pt', 1],
  qt: ['qt', 1],
  gal: ['gal', 1],
  mm: ['cm', 0.1],
  cm: ['cm', 1],
  m: ['m', 1],
  in: ['in', 1],
  ft: ['ft', 1],
  yd: ['yd', 1],
  m2: ['sqm', 1],
  'm²': ['sqm', 1],
  sqm: ['sqm', 1],
  sqft: ['sqft', 1],
  m3: ['cbm', 1],
  'm³': ['cbm', 1],
  cbm: ['cbm', 1],
  ct: ['ct', 1],
  stk: ['ct', 1],
  stück: ['ct', 1],
  st: ['ct', 1],
  pcs: ['ct', 1],
  pieces: ['ct', 1],
};

/**
 * The base a unit price is given per, by unit: the unit itself for most, the larger metric
 * unit for weights and volumes (shoppers compare prices per kilo and per litre), all within
 * the integers and units of channels.md:49.
 */
const BASE: Record<string, string> = {
  mg: '1kg',
  g: '1kg',
  kg: '1kg',
  ml: '1l',
  cl: '1l',
  l: '1l',
};

// Longest first, so `ml` is not read as `m`; `fl oz` may be written with a dot or a space.
const UNIT_WORDS = ['fl\\.?\\s*oz', ...Object.keys(UNITS).sort((a, b) => b.length - a.length)].join('|');

/**
 * `[count ×] amount unit`: `500 g`, `1,5 l`, `6 x 330 ml`, `3 stk. à 200 g`, `12 Stück je 0,5 l`.
 * The unit must end the word, so `500 grams` is found but `5 l` is not read out of `5 lbs`.
 */
const MEASURE = new RegExp(
  `(?:(\\d+)\\s*(?:x|×|\\*|(?:stk|st|pcs|stück)\\.?\\s*(?:à|a|je|x|of)?)\\s*)?(\\d+(?:[.,]\\d+)?)\\s*(${UNIT_WORDS})(?![\\p{L}\\p{N}])`,
  'iu',
);

/** `1980`, `1.5`, `0.33`: no exponent, no trailing zeros. */
function formatAmount(amount: number): string {
  return String(Number(amount.toFixed(4)));
}

export default {
  name: 'unit_measure',
  summary: 'Pack size → unit pricing: `6 x 330 ml` → `1980ml` (measure) or `1l` (base).',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      output: {
        enum: ['measure', 'base'],
        description: 'measure: the whole measure (unit_pricing_measure); base: what a unit price is per.',
      },
    },
  },
  shorthand: 'output',
  examples: [
    { input: '500 g', output: '500g' },
    { input: 'Sodavand 6 x 33 cl', output: '198cl' },
    { input: '3 stk. à 200 gram', output: '600g' },
    { options: 'base', input: '6 x 330 ml', output: '1l' },
    { input: 'one size', output: { issue: 'invalid-format' } },
  ],
  create({ output = 'measure' }, context) {
    return (value) => {
      if (value === '' || value === undefined) return value;
      const match = MEASURE.exec(String(value));
      const amount = match === null ? undefined : parseNumber(match[2] as string, context.decimal);
      const unit =
        match === null ? undefined : UNITS[(match[3] as string).toLowerCase().replace(/[\s.]/g, '')];
      if (match === null || amount === undefined || amount <= 0 || unit === undefined) {
        return invalid('invalid-format', 'a pack size such as 500 g, 1,5 l or 6 x 330 ml');
      }
      const [name, factor] = unit;
      if (output === 'base') return BASE[name] ?? `1${name}`;
      const count = match[1] === undefined ? 1 : Number(match[1]);
      return `${formatAmount(amount * factor * count)}${name}`;
    };
  },
} satisfies TransformDef<Options>;
