import { CANONICAL_FIELD_NAMES } from '../model/canonical.js';

/** The mapping schema's `channels`: names, or settings per channel. */
export function channelsSchema(fieldMap: (description: string) => object): Record<string, unknown> {
  return {
    description: 'Channels to write: a list of names, or settings per channel.',
    oneOf: [
      { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
      {
        type: 'object',
        minProperties: 1,
        additionalProperties: {
          oneOf: [
            { type: 'null' },
            {
              type: 'object',
              additionalProperties: false,
              properties: {
                output: {
                  type: 'string',
                  pattern: '^[^/\\\\]+$',
                  description:
                    'Output file name in --out; its extension picks the format (google.xml → rss); .gz gzips.',
                },
                format: { enum: ['tsv', 'csv', 'rss', 'jsonl'], description: 'Output format.' },
                definition: {
                  type: 'string',
                  minLength: 1,
                  description: 'Your own channel: its .channel.yaml, relative to this mapping.',
                },
                title: { type: 'string', minLength: 1, description: 'Feed title (RSS).' },
                link: { type: 'string', pattern: '^https?://', description: 'Shop home page (RSS).' },
                description: { type: 'string', description: 'One sentence about the feed (RSS).' },
                feed_id: {
                  type: 'string',
                  minLength: 1,
                  description: "The feed's stable id (acp metadata.json); default feed_<channel>.",
                },
                target_country: {
                  type: 'string',
                  pattern: '^[A-Z]{2}$',
                  description:
                    "The feed's market, ISO 3166-1 alpha-2 (acp metadata.json); default: a constant store_country.",
                },
                delta: {
                  type: 'boolean',
                  description:
                    "Write beside the feed what changed since the compared snapshot, in the channel's update form (Google supplemental feed, Meta batch file, acp upsert payload).",
                },
                supplemental: {
                  type: 'array',
                  items: { enum: CANONICAL_FIELD_NAMES.filter((name) => name !== 'id') },
                  minItems: 1,
                  uniqueItems: true,
                  description:
                    'Write beside the feed a supplemental feed of just these canonical fields (and the id) for every item: [price, availability].',
                },
                fields: fieldMap("This channel's own values, read from the canonical record ({{ title }})."),
                countries: countries(fieldMap),
                probe: {
                  type: 'object',
                  additionalProperties: false,
                  description: "What the probe's answers (--probe) do in this channel.",
                  properties: {
                    reject_unreachable: {
                      type: 'boolean',
                      description:
                        'An item whose image_link or link is unreachable (4xx, 5xx, no answer) is rejected (probe-unreachable), not only reported.',
                    },
                  },
                },
              },
            },
          ],
        },
      },
    ],
  };
}

/** The `countries` of a channel's settings: one feed per country. */
function countries(fieldMap: (description: string) => object): Record<string, unknown> {
  return {
    type: 'object',
    minProperties: 1,
    description:
      'One feed per country from one read (DK: { currency: DKK }), each a channel of its own in the report and the gate (google-dk).',
    propertyNames: { pattern: '^[A-Z]{2}$' },
    additionalProperties: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            currency: {
              type: 'string',
              pattern: '^[A-Z]{3}$',
              description:
                "ISO 4217 currency of the country's prices; a price in another is left out (wrong-currency), never relabelled.",
            },
            language: {
              type: 'string',
              pattern: '^[a-z]{2}$',
              description: "The feed's language, ISO 639-1 (sv).",
            },
            output: {
              type: 'string',
              pattern: '^[^/\\\\]+$',
              description:
                "Output file name; default: the channel's with -<country> before the extension (google-se.tsv).",
            },
            title: { type: 'string', minLength: 1, description: "This country's feed title (RSS)." },
            link: {
              type: 'string',
              pattern: '^https?://',
              description: "The shop's home page for this country (RSS).",
            },
            fields: fieldMap(
              "This country's own values, read from the supplier's columns (price: { from: Pris_SEK, pipe: [price] }).",
            ),
          },
        },
      ],
    },
  };
}
