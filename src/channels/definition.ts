import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parseYaml } from '../config/load.js';
import { CANONICAL_FIELDS, type CanonicalField } from '../model/canonical.js';
import { FeedkitError, FeedkitErrors, suggest } from '../model/errors.js';
import { BUILTIN_CHANNEL_DIR } from '../model/paths.js';
import { cachedBuiltinChannel } from './builtin-cache.js';
import { inlineSchemaRefs } from './schema-refs.js';

/** Where a field counts in the completeness score. */
export type FieldGroup = 'required' | 'recommended' | 'optional';

/** One output field of a channel, projected from a canonical field. */
export interface ChannelField {
  /** The channel's name for the field (the output column or element). */
  name: string;
  /** The canonical field it comes from. */
  from: CanonicalField;
  /** Group for the report: required, recommended or optional. */
  group: FieldGroup;
  /** Canonical value → channel spelling (e.g. `in_stock: in stock`); values not listed pass unchanged. */
  values?: Record<string, string>;
  /** The channel takes one value: a list (`gtin`) is written as its first value. */
  first?: boolean;
  /**
   * Money as an integer of the currency's minor unit and the code, `1999 USD` for 19.99 USD
   * (ISO 4217 exponents: JPY 0, KWD 3, most 2), rounded half away from zero on the decimal
   * digits (the Agentic Commerce Protocol's `Price.amount`).
   */
  minor_units?: boolean;
  /** Separator that joins a list in delimited outputs (default `,`). */
  join?: string;
  /** Element name in XML outputs, when it is not the output's prefix plus `name` (`title`, `g:id`). */
  element?: string;
  /** A value the channel's rules give the field when the record leaves it empty. */
  derive?: DeriveRule;
  /**
   * The value written when the record (and the channel's own values) leave the field empty,
   * so the field is on every item (OpenAI's `is_eligible_search: true`, what an empty value
   * means in the spec).
   */
  default?: string | number | boolean | string[];
  /**
   * What a value that breaks the field's rule costs. `drop` (the default for a field the
   * channel's schema does not require): the value is left out of the item, the item is kept
   * and the report counts a `dropped-value`. `reject`: the item is rejected, as the channel
   * itself would reject it (a required field always rejects).
   */
  on_invalid?: 'drop' | 'reject';
  /**
   * Date ranges (`sale_price_effective_date`): how the zone offset is written, `+hh:mm`
   * (default, ISO 8601 extended, Meta) or `+hhmm` (Google's spelling). UTC is always `Z`;
   * `Z` writes both ends in UTC (Pinterest reads sale dates in UTC).
   */
  offset?: '+hh:mm' | '+hhmm' | 'Z';
  /**
   * A value made of several canonical fields joined with `:`, in order; `""` is a position
   * left empty (Google's `shipping`: `[shipping_country, "", shipping_service, shipping_cost]`
   * → `DK::Standard:49.00 DKK`). Written only when `from` and the first part have values.
   */
  compose?: string[];
}

/** The smallest image a channel takes, where it applies (the first entry that applies wins). */
export interface ImageMinimum {
  /** Width in pixels at least. */
  width: number;
  /** Height in pixels at least. */
  height: number;
  /** Only for products in these Google top-level categories (ids: 166 is Apparel & Accessories). */
  categories?: number[];
  /** Only from this day on (`2027-01-31`), compared with the run's time. */
  from?: string;
}

/** What a channel takes as an image, for the image probe (`--probe images`). */
export interface ImageRules {
  /** Where the limits come from. */
  source?: string;
  /** Image formats the channel takes, as the file's first bytes name them (`jpeg`, `png`, `webp` …). */
  formats?: string[];
  /** The largest file in bytes. */
  max_bytes?: number;
  /** The most pixels (width × height). */
  max_pixels?: number;
  /** The smallest width and height: the first entry that applies to the product and the run's day. */
  min?: ImageMinimum[];
}

/**
 * The channel's rules for sale prices, applied to every item before validation; a sale price
 * they leave out is a warning, the item is kept at its regular price.
 */
