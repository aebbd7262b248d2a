import { readFileSync } from 'node:fs';
import { _, Ajv, type ErrorObject, type KeywordCxt, type ValidateFunction } from 'ajv';
import { parseYaml } from '../config/load.js';
import { FeedkitError } from '../model/errors.js';
import { type RecordIssue, shorten } from '../model/issues.js';
import { BUILTIN_CHANNEL_DIR } from '../model/paths.js';
import { isValidGtin } from '../text/gtin.js';
import { inlineSchemaRefs } from './schema-refs.js';
import { googleTaxonomy, inTaxonomy } from './taxonomy.js';

/** A projected channel item: channel field name → text or list of texts. */
/** A value of a channel item: text, a list, a number, or yes/no (JSON outputs keep the type). */
/** A value of an item's field; an object is a set of named strings (OpenAI's `variant_dict`). */
export type ItemValue = string | string[] | number | boolean | Readonly<Record<string, string>>;

/** One item as a channel sees it: its field names → values; fields without a value are absent. */
export type ChannelItem = Record<string, ItemValue>;

const MONEY = /^\d+(\.\d+)? [A-Z]{3}$/;
/** A price above 0: money whose amount has a digit other than 0. */
const PRICE = /^(?=[\d.]*[1-9])\d+(\.\d+)? [A-Z]{3}$/;
const HTTP_URL = /^https?:\/\/[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$/i;

/** Options of the `gtin` keyword in channel schemas. */
interface GtinKeyword {
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

/** Length from which a value's answer is remembered. */
const REMEMBER_FROM = 32;

/**
 * A check of strings that remembers its last four answers. The channels of a run check the
 * same record's values in turn (its link, description), so from the second channel on a
 * check is a comparison with the strings just seen. Short strings are checked afresh: a
 * pattern or a check digit on a few characters costs less than comparing with four others,
 * and one engine serves many fields (the placeholder pattern reads ten fields of an OpenAI
 * item), which would push every long value out of the four.
 */
function remembering<T>(check: (value: string) => T): (value: string) => T {
  const seen: Array<string | undefined> = [undefined, undefined, undefined, undefined];
  const answers: T[] = [];
  let next = 0;
  return (value) => {
    if (value.length < REMEMBER_FROM) return check(value);
    for (let i = 0; i < 4; i++) if (seen[i] === value) return answers[i] as T;
    const answer = check(value);
    seen[next] = value;
    answers[next] = answer;
    next = (next + 1) & 3;
    return answer;
  };
}

/** ajv's regular expression engine for `pattern`: plain RegExps whose tests remember (see remembering). */
const rememberingRegExp = Object.assign(
  (pattern: string, flags: string) => {
    const regExp = new RegExp(pattern, flags);
    // ajv shares one engine object per distinct pattern across schemas, keyed by toString().
    return { test: remembering((value) => regExp.test(value)), toString: () => regExp.toString() };
  },
  { code: 'rememberingRegExp' },
);

function quietUnicodeNotice(...args: unknown[]): void {
  if (!String(args[0]).includes('option unicode')) console.warn(...args);
}

/** A new ajv instance knowing feedkit's formats and keywords. One per process (or worker). */
export function createAjv(options: { messages?: boolean } = {}): Ajv {
  // strictRequired off: conditional rules (if/then: required) name properties defined at the top level.
  // unicode off: maxLength counts UTF-16 units (String#length) instead of code points, which
  // cost 5 µs per record in the profile; it is stricter only for astral characters (emoji).
  const ajv = new Ajv({
    unicode: false,
    // ajv marks `unicode` as deprecated and says so on every instance; that one notice is known.
    logger: { log: console.log, warn: quietUnicodeNotice, error: console.error },
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    // Record issues are built from error params; messages only serve schema authors (checks).
    messages: options.messages ?? false,
    code: { regExp: rememberingRegExp },
  });
  ajv.addFormat('money', { type: 'string', validate: remembering((value) => MONEY.test(value)) });
  ajv.addFormat('price', { type: 'string', validate: remembering((value) => PRICE.test(value)) });
  ajv.addFormat('http-url', { type: 'string', validate: remembering((value) => HTTP_URL.test(value)) });
  const gtinChecks = new Map<string, (value: string) => string | undefined>();
  // What a pattern means, in words, for the report: `expected text without HTML tags` reads
  // better than the regex. An annotation only; it validates nothing.
  ajv.addKeyword({ keyword: 'patternMessage', schemaType: 'string' });
  // What compileValidator makes of `not: { pattern }` and `not: { enum }`. ajv's `not` builds
  // the inner keyword's error object and array for every valid value, then drops them: two
  // allocations per checked field and record (eleven fields of an OpenAI item).
  ajv.addKeyword({
    keyword: 'notPattern',
    schemaType: 'string',
    code(cxt: KeywordCxt) {
      const regExp = cxt.gen.scopeValue('pattern', {
        key: `${cxt.schema}`,
        ref: rememberingRegExp(cxt.schema as string, 'u'), // as ajv compiles a pattern (unicodeRegExp)
      });
      // A pattern holds for anything but a string, so `not` refuses every other type.
      cxt.fail(_`typeof ${cxt.data} !== "string" || ${regExp}.test(${cxt.data})`);
    },
  });
  ajv.addKeyword({
    keyword: 'notEnum',
    schemaType: 'array',
    code(cxt: KeywordCxt) {
      const refused = cxt.gen.scopeValue('obj', { ref: new Set(cxt.schema as unknown[]) });
      cxt.fail(_`${refused}.has(${cxt.data})`);
    },
  });
  // `taxonomy: google`: the value is an id or a full path of Google's product taxonomy.
  ajv.addKeyword({
    keyword: 'taxonomy',
    type: 'string',
    schemaType: 'string',
    errors: true,
    validate: function taxonomy(this: unknown, name: string, data: string) {
      if (name !== 'google') throw new Error(`unknown taxonomy "${name}"; taxonomies: google`);
      if (inTaxonomy(googleTaxonomy(), data)) return true;
      (taxonomy as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        { keyword: 'taxonomy', params: { name } },
      ];
      return false;
    },
  });
  ajv.addKeyword({
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
  });
  return ajv;
}

/** Keywords that look at which properties an object has, not only at their values. */
const KEY_KEYWORDS = [
  'minProperties',
  'maxProperties',
  'propertyNames',
  'patternProperties',
  'unevaluatedProperties',
  '$ref',
  '$dynamicRef',
];

/**
 * True when the schema reads a property set to `undefined` exactly as an absent one, so one
 * item object per channel can be reused for every record (no allocation, one shape). ajv
 * tests presence as `!== undefined` for `required`, `properties` and `dependencies`; the
 * keywords in {@link KEY_KEYWORDS} count or list keys instead, and `additionalProperties`
 * would see a field the schema does not name. Only keywords applying to the item itself
 * matter; nested objects are values.
 */
export function undefinedMeansAbsent(schema: Record<string, unknown>, fields: readonly string[]): boolean {
  if (KEY_KEYWORDS.some((keyword) => keyword in schema)) return false;
  if ('additionalProperties' in schema && schema.additionalProperties !== true) {
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    if (!fields.every((name) => name in properties)) return false;
  }
  const inPlace = [
    ...(['allOf', 'anyOf', 'oneOf'] as const).flatMap((keyword) => (schema[keyword] ?? []) as unknown[]),
    ...(['if', 'then', 'else', 'not'] as const).map((keyword) => schema[keyword]),
    // A dependency's schema applies to the item itself (when the property is present).
    ...(['dependencies', 'dependentSchemas'] as const).flatMap((keyword) =>
      Object.values((schema[keyword] ?? {}) as Record<string, unknown>).filter((sub) => !Array.isArray(sub)),
    ),
  ];
  return inPlace.every(
    (sub) =>
      sub === undefined ||
      typeof sub === 'boolean' ||
      undefinedMeansAbsent(sub as Record<string, unknown>, fields),
  );
}

/** Turns a channel item into its issues; compiled once per channel. */
export interface ItemValidator {
  /** True when the item is valid. */
  (item: ChannelItem): boolean;
  /** The issues of the last invalid item. */
  issues(item: ChannelItem): RecordIssue[];
}

/**
 * Compile a channel's validator for items of the given fields (the projected field names).
 * The schema is compiled as {@link forItems} rewrites it, once per schema and field set.
 */
export function compileValidator(
  ajv: Ajv,
  schema: Record<string, unknown>,
  fields: readonly string[],
): ItemValidator {
  const { compiled, key } = forItems(schema, fields);
  const cache = compiledSchemas.get(ajv) ?? new Map<string, ValidateFunction>();
  compiledSchemas.set(ajv, cache);
  let validate = key === undefined ? undefined : cache.get(key);
  if (validate === undefined) {
    validate = ajv.compile(compiled);
    if (key !== undefined) cache.set(key, validate);
  }
  const run = validate;
  const hints = patternMessages(schema);
  const check = ((item: ChannelItem) => run(item) as boolean) as ItemValidator;
  check.issues = (item) => (run.errors ?? []).flatMap((error) => toIssue(error, item, hints));
  return check;
}

/** Validators compiled by each ajv instance, by schema `$id` and rewrite. */
const compiledSchemas = new WeakMap<Ajv, Map<string, ValidateFunction>>();

/**
 * The schema as it is compiled for a channel's items, which hold only the channel's fields:
 * `additionalProperties: false` goes when the schema names every field (nothing can be
 * additional, and ajv would loop over the item's keys for every record), and a property's
 * `not: { pattern }` or `not: { enum: [texts] }` becomes `notPattern` or `notEnum`, which
 * refuse the same values without building an error for each valid one. Schemas with a
 * `$ref` are compiled as they are (a reference may name the schema by its `$id`).
 */
export function forItems(
  schema: Record<string, unknown>,
  fields: readonly string[],
): { compiled: Record<string, unknown>; key: string | undefined } {
  const id = typeof schema.$id === 'string' ? schema.$id : undefined;
  if (JSON.stringify(schema).includes('"$ref"')) return { compiled: schema, key: id };
  const { $id: _id, ...compiled } = schema;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const closed =
    schema.additionalProperties === false && fields.every((name) => Object.hasOwn(properties, name));
  if (closed) delete compiled.additionalProperties;
  if (schema.properties !== undefined) {
    compiled.properties = Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [name, withoutNot(property)]),
    );
  }
  return { compiled, key: id === undefined ? undefined : `${id} ${closed ? 'closed' : 'open'}` };
}

