import { CANONICAL_FIELD_NAMES } from '../model/canonical.js';

/** The mapping schema's `quality`: thresholds a run must meet. */
export function qualitySchema(): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    description:
      'Thresholds; an unmet one makes the run exit 1 (after publishing, unless gate.block_on_quality).',
    properties: {
      min_score: {
        type: 'number',
        minimum: 0,
        maximum: 100,
        description: 'Minimum score of every channel.',
      },
      fields: {
        type: 'object',
        additionalProperties: false,
        description: 'Per canonical field: the share of records that must fill it.',
        // One definition referenced by each field: written out per field it was half the
        // mapping validator's code.
        properties: Object.fromEntries(
          CANONICAL_FIELD_NAMES.map((name) => [
            name,
            { $ref: '#/definitions/threshold', description: `Threshold for ${name}.` },
          ]),
        ),
      },
    },
  };
}

/** The definition each field's threshold in `quality.fields` refers to. */
export const thresholdDefinition = {
  type: 'object',
  additionalProperties: false,
  properties: {
    min_fill: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      description: 'Share of records (0–1) that must fill the field, in every channel that has it.',
    },
  },
};
