import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { type RecordIssue, shorten } from '../model/issues.js';
import { keywords } from './keywords/index.js';
import { remembering, rememberingRegExp } from './remember.js';
import type { Taxonomy } from './taxonomy.js';

export { gtinProblem } from './keywords/gtin.js';

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

function quietUnicodeNotice(...args: unknown[]): void {
  if (!String(args[0]).includes('option unicode')) console.warn(...args);
}

/**
 * A new ajv instance knowing feedkit's formats and keywords (`channels/keywords/`). One per
 * process (or worker). `taxonomy` is what the `taxonomy` keyword checks against: the bundle's,
 * when a channel's schema uses the keyword. `validateSchema: false` skips checking schemas
 * against the meta-schema (compiling it is ~25 ms), for schemas checked already.
 */
export function createAjv(
  options: { messages?: boolean; taxonomy?: Taxonomy; validateSchema?: boolean } = {},
): Ajv {
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
    code: { regExp: rememberingRegExp, optimize: false },
    validateSchema: options.validateSchema ?? true,
  });
  ajv.addFormat('money', { type: 'string', validate: remembering((value) => MONEY.test(value)) });
  ajv.addFormat('price', { type: 'string', validate: remembering((value) => PRICE.test(value)) });
  ajv.addFormat('http-url', { type: 'string', validate: remembering((value) => HTTP_URL.test(value)) });
  const context = options.taxonomy !== undefined ? { taxonomy: options.taxonomy } : {};
  for (const def of Object.values(keywords)) ajv.addKeyword(def.definition(context));
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
 * the properties of fields the items cannot hold go (a property applies only where it is
 * present; Google's 46 cost 15 ms of compiling at each start, a mapping fills ~20),
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
    const projected = new Set(fields);
    compiled.properties = Object.fromEntries(
      Object.entries(properties).flatMap(([name, property]) =>
        projected.has(name) ? [[name, withoutNot(property)]] : [],
      ),
    );
  }
  const shape = `${closed ? 'closed' : 'open'} ${fields.join('\t')}`;
  return { compiled, key: id === undefined ? undefined : `${id} ${shape}` };
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
  const own = keywords[error.keyword]?.issue;
  if (own !== undefined) return own({ field, value, params });
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
      return [{ type: 'invalid-value', field, value, expected: 'a real value (not a placeholder)' }];
    case 'format':
      if (params.format === 'money')
        return [{ type: 'invalid-price', field, value, expected: 'e.g. 15.00 USD' }];
      if (params.format === 'price')
        return [{ type: 'invalid-price', field, value, expected: 'an amount above 0, e.g. 15.00 USD' }];
      if (params.format === 'http-url') return [{ type: 'invalid-url', field, value }];
      return [{ type: 'invalid-format', field, value, expected: String(params.format) }];
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
