import {
  CANONICAL_FIELDS,
  type CanonicalField,
  type DateRange,
  type Money,
  parseDateRange,
  parseMoney,
} from '../model/canonical.js';
import { type RecordIssue, shorten } from '../model/issues.js';
import { parseNumber } from '../text/number.js';
import { readYesNo } from '../text/yes-no.js';
import type { TransformContext } from './transform.js';
import type { Invalid, Value } from './value.js';
import { parseOptions } from './variants/options.js';

/** The record issue of a value a transform or the field's type refused. */
export function invalidIssue(invalid: Invalid, field: string, value: Value): RecordIssue {
  return { type: invalid.invalid, field, value: shorten(value), expected: invalid.expected };
}

/** The canonical field's type from a mapped value: text, a number, yes/no, money, … or why not. */
export function coercer(field: CanonicalField, context: TransformContext): (value: Value) => unknown {
  switch (CANONICAL_FIELDS[field]) {
    case 'text':
    case 'url':
      return (value) => (Array.isArray(value) ? value.join(',') : String(value));
    case 'url_list':
    case 'text_list':
      return (value) => (Array.isArray(value) ? value : [String(value)]);
    case 'integer':
      return (value): number | Invalid => {
        const number = typeof value === 'number' ? value : Number(String(value).trim());
        return Number.isFinite(number)
          ? Math.trunc(number)
          : { invalid: 'invalid-number', expected: 'a whole number' };
      };
    case 'number':
      return (value): number | Invalid => {
        // Written as suppliers write numbers (`12,5`, `1.299,95`), read as the number transform reads them.
        const number = typeof value === 'number' ? value : parseNumber(String(value), context.decimal);
        return number !== undefined && Number.isFinite(number)
          ? number
          : { invalid: 'invalid-number', expected: 'a number' };
      };
    case 'boolean':
      return (value): boolean | Invalid => {
        if (typeof value === 'boolean') return value;
        const read = readYesNo(String(value));
        if (read !== undefined) return read;
        return { invalid: 'invalid-value', expected: 'yes or no (true/false, 1/0, ja/nej)' };
      };
    case 'money':
      return (value): Money | Invalid => {
        if (typeof value === 'number') {
          if (context.currency === undefined) {
            return {
              invalid: 'invalid-price',
              expected: 'a currency (use the price transform or source.currency)',
            };
          }
          return { amount: value, currency: context.currency };
        }
        return parseMoney(String(value)) ?? { invalid: 'invalid-price', expected: 'e.g. 1299.95 DKK' };
      };
    case 'options':
      return (value): Record<string, string> | Invalid =>
        parseOptions(Array.isArray(value) ? value.join(',') : String(value)) ?? {
          invalid: 'invalid-value',
          expected: 'name=value pairs (color=Black,size=XS) or a JSON object',
        };
    case 'date_range':
      return (value): DateRange | Invalid =>
        parseDateRange(String(value)) ?? {
          invalid: 'invalid-format',
          expected:
            'start/end in ISO 8601, either side may be empty (2026-12-01T00:00+01:00/2026-12-24T23:59+01:00); or start: and end: columns',
        };
  }
}