function withoutNot(property: unknown): unknown {
  if (property === null || typeof property !== 'object') return property;
  const { not, ...rest } = property as Record<string, unknown>;
  if (not === null || typeof not !== 'object' || 'notPattern' in rest || 'notEnum' in rest) return property;
  const keys = Object.keys(not);
  if (keys.length !== 1) return property;
  const { pattern, enum: values } = not as { pattern?: unknown; enum?: unknown };
  if (typeof pattern === 'string') return { ...rest, notPattern: pattern };
  if (Array.isArray(values) && values.every((value) => typeof value === 'string')) {
    return { ...rest, notEnum: values };
  }
  return property;
}

/** `patternMessage` of each top-level property, by property name. */
function patternMessages(schema: Record<string, unknown>): Map<string, string> {
  const hints = new Map<string, string>();
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, property] of Object.entries(properties)) {
    const items = property.items as Record<string, unknown> | undefined;
    const message = property.patternMessage ?? items?.patternMessage;
    if (typeof message === 'string') hints.set(name, message);
  }
  return hints;
}

function toIssue(error: ErrorObject, item: ChannelItem, hints: ReadonlyMap<string, string>): RecordIssue[] {
  // JSON Pointer escapes `/` and `~` in names (Klarna's `EAN/GTIN` is `EAN~1GTIN`).
  const [, escaped = '', index] = error.instancePath.split('/');
  const field = escaped.replaceAll('~1', '/').replaceAll('~0', '~');
  const raw = field === '' ? undefined : item[field];
  const value =
    raw === undefined
      ? undefined
      : shorten(Array.isArray(raw) && index !== undefined ? raw[Number(index)] : raw);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return [{ type: 'missing-required', field: String(params.missingProperty) }];
    case 'maxLength':
      return [{ type: 'too-long', field, value, limit: Number(params.limit) }];
    case 'maxItems':
      return [{ type: 'too-many', field, value, limit: Number(params.limit) }];
    case 'enum':
      return [
        { type: 'invalid-value', field, value, expected: (params.allowedValues as unknown[]).join(', ') },
      ];
    case 'not':
    case 'notPattern':
    case 'notEnum':
      return [{ type: 'invalid-value', field, value, expected: 'a real value (not a placeholder)' }];
    case 'format':
      if (params.format === 'money')
        return [{ type: 'invalid-price', field, value, expected: 'e.g. 15.00 USD' }];
      if (params.format === 'price')
        return [{ type: 'invalid-price', field, value, expected: 'an amount above 0, e.g. 15.00 USD' }];
      if (params.format === 'http-url') return [{ type: 'invalid-url', field, value }];
      return [{ type: 'invalid-format', field, value, expected: String(params.format) }];
    case 'gtin':
      return [{ type: 'invalid-gtin', field, value, expected: String(params.expected) }];
    case 'taxonomy':
      return [
        {
          type: 'invalid-category',
          field,
          value,
          expected:
            "an id or full path of Google's product taxonomy (e.g. 212 or Apparel & Accessories > Clothing > Shirts & Tops)",
        },
      ];
    case 'pattern':
      return [{ type: 'invalid-format', field, value, expected: hints.get(field) ?? String(params.pattern) }];
    case 'type':
      return [{ type: 'invalid-value-type', field, value, expected: String(params.type) }];
    case 'dependencies':
    case 'dependentRequired':
      return [{ type: 'missing-required', field: String(params.missingProperty) }];
    case 'if':
      return [];
    default:
      return [{ type: 'invalid-format', field, value, expected: error.keyword }];
  }
}

