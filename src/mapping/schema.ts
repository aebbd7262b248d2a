import { EXTRACT_FIELDS, EXTRACT_LANGUAGES } from '../config/extract.js';
import { CANONICAL_FIELD_NAMES, CANONICAL_FIELDS } from '../model/canonical.js';
import { changesSchema } from './schema-changes.js';
import { channelsSchema } from './schema-channels.js';
import { fieldDefinition } from './schema-field.js';
import { qualitySchema, thresholdDefinition } from './schema-quality.js';
import { gateSchema, joinsSchema, optionsSchema, sourceSchema, variantsSchema } from './schema-sections.js';

/**
 * The JSON Schema of mapping files. Published as `schemas/mapping.schema.json` for editors
 * (`npm run schema` writes it; a test keeps the file in step with this object).
 */
export function mappingSchema(
  options: { forEditors?: boolean } = { forEditors: true },
): Record<string, unknown> {
  const field = fieldDefinition(options.forEditors === true);
  // One definition referenced by every canonical field: inlined 80 times (fields and each
  // channel's fields), it made ajv compile for a second at every start.
  const fieldProperties = Object.fromEntries(
    CANONICAL_FIELD_NAMES.map((name) => [name, { $ref: '#/definitions/field' }]),
  );
  // And one definition of the canonical field map, referenced by `fields`, each channel's
  // and each country's: written out three times it was 80 % of the validator's code.
  const fields = { type: 'object', additionalProperties: false, properties: fieldProperties };
  const fieldMap = (description: string) => ({ $ref: '#/definitions/fields', description });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://feedkit.dev/schemas/mapping.schema.json',
    title: 'feedkit mapping',
    description:
      'How one supplier file becomes feedkit canonical product records, and which channels to write.',
    type: 'object',
    additionalProperties: false,
    required: ['fields'],
    definitions: { field, fields, threshold: thresholdDefinition },
    properties: {
      source: sourceSchema(),
      channels: channelsSchema(fieldMap),
      joins: joinsSchema(),
      variants: variantsSchema(),
      options: optionsSchema(),
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
      fields: fieldMap(
        'Canonical field → where its value comes from: a column name, or { from, pipe, value, default, when, expr }.',
      ),
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
      gate: gateSchema(),
      changes: changesSchema(),
    },
  };
}
