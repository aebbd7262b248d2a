import type { ErrorObject } from 'ajv';
import { isValidGtin } from '../../text/gtin.js';
import { remembering } from '../remember.js';
import type { KeywordDef } from './keyword.js';

/** Options of the `gtin` keyword in channel schemas. */
export interface GtinKeyword {
  /** Prefixes (of the 13-digit form) the channel refuses, e.g. GS1 restricted `02`, `04`, `2`, coupons `98`–`99`. */
  restricted_prefixes?: string[];
}

/** Why a GTIN fails, or undefined when it is fine. */
export function gtinProblem(value: string, options: GtinKeyword | boolean): string | undefined {
  if (!/^\d+$/.test(value)) return 'digits only';
  if (value.length !== 8 && value.length !== 12 && value.length !== 13 && value.length !== 14) {
    return '8, 12, 13 or 14 digits';
  }
  if (!isValidGtin(value)) return 'a valid GS1 check digit';
  if (typeof options === 'object' && options.restricted_prefixes && value.length !== 8) {
    // channels.md §0: the prefix test applies to the 13-digit form (GTIN-12 padded, GTIN-14 without indicator).
    const thirteen = value.length === 12 ? `0${value}` : value.length === 14 ? value.slice(1) : value;
    const prefix = options.restricted_prefixes.find((p) => thirteen.startsWith(p));
    if (prefix !== undefined) return `no restricted prefix (${prefix})`;
  }
  return undefined;
}

/** `gtin: true` or `gtin: { restricted_prefixes }`: a GTIN with a valid check digit. */
export default {
  keyword: 'gtin',
  summary: 'a GTIN of 8, 12, 13 or 14 digits with a valid check digit, optionally no restricted prefix',
  definition: () => {
    const gtinChecks = new Map<string, (value: string) => string | undefined>();
    return {
      keyword: 'gtin',
      type: 'string',
      schemaType: ['boolean', 'object'],
      errors: true,
      compile(schema: GtinKeyword | boolean) {
        // One remembering check per distinct rule, shared by the channels that use it.
        const key = JSON.stringify(schema);
        let check = gtinChecks.get(key);
        if (check === undefined) {
          check = remembering((value) => gtinProblem(value, schema));
          gtinChecks.set(key, check);
        }
        const problemOf = check;
        const validate = (data: string) => {
          const problem = problemOf(data);
          if (problem === undefined) return true;
          (validate as unknown as { errors: Partial<ErrorObject>[] }).errors = [
            { keyword: 'gtin', params: { expected: problem } },
          ];
          return false;
        };
        return validate;
      },
    };
  },
  issue: ({ field, value, params }) => [
    { type: 'invalid-gtin', field, value, expected: String(params.expected) },
  ],
} satisfies KeywordDef;