export interface SaleRules {
  /** A sale price not below the price, or in another currency, is left out (`sale-not-lower`). */
  below_price?: boolean;
  /**
   * How the channel treats `sale_price_effective_date`. `schedule`: the channel reads the
   * dates (Google, Meta), so a sale that has not started is written with them. `apply`: the
   * channel has no dates (OpenAI), so only a sale that is on at the run's time is written
   * (`sale-not-started` otherwise). Either way a sale that ended before the run's time is left
   * out with its dates (`sale-expired`).
   */
  dates?: 'schedule' | 'apply';
}

/**
 * `{ value: "no", unless_any: [[gtin], [mpn, brand]] }`: when the field is empty and no group
 * of canonical fields in `unless_any` is complete, the field takes `value` (Google's
 * `identifier_exists`: no GTIN and no MPN with brand means "no").
 */
export interface DeriveRule {
  /** The value to give. */
  value: string;
  /** Groups of canonical fields; if every field of any group has a value, nothing is derived. */
  unless_any: CanonicalField[][];
}

/**
 * A check the channel runs after upload that feedkit can make before it, on an accepted item:
 * a warning, the item kept (Meta's `PROPERTY_VALUE_UPPERCASE`, `DUPLICATE_TITLE_AND_DESCRIPTION`,
 * `PRODUCT_URL_EQUALS_DOMAIN`).
 */
export interface ChannelWarning {
  /**
   * `all_caps`: the text has no lower-case letter and four upper-case ones in a row
   * (`all-caps`); `same_as`: the text equals `other`'s, ignoring case and outer spaces
   * (`same-value`); `home_page`: the URL is the site's home page, nothing after the host
   * (`home-page-link`); `image_size`: an image URL states a width or height below `min`
   * pixels (`_200x200.jpg`, `?width=200`; `small-image`); `zero_price`: a money value whose
   * amount is 0, which the channel shows as free (`zero-price`).
   */
  check: 'all_caps' | 'same_as' | 'home_page' | 'image_size' | 'zero_price';
  /** `image_size`: the smallest side in pixels. */
  min?: number;
  /** The channel field checked. */
  field: string;
  /** `same_as`: the channel field compared with. */
  other?: string;
  /** The channel's name for the problem, shown with the warning (`Meta PROPERTY_VALUE_UPPERCASE`). */
  source: string;
}

/** One way a channel's feed can be written. */
export interface ChannelOutput {
  /** Sink that writes it (`tsv`, `csv`, `rss`, `jsonl`, `acp`). */
  format: string;
  /**
   * A folder inside the output folder that holds the channel's files (`acp`: `acp/products.jsonl`
   * and `acp/metadata.json`); without it the file is directly in the output folder.
   */
  folder?: string;
  /** Default file name in the output folder; `.gz` gzips. */
  file: string;
  /** Most items in one file; beyond it the feed is split into numbered files (`openai-0001.jsonl.gz`). */
  shard?: number;
  /**
   * Delimited outputs: quote only values that need it with `"` (default), every value with `"`
   * (inner quotes doubled), or `qualified`: every field, empty ones too, wrapped in a qualifier
   * that occurs inside no value of the file (`"`, or `'` when values hold `"` and none holds
   * `'`; when values hold both, the qualifier inside text becomes its typographic form).
   */
  quote?: 'minimal' | 'always' | 'qualified';
  /** XML outputs: the namespace of the channel's elements, written as `prefix:name`. */
  namespace?: { prefix: string; uri: string };
}

