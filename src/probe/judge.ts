import type { ImageMinimum, ImageRules } from '../channels/definition.js';
import type { CanonicalField, CanonicalProduct } from '../model/canonical.js';
import type { ProbeFacts, ProbeKind } from './facts.js';

/** What the probe can find wrong with a URL in a channel. */
export type ProbeClass = 'unreachable' | 'not-image' | 'format' | 'too-small' | 'too-large';

/** The URL fields the probe reads, and what each is probed as. */
export const PROBED_FIELDS: ReadonlyArray<readonly [CanonicalField, ProbeKind]> = [
  ['image_link', 'image'],
  ['additional_image_link', 'image'],
  ['link', 'link'],
];

/** One problem of one URL of a product, in one channel. */
export interface ProbeFinding {
  class: ProbeClass;
  /** The canonical field that holds the URL. */
  field: CanonicalField;
  url: string;
  /** What was found, in words: `HTTP 404`, `80×60 px, below 100×100`. */
  detail: string;
}

/** The probe's results as one channel judges them. */
export interface ChannelProbe {
  /** The kinds probed in this run (`--probe images,links`). */
  kinds: ReadonlySet<ProbeKind>;
  /** Whether an unreachable `image_link` or `link` rejects the item (the mapping's `probe.reject_unreachable`). */
  rejectUnreachable: boolean;
  /** The problems of a product's URLs; the same array while the same product object is asked again. */
  findings(product: CanonicalProduct): readonly ProbeFinding[];
}

/**
 * The probe's facts judged by a channel's image rules: formats, file size, pixels, and the
 * smallest size that applies to the product (by its Google top-level category, `topOf`) on
 * the run's day. Only the fields the channel carries are judged.
 */
export function compileChannelProbe(
  facts: ReadonlyMap<string, ProbeFacts>,
  kinds: ReadonlySet<ProbeKind>,
  options: {
    rules: ImageRules | undefined;
    carried: ReadonlySet<CanonicalField>;
    rejectUnreachable: boolean;
    now: number;
    topOf: (category: string | undefined) => number | undefined;
  },
): ChannelProbe {
  const { rules, now, topOf } = options;
  const fields = PROBED_FIELDS.filter(([field, kind]) => options.carried.has(field) && kinds.has(kind));
  const formats = rules?.formats === undefined ? undefined : new Set(rules.formats);
  const minimums = (rules?.min ?? []).filter((min) => min.from === undefined || Date.parse(min.from) <= now);
  const general = minimums.find((min) => min.categories === undefined);
  const byCategory = minimums.some((min) => min.categories !== undefined);
  const minimumOf = (product: CanonicalProduct): ImageMinimum | undefined => {
    if (!byCategory) return general;
    const top = topOf(product.google_product_category);
    return minimums.find(
      (min) => min.categories === undefined || (top !== undefined && min.categories.includes(top)),
    );
  };
  let last: CanonicalProduct | undefined;
  let found: ProbeFinding[] = [];
  const judge = (product: CanonicalProduct): ProbeFinding[] => {
    const out: ProbeFinding[] = [];
    let minimum: ImageMinimum | undefined | null = null;
    for (const [field, kind] of fields) {
      const value = product[field] as string | string[] | undefined;
      if (value === undefined) continue;
      for (const url of typeof value === 'string' ? [value] : value) {
        const seen = facts.get(url);
        if (seen === undefined) continue;
        const problem = kind === 'link' ? linkProblem(seen) : imageProblem(seen);
        if (problem !== undefined) {
          out.push({ ...problem, field, url });
          continue;
        }
        if (kind !== 'image') continue;
        if (minimum === null) minimum = minimumOf(product);
        const limit = limitProblem(seen, rules, formats, minimum);
        if (limit !== undefined) out.push({ ...limit, field, url });
      }
    }
    return out;
  };
  return {
    kinds,
    rejectUnreachable: options.rejectUnreachable,
    findings(product) {
      if (product !== last) {
        last = product;
        found = fields.length === 0 ? [] : judge(product);
      }
      return found;
    },
  };
}

type Problem = Omit<ProbeFinding, 'field' | 'url'>;

/** A link that gave no answer, or not a 2xx one. */
function linkProblem(facts: ProbeFacts): Problem | undefined {
  if (facts.status === undefined) return { class: 'unreachable', detail: facts.error ?? 'no answer' };
  if (facts.status < 200 || facts.status >= 300)
    return { class: 'unreachable', detail: `HTTP ${facts.status}` };
  return undefined;
}

/** An image that is unreachable, or whose first bytes are not an image's. */
function imageProblem(facts: ProbeFacts): Problem | undefined {
  const unreachable = linkProblem(facts);
  if (unreachable !== undefined) return unreachable;
  if (facts.format === 'none' || facts.format === undefined)
    return {
      class: 'not-image',
      detail: `${facts.type ?? 'no Content-Type'}; the first bytes are not an image's`,
    };
  return undefined;
}

/** An image the channel does not take: its format, its file size, its pixels. */
function limitProblem(
  facts: ProbeFacts,
  rules: ImageRules | undefined,
  formats: ReadonlySet<string> | undefined,
  minimum: ImageMinimum | undefined,
): Problem | undefined {
  const format = facts.format as string;
  if (formats !== undefined && !formats.has(format))
    return { class: 'format', detail: `${format}; the channel takes ${[...formats].join(', ')}` };
  if (rules?.max_bytes !== undefined && facts.size !== undefined && facts.size > rules.max_bytes)
    return { class: 'too-large', detail: `${megabytes(facts.size)}; at most ${megabytes(rules.max_bytes)}` };
  const { width, height } = facts;
  if (width === undefined || height === undefined) return undefined;
  if (rules?.max_pixels !== undefined && width * height > rules.max_pixels)
    return {
      class: 'too-large',
      detail: `${width}×${height} px; at most ${rules.max_pixels / 1e6} megapixels`,
    };
  if (minimum !== undefined && (width < minimum.width || height < minimum.height))
    return {
      class: 'too-small',
      detail: `${width}×${height} px; at least ${minimum.width}×${minimum.height}`,
    };
  return undefined;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(1).replace(/\.0$/, '')} MB`;
}