/**
 * Compile a user-defined channel's schema in ajv's strict mode and turn a refusal into an
 * error that points into the schema file. The schema is read as YAML (JSON is YAML) so
 * every key has a line and column.
 */
export function checkChannelSchema(schemaFile: string): void {
  const loaded = parseYaml(schemaFile, readFileSync(schemaFile, 'utf8'));
  const schema = inlineSchemaRefs(loaded.value as Record<string, unknown>, schemaFile, BUILTIN_CHANNEL_DIR);
  try {
    createAjv({ messages: true }).compile(schema);
  } catch (error) {
    const message = (error as Error).message;
    throw new FeedkitError('channel-invalid', `schema: ${message}`, {
      file: schemaFile,
      ...loaded.positionOf(schemaPath(loaded.value, message), 'key'),
    });
  }
}

/** Where in the schema an ajv compile error is: `data/properties/x/type …` or an unknown keyword's name. */
function schemaPath(schema: unknown, message: string): Array<string | number> {
  const invalid = /schema is invalid: data((?:\/[^ ,]+)*)/.exec(message);
  if (invalid) return (invalid[1] ?? '').split('/').slice(1);
  const keyword = /unknown keyword: "([^"]+)"/.exec(message) ?? /"([^"]+)"/.exec(message);
  if (keyword === null) return [];
  const find = (node: unknown, path: Array<string | number>): Array<string | number> | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    for (const [key, value] of Object.entries(node)) {
      const here = [...path, Array.isArray(node) ? Number(key) : key];
      if (key === keyword[1]) return here;
      const deeper = find(value, here);
      if (deeper) return deeper;
    }
    return undefined;
  };
  return find(schema, []) ?? [];
}