/** A channel, as data: loaded from `<name>.channel.yaml` with its JSON Schema beside it. */
export interface ChannelDefinition {
  /** Name users type (`--channel google`). */
  name: string;
  /** Human title. */
  title: string;
  /** Where the channel's rules come from: the spec's page (`support.google.com/merchants/answer/7052112`). */
  source?: string;
  /** When the definition was last checked against its source (`2026-12` or `2026-12-07`). */
  spec_date?: string;
  /** Schema file name, relative to the definition file. */
  schema: string;
  /** The formats the channel accepts; the first is the default. */
  outputs: ChannelOutput[];
  /** Channel field that must be unique in a feed. */
  key: string;
  /** How the channel takes changes between full feeds (delta and supplemental outputs); none: only full feeds. */
  updates?: ChannelUpdates;
  /** Output fields, in output order. */
  fields: ChannelField[];
  /** Rules for sale prices (default: none). */
  sale?: SaleRules;
  /** Checks of accepted items that warn and keep the item (default: none). */
  warnings?: ChannelWarning[];
  /** What the image probe holds the channel's images against (default: reachable and an image). */
  images?: ImageRules;
}

/** How a channel takes changes between full feeds. */
export interface ChannelUpdates {
  /**
   * A delta output's form: `supplemental` (id and changed attributes; cannot add or remove
   * items), `batch` (a `method` column CREATE, UPDATE, DELETE), `upsert` (whole products,
   * removed variants marked unavailable).
   */
  delta?: 'supplemental' | 'batch' | 'upsert';
  /** The channel takes supplemental feeds: id and some attributes, in the feed's format. */
  supplemental?: boolean;
  /** Where the update forms are specified. */
  source?: string;
}

/** A loaded channel: its definition, its JSON Schema and where they came from. */
export interface Channel {
  definition: ChannelDefinition;
  schema: Record<string, unknown>;
  /** Path of the definition file. */
  file: string;
}

const SUFFIX = '.channel.yaml';

/** Names of the bundled channels, from the files present. */
export function builtinChannelNames(): string[] {
  return readdirSync(BUILTIN_CHANNEL_DIR)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();
}

/** Load a bundled channel by name; an unknown name is a usage error listing the channels. */
export function loadBuiltinChannel(name: string): Channel {
  const names = builtinChannelNames();
  if (!names.includes(name)) {
    throw new FeedkitError('unknown-channel', `unknown channel "${name}"; channels: ${names.join(', ')}`, {
      suggestion: suggest(name, names),
    });
  }
  const file = join(BUILTIN_CHANNEL_DIR, `${name}${SUFFIX}`);
  const cached = cachedBuiltinChannel<ChannelDefinition>(name);
  return cached === undefined ? loadChannelFile(file) : { ...cached, file };
}

/** A bundled channel by name, or a user's own by the path of its `.channel.yaml`. */
export function loadChannel(nameOrPath: string): Channel {
  return nameOrPath.endsWith('.yaml') ? loadChannelFile(nameOrPath) : loadBuiltinChannel(nameOrPath);
}

let definitionValidator: ReturnType<Ajv['compile']> | undefined;

