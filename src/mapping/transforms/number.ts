import type { TransformContext, TransformDef } from '../transform.js';
import { type Invalid, invalid } from '../value.js';

interface Options {
  /** Decimal separator; overrides the mapping's `source.decimal` (`auto` decides per value). */
  decimal?: 'auto' | ',' | '.';
}

const SHAPE = /^[+-]?[0-9][0-9.,' \u00a0]*$|^[+-]?[.,][0-9]+$/;

/**
 * Read supplier number text. With `auto`: when both `.` and `,` occur, the last one is the
 * decimal separator; a lone separator followed by exactly three digits (`1.299`, `1,299`) is
 * read as a thousands separator only when it repeats (`1.299.000`) — otherwise it is a
 * decimal point, since prices like `12,5` and `1.5` are far more common in supplier files
 * than a thousands separator without decimals. Set `decimal` to be sure.
 */
export function parseNumber(text: string, decimal: 'auto' | ',' | '.'): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || !SHAPE.test(trimmed)) return undefined;
  let s = trimmed.replace(/[' \u00a0]/g, '');
  let dec = decimal;
  if (dec === 'auto') {
    const lastDot = s.lastIndexOf('.');
    const lastComma = s.lastIndexOf(',');
    if (lastDot !== -1 && lastComma !== -1) dec = lastDot > lastComma ? '.' : ',';
    else if (lastDot === -1 && lastComma === -1) dec = '.';
    else {
      const sep = lastDot !== -1 ? '.' : ',';
      const repeated = s.indexOf(sep) !== s.lastIndexOf(sep);
      dec = repeated ? (sep === '.' ? ',' : '.') : sep;
    }
  }
  const thousands = dec === ',' ? '.' : ',';
  s = s.split(thousands).join('');
  if (s.indexOf(dec) !== s.lastIndexOf(dec)) return undefined;
  if (dec === ',') s = s.replace(',', '.');
  const value = Number(s);
  return Number.isFinite(value) ? value : undefined;
}

export function numberFn(decimal: Options['decimal'], context: TransformContext) {
  const mode = decimal ?? context.decimal;
  return (value: string | number): number | Invalid => {
    if (typeof value === 'number') return value;
    return parseNumber(value, mode) ?? invalid('invalid-number', 'a number');
  };
}

export default {
  name: 'number',
  summary: 'Read a number from supplier text: "1.299,95" and "1,299.95" are both 1299.95.',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      decimal: { enum: ['auto', ',', '.'], description: 'Decimal separator (default: source.decimal).' },
    },
  },
  examples: [
    { input: '1.299,95', output: 1299.95 },
    { input: '1,299.95', output: 1299.95 },
    { input: ' 12,5 ', output: 12.5 },
    { options: { decimal: ',' }, input: '1.299', output: 1299 },
    { input: 'n/a', output: { issue: 'invalid-number' } },
  ],
  create({ decimal }, context) {
    const parse = numberFn(decimal, context);
    return (value) => (typeof value === 'string' ? (value === '' ? value : parse(value)) : value);
  },
} satisfies TransformDef<Options>;
