import { memberOf, productIssuesOf } from '../channels/nest.js';
import type { SinkDef } from './sink.js';

/**
 * Marks a member of a product group in a batch's bytes (JSON text never holds a raw control
 * character): `\x01` group id `\x01` product issues `\x01` product `\x01` variant, one line. A
 * line without it is a product of one variant, written as it is.
 */
export const MEMBER_MARK = 0x01;

/** `{"id":…,"title":…` — a product's JSON without its closing brace, for its variants to follow. */
export function productHead(product: Record<string, unknown>): string {
  return JSON.stringify(product).slice(0, -1);
}

/** A product line from its head and its variants' JSON. */
export function productLine(head: string, variants: readonly string[]): string {
  return `${head},"variants":[${variants.join(',')}]}\n`;
}

/**
 * The Agentic Commerce Protocol's products.jsonl. Per record: a product of one variant, or a
 * member of a group that the run puts together with its other members (pipeline/products.ts).
 */
export default {
  name: 'acp',
  summary: 'One product with its variants per line, beside a metadata.json (Agentic Commerce Protocol).',
  header: () => '',
  compile: () => (item) => {
    const member = memberOf(item);
    const variant = JSON.stringify(member.variant);
    if (member.group === undefined) return productLine(productHead(member.product), [variant]);
    const issues = productIssuesOf(item);
    return `\x01${JSON.stringify(member.group)}\x01${issues === undefined ? '' : JSON.stringify(issues)}\x01${productHead(member.product)}\x01${variant}\n`;
  },
  footer: () => '',
  examples: [
    {
      item: { id: 'A1', title: 'Lamp' },
      output: '{"id":"A1","title":"Lamp","variants":[{"id":"A1","title":"Lamp"}]}\n',
    },
  ],
  // FeedMetadata (schema.feed.json): id, target_country, updated_at.
  besides: (options, now) => ({
    'metadata.json': `${JSON.stringify(
      {
        id: options.feed.id ?? 'feed',
        ...(options.feed.country !== undefined ? { target_country: options.feed.country } : {}),
        updated_at: new Date(now).toISOString().replace(/\.000Z$/, 'Z'),
      },
      null,
      2,
    )}\n`,
  }),
} satisfies SinkDef;
