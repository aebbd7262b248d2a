const share = (description: string) => ({ type: 'number', minimum: 0, maximum: 1, description });

/** The mapping schema's `changes`: how much a feed may change against the last published run. */
export function changesSchema(): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    description:
      'How much a channel may change item by item against the last published run before the gate refuses it (exit 4; --force overrides).',
    properties: {
      max_removed: share(
        'Largest share of the published items a channel may lose, removed or now rejected (default 0.2; gate.max_drop is its older name).',
      ),
      max_price_drop: {
        type: 'object',
        additionalProperties: false,
        required: ['share', 'by'],
        description:
          'Refuse when more than share of the items in both runs had their price fall by more than by ({ share: 0.1, by: 0.5 }).',
        properties: {
          share: share('Largest share of the items in both runs.'),
          by: share('How far a price must fall to count, as a share of the earlier price.'),
        },
      },
      max_changed: {
        type: 'object',
        description:
          'Per field, the largest share of the items in both runs whose value may change ({ title: 0.3 }).',
        propertyNames: { minLength: 1 },
        additionalProperties: share('Largest share of the items in both runs.'),
      },
      protect: {
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', minLength: 1 },
        description: 'Fields no item may change ([gtin]); id refuses any removed item.',
      },
    },
  };
}
