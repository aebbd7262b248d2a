import { EXTRACT_FIELDS, EXTRACT_LANGUAGES } from '../config/extract.js';
import { CANONICAL_FIELD_NAMES, CANONICAL_FIELDS } from '../model/canonical.js';
import { channelsSchema } from './schema-channels.js';
import { qualitySchema } from './schema-quality.js';
import { transforms } from './transforms/index.js';

/**
 * The JSON Schema of mapping files. Published as `schemas/mapping.schema.json` for editors
 * (`npm run schema` writes it; a test keeps the file in step with this object).
 */
export function mappingSchema(
  options: { forEditors?: boolean } = { forEditors: true },
): Record<string, unknown> {
  const transformNames = Object.keys(transforms).sort();
  // Editors get the transform names to complete; the checker leaves them loose so the mapping
  // compiler can answer an unknown name with its position and the nearest real name.
  // Each name with its summary, which editors show on hover and in completion.
  const summaries = Object.fromEntries(
    transformNames.map((name) => [name, { description: transforms[name]?.summary ?? name }]),
  );
  const step = options.forEditors
    ? {
        anyOf: [
          ...transformNames.map((name) => ({ const: name, ...summaries[name] })),
          {
            type: 'object',
            minProperties: 1,
            maxProperties: 1,
            propertyNames: { enum: transformNames },
            properties: summaries,
          },
        ],
      }
    : { type: ['string', 'object'] };
  /** A column (or XML path), or a list of them of which the first with a value counts. */
  const columnOrList = {
    oneOf: [
      { type: 'string', minLength: 1 },
      { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    ],
  };

  const scalar = { type: ['string', 'number', 'boolean'] };
  const field = {
    oneOf: [
      { type: 'string', minLength: 1, description: 'Source column name.' },
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          from: {
            ...columnOrList,
            description:
              'Source column name (CSV header, trimmed), or an XML path relative to the record; a list takes the first with a value.',
          },
          feature: {
            type: 'string',
            minLength: 1,
            description: 'XML: the value of the feature with this name (see source.features).',
          },
          value: { ...scalar, description: 'A constant value.' },
          template: { type: 'string', description: 'Template with {{ Column }} placeholders.' },
          expr: {
            type: 'string',
            description: 'Expression whose result is the value (same language as when and filters).',
          },
          start: {
            ...columnOrList,
            description:
              'A date range from two columns (sale_price_effective_date): the column or XML path of the start; with end, the value becomes start/end. ISO 8601 dates (2026-12-01, 2026-12-01T08:00+01:00); no zone means UTC.',
          },
          end: {
            ...columnOrList,
            description:
              'The column or XML path of the end of a date range (see start); either may be left out for an open range.',
          },
          pipe: {
            type: 'array',
            description: 'Transforms applied in order.',
            items: step,
          },
          map: {
            type: 'object',
            description: 'Value map applied after the pipe.',
            additionalProperties: scalar,
          },
          default: { ...scalar, description: 'Value used when the result is empty.' },
          when: { type: 'string', description: 'Expression; the field takes its value only when it holds.' },
        },
      },
    ],
  };
  // One definition referenced by every canonical field: inlined 80 times (fields and each
  // channel's fields), it made ajv compile for a second at every start.
  const fieldProperties = Object.fromEntries(
    CANONICAL_FIELD_NAMES.map((name) => [name, { $ref: '#/definitions/field' }]),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://feedkit.dev/schemas/mapping.schema.json',
    title: 'feedkit mapping',
    description:
      'How one supplier file becomes feedkit canonical product records, and which channels to write.',
    type: 'object',
    additionalProperties: false,
    required: ['fields'],
    definitions: { field },
    properties: {
      source: {
        type: 'object',
        additionalProperties: false,
        description: 'How to read the supplier file; everything is sniffed when left out.',
        properties: {
          format: { enum: ['auto', 'csv', 'xml'], description: 'Input format; auto sniffs.' },
          record: {
            type: 'string',
            minLength: 1,
            description: 'XML: path of the records (/BMECAT/T_NEW_CATALOG/PRODUCT, //item).',
          },
          namespaces: {
            type: 'object',
            description: 'XML: namespace prefixes used in paths, prefix → URI.',
            propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' },
            additionalProperties: { type: 'string', minLength: 1 },
          },
          features: {
            type: 'object',
            additionalProperties: false,
            required: ['path', 'name', 'value'],
            description: 'XML: where the features (name → value) of a record are.',
            properties: {
              path: { type: 'string', minLength: 1, description: 'Feature element, relative to the record.' },
              name: { type: 'string', minLength: 1, description: 'Feature name, relative to the feature.' },
              value: { type: 'string', minLength: 1, description: 'Feature value, relative to the feature.' },
              unit: { type: 'string', minLength: 1, description: 'Unit, appended after a space.' },
            },
          },
          encoding: {
            enum: ['auto', 'utf-8', 'windows-1252', 'iso-8859-1', 'latin1', 'utf-16le', 'utf-16be'],
            description: 'Text encoding; auto keeps valid UTF-8 and reads anything else as windows-1252.',
          },
          delimiter: {
            enum: ['auto', ',', ';', '\t', 'tab', '|'],
            description: 'Field delimiter; auto sniffs among , ; tab |. Write tab as "\\t" or tab.',
          },
          decimal: {
            enum: ['auto', ',', '.'],
            description:
              'Decimal separator of numbers; auto decides per value (1.299,95 and 1,299.95 both work).',
          },
          base_url: {
            type: 'string',
            pattern: '^https?://',
            description: 'Base URL for relative links and image paths (used by absolute_url).',
          },
          currency: {
            type: 'string',
            pattern: '^[A-Z]{3}$',
            description: 'ISO 4217 currency of prices given without one (used by price).',
          },
          optional_columns: {
            type: 'array',
            uniqueItems: true,
            items: { type: 'string', minLength: 1 },
            description:
              'Columns some exports of this shape lack (older Shopify exports have no Status): read as empty where the header has none.',
          },
        },
      },
      channels: channelsSchema(fieldProperties),
      joins: {
        type: 'array',
        description:
          'Supplemental files joined by key (stock, prices, GTINs, images); their columns are read as <name>.<column>.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['path', 'on', 'fields'],
          properties: {
            path: {
              type: 'string',
              minLength: 1,
              description:
                'Delimited text file (gzip allowed, dialect sniffed), relative to this mapping and inside its folder; --join <name>=<path> names one elsewhere.',
            },
            name: {
              type: 'string',
              pattern: '^[A-Za-z0-9_-]+$',
              description: 'Name its columns are read under (stock → stock.qty); default: the file name.',
            },
            on: { type: 'string', minLength: 1, description: "The input's key column." },
            key: {
              type: 'string',
              minLength: 1,
              description: "The join file's key column; default: the same name as on.",
            },
            fields: {
              type: 'array',
              minItems: 1,
              uniqueItems: true,
              items: { type: 'string', minLength: 1 },
              description: 'Columns of the join file the mapping reads, as <name>.<column>.',
            },
            encoding: {
              enum: ['auto', 'utf-8', 'windows-1252', 'iso-8859-1', 'latin1', 'utf-16le', 'utf-16be'],
              description: "The join file's encoding; default: sniffed as the input's is.",
            },
            delimiter: {
              enum: ['auto', ',', ';', '\t', 'tab', '|'],
              description: "The join file's delimiter; default: sniffed.",
            },
          },
        },
      },
      variants: {
        type: 'object',
        additionalProperties: false,
        description:
          'Products with variants: item_group_id, and what children inherit from their parent. One of parent, handle, children.',
        properties: {
          parent: {
            type: 'string',
            minLength: 1,
            description: "Child rows name their parent's key in this column (WooCommerce Parent).",
          },
          key: {
            type: 'string',
            minLength: 1,
            description: "With parent: the parent's column children name; default: the record's id.",
          },
          ids: {
            type: 'string',
            minLength: 1,
            description: 'With parent: a column children may name as id:<value> (WooCommerce ID).',
          },
          handle: {
            type: 'string',
            minLength: 1,
            description:
              'Rows sharing this value form one product; its values fill the rows that lack them (Shopify Handle).',
          },
          children: {
            type: 'object',
            additionalProperties: false,
            required: ['from'],
            description: 'Parent rows list their children (Magento configurable_variations).',
            properties: {
              from: { type: 'string', minLength: 1, description: 'Column with the list.' },
              key: {
                type: 'string',
                minLength: 1,
                description:
                  "Key inside each entry (sku=…) and the children's column holding it; default sku.",
              },
              separator: { type: 'string', minLength: 1, description: 'Between entries; default |.' },
            },
          },
          parents_when: { type: 'string', description: 'Expression that is true for parent rows.' },
          inherit: {
            type: 'array',
            uniqueItems: true,
            items: { enum: CANONICAL_FIELD_NAMES },
            description: 'Canonical fields a child takes from its parent when it has no value of its own.',
          },
          emit_parents: {
            type: 'boolean',
            description: 'Sell parent rows as items too (default false: rejected as variant-parent).',
          },
          fill: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', minLength: 1 },
            description:
              "Input columns a row takes from its product's first row (handle) or its parent (parent, children) when it leaves them empty, before filters and fields.",
          },
        },
      },
      options: {
        type: 'array',
        minItems: 1,
        description:
          "Variant options as name and value column pairs (Shopify Option1 Name / Option1 Value): the record's options, and its color, size, material or pattern where the option's name means one.",
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'value'],
          properties: {
            name: { type: 'string', minLength: 1, description: "Column with the option's name (Color)." },
            value: { type: 'string', minLength: 1, description: "Column with the option's value (Black)." },
          },
        },
      },
      filters: {
        type: 'array',
        description:
          'Records the shop does not sell (drafts, archived, samples): excluded and counted with the reason, not rejected.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['exclude', 'reason'],
          properties: {
            exclude: { type: 'string', description: 'Expression; matching records are excluded.' },
            reason: {
              type: 'string',
              minLength: 1,
              description: 'Why; shown in the rejects and the report.',
            },
          },
        },
      },
      fields: {
        type: 'object',
        additionalProperties: false,
        description:
          'Canonical field → where its value comes from: a column name, or { from, pipe, value, default, when, expr }.',
        properties: fieldProperties,
      },
      extract: {
        type: 'object',
        additionalProperties: false,
        required: ['language'],
        description:
          "Guess empty colour, material, pattern, size, gender and age group from the product's text, with a bundled dictionary per language.",
        properties: {
          language: {
            description: 'Language of the text, or several (the first listed wins where they differ).',
            oneOf: [
              { enum: [...EXTRACT_LANGUAGES] },
              { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...EXTRACT_LANGUAGES] } },
            ],
          },
          fields: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { enum: [...EXTRACT_FIELDS] },
            description: 'Fields to fill where the mapping leaves them empty; default all six.',
          },
          from: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { enum: CANONICAL_FIELD_NAMES.filter((name) => CANONICAL_FIELDS[name] === 'text') },
            description:
              'Canonical text fields read, in order; a field takes its values from the first that names any. Default: title, description, product_type.',
          },
        },
      },
      quality: qualitySchema(),
      gate: {
        type: 'object',
        additionalProperties: false,
        description: 'When a run must not replace the published feeds (exit 4; --force overrides).',
        properties: {
          max_drop: {
            type: 'number',
            minimum: 0,
            maximum: 1,
            description:
              'Largest share of accepted items a channel may lose against the last published run (default 0.2).',
          },
          max_reject_rate: {
            type: 'number',
            minimum: 0,
            maximum: 1,
            description:
              'Largest share of records a channel may reject (default: no limit); records left out on purpose (filters, variant parents) do not count.',
          },
          block_on_quality: {
            type: 'boolean',
            description: 'Refuse to publish when a quality threshold fails (default false).',
          },
        },
      },
    },
  };
}
