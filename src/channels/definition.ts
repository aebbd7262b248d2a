import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parseYaml } from '../config/load.js';
import { CANONICAL_FIELDS, type CanonicalField } from '../model/canonical.js';
import { FeedkitError, FeedkitErrors, suggest } from '../model/errors.js';
import { BUILTIN_CHANNEL_DIR } from '../model/paths.js';

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
  /** Separator that joins a list in delimited outputs (default `,`). */
  join?: string;
  /** Element name in XML outputs, when it is not the output's prefix plus `name` (`title`, `g:id`). */
  element?: string;
  /** A value the channel's rules give the field when the record leaves it empty. */
  derive?: DeriveRule;
  /**
   * What a value that breaks the field's rule costs. `drop` (the default for a field the
   * channel's schema does not require): the value is left out of the item, the item is kept
   * and the report counts a `dropped-value`. `reject`: the item is rejected, as the channel
   * itself would reject it (a required field always rejects).
   */
  on_invalid?: 'drop' | 'reject';
  /**
   * Date ranges (`sale_price_effective_date`): how the zone offset is written, `+hh:mm`
   * (default, ISO 8601 extended, Meta) or `+hhmm` (Google's spelling). UTC is always `Z`.
   */
  offset?: '+hh:mm' | '+hhmm';
  /**
   * A value made of several canonical fields joined with `:`, in order; `""` is a position
   * left empty (Google's `shipping`: `[shipping_country, "", shipping_service, shipping_cost]`
   * → `DK::Standard:49.00 DKK`). Written only when `from` and the first part have values.
   */
  compose?: string[];
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

/** One way a channel's feed can be written. */
export interface ChannelOutput {
  /** Sink that writes it (`tsv`, `csv`, `rss`, `jsonl`). */
  format: string;
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
  /** Schema file name, relative to the definition file. */
  schema: string;
  /** The formats the channel accepts; the first is the default. */
  outputs: ChannelOutput[];
  /** Channel field that must be unique in a feed. */
  key: string;
  /** Output fields, in output order. */
  fields: ChannelField[];
  /** Rules for sale prices (default: none). */
  sale?: SaleRules;
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
  return loadChannelFile(join(BUILTIN_CHANNEL_DIR, `${name}${SUFFIX}`));
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
  return { definition, schema, file };
}

/** Sink for each file name extension, for choosing an output by the file name a mapping gives. */
const EXTENSIONS: Record<string, string> = {
  '.tsv': 'tsv',
  '.txt': 'tsv',
  '.csv': 'csv',
  '.xml': 'rss',
  '.jsonl': 'jsonl',
};

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
