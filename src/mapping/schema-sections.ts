import { CANONICAL_FIELD_NAMES } from '../model/canonical.js';

// The mapping schema's sections that stand alone, one function each (see mappingSchema).

/** The mapping schema's `source`: how to read the supplier file. */
export function sourceSchema(): Record<string, unknown> {
  return {
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
  };
}

/** The mapping schema's `joins`: supplemental files joined by key. */
export function joinsSchema(): Record<string, unknown> {
  return {
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
        generated: {
          type: 'boolean',
          description:
            "The file's texts were written by generative AI: a title or description from it is disclosed as trained_algorithmic_media (Google structured_title, structured_description).",
        },
      },
    },
  };
}

/** The mapping schema's `variants`: products with variants. */
export function variantsSchema(): Record<string, unknown> {
  return {
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
            description: "Key inside each entry (sku=…) and the children's column holding it; default sku.",
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
  };
}

/** The mapping schema's `options`: variant options as name/value column pairs. */
export function optionsSchema(): Record<string, unknown> {
  return {
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
  };
}

/** The mapping schema's `gate`: when a run must not replace the published feeds. */
export function gateSchema(): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    description: 'When a run must not replace the published feeds (exit 4; --force overrides).',
    properties: {
      max_drop: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        description: 'The older name of changes.max_removed (used when that is not set).',
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
  };
}
