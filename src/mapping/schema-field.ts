import { transforms } from './transforms/index.js';

/**
 * One canonical field's source in a mapping (`#/definitions/field`): a column, or an object with
 * from, value, template, expr, a date range, a pipe of transforms, a value map, a default and a
 * condition. For editors, each transform name with its summary.
 */
export function fieldDefinition(forEditors: boolean): Record<string, unknown> {
  const transformNames = Object.keys(transforms).sort();
  // Editors get the transform names to complete; the checker leaves them loose so the mapping
  // compiler can answer an unknown name with its position and the nearest real name.
  // Each name with its summary, which editors show on hover and in completion.
  const summaries = Object.fromEntries(
    transformNames.map((name) => [name, { description: transforms[name]?.summary ?? name }]),
  );
  const step = forEditors
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
  return field;
}