/** Load and check a channel definition file and the schema it names. */
export function loadChannelFile(file: string): Channel {
  const loaded = parseYaml(file, readFileSync(file, 'utf8'));
  definitionValidator ??= new Ajv({ strict: true, allowUnionTypes: true, allErrors: true }).compile(
    JSON.parse(readFileSync(join(BUILTIN_CHANNEL_DIR, 'channel.schema.json'), 'utf8')),
  );
  if (!definitionValidator(loaded.value)) {
    throw new FeedkitErrors(
      (definitionValidator.errors ?? []).map((error) => {
        const path = error.instancePath.split('/').slice(1);
        const pos = loaded.positionOf(path);
        return new FeedkitError('channel-invalid', `${error.instancePath || 'channel'} ${error.message}`, {
          file,
          ...pos,
        });
      }),
    );
  }
  const definition = loaded.value as ChannelDefinition;
  const problems: FeedkitError[] = [];
  definition.fields.forEach((field, index) => {
    field.derive?.unless_any.forEach((group, g) => {
      group.forEach((name, n) => {
        if (name in CANONICAL_FIELDS) return;
        problems.push(
          new FeedkitError('channel-invalid', `unknown canonical field "${name}"`, {
            file,
            ...loaded.positionOf(['fields', index, 'derive', 'unless_any', g, n]),
            suggestion: suggest(name, Object.keys(CANONICAL_FIELDS)),
          }),
        );
      });
    });
    field.compose?.forEach((name, n) => {
      if (name === '' || name in CANONICAL_FIELDS) return;
      problems.push(
        new FeedkitError('channel-invalid', `unknown canonical field "${name}"`, {
          file,
          ...loaded.positionOf(['fields', index, 'compose', n]),
          suggestion: suggest(name, Object.keys(CANONICAL_FIELDS)),
        }),
      );
    });
    if (!(field.from in CANONICAL_FIELDS)) {
      problems.push(
        new FeedkitError('channel-invalid', `unknown canonical field "${field.from}"`, {
          file,
          ...loaded.positionOf(['fields', index, 'from']),
          suggestion: suggest(field.from, Object.keys(CANONICAL_FIELDS)),
        }),
      );
    }
  });
  definition.warnings?.forEach((warning, index) => {
    for (const key of ['field', 'other'] as const) {
      const name = warning[key];
      if (name === undefined || definition.fields.some((field) => field.name === name)) continue;
      problems.push(
        new FeedkitError('channel-invalid', `warning ${key} "${name}" is not one of the channel's fields`, {
          file,
          ...loaded.positionOf(['warnings', index, key]),
          suggestion: suggest(
            name,
            definition.fields.map((field) => field.name),
          ),
        }),
      );
    }
  });
  if (!definition.fields.some((field) => field.name === definition.key)) {
    problems.push(
      new FeedkitError('channel-invalid', `key "${definition.key}" is not one of the channel's fields`, {
        file,
        ...loaded.positionOf(['key']),
      }),
    );
  }
  if (problems.length > 0) throw new FeedkitErrors(problems);
  const schemaFile = resolve(dirname(file), definition.schema);
  let schema: Record<string, unknown>;
  try {
    schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new FeedkitError('channel-invalid', `cannot read channel schema: ${(error as Error).message}`, {
      file: schemaFile,
    });
  }
  return { definition, schema: inlineSchemaRefs(schema, schemaFile, BUILTIN_CHANNEL_DIR), file };
}

/** Sink for each file name extension, for choosing an output by the file name a mapping gives. */
const EXTENSIONS: Record<string, string> = {
  '.tsv': 'tsv',
  '.txt': 'tsv',
  '.csv': 'csv',
  '.xml': 'rss',
  '.jsonl': 'jsonl',
};

/** `.jsonl` of `products.jsonl.gz`: the extension before an optional `.gz`, lower-cased. */
function extension(file: string): string | undefined {
  return /\.[a-z]+(?=(\.gz)?$)/i.exec(file)?.[0]?.toLowerCase();
}

/**
 * The output a run writes for a channel: the one whose format the mapping names (`format`),
 * or whose format matches the extension of the mapping's file name, or the channel's first.
 */
export function chooseOutput(
  definition: ChannelDefinition,
  settings: { output?: string; format?: string },
): ChannelOutput {
  const file = settings.output;
  const format =
    settings.format ??
    (file === undefined
      ? undefined
      : EXTENSIONS[/\.[a-z]+(?=(\.gz)?$)/i.exec(file)?.[0]?.toLowerCase() ?? '']);
  const base = definition.outputs[0] as ChannelOutput;
  if (format === undefined) return file === undefined ? base : { ...base, file };
  // A name with the default output's own extension keeps that output (acp's products.jsonl.gz).
  if (settings.format === undefined && file !== undefined && extension(file) === extension(base.file))
    return { ...base, file };
  const output = definition.outputs.find((o) => o.format === format);
  if (output === undefined) {
    const formats = definition.outputs.map((o) => o.format);
    throw new FeedkitError(
      'usage',
      `channel "${definition.name}" has no ${format} output${file ? ` (for ${file})` : ''}; it writes ${formats.join(', ')}`,
      { suggestion: suggest(format, formats) },
    );
  }
  return file === undefined ? output : { ...output, file };
}
