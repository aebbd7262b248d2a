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
        properties: Object.fromEntries(
          CANONICAL_FIELD_NAMES.map((name) => [
            name,
            {
              type: 'object',
              additionalProperties: false,
              description: `Threshold for ${name}.`,
              properties: {
                min_fill: {
                  type: 'number',
                  minimum: 0,
                  maximum: 1,
                  description: `Share of records (0–1) that must fill ${name}, in every channel that has it.`,
                },
              },
            },
          ]),
        ),
      },
    },
  };
}
