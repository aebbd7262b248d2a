import type { CanonicalField, CanonicalProduct } from '../model/canonical.js';
import type { ChannelProbe } from '../probe/judge.js';
import { isValidGtin } from '../text/gtin.js';
import type { CategoryPlace } from './categories.js';
import type { ReadinessCheck, ReadinessRule } from './rules.js';

/**
 * One compiled check of one record: 0 when it passes, the amount missing when it fails (1, or
 * the images lacking), {@link NOT_APPLICABLE} when the record gives it nothing to judge.
 */
export type CheckFn = (product: CanonicalProduct, place: CategoryPlace | undefined) => number;

/** A check's answer for a record it does not apply to (a variant check of a single product). */
export const NOT_APPLICABLE = -1;

/** What a check may depend on besides the record: the channel and the run. */
export interface CheckContext {
  /** The channel's title limit in characters, when its schema has one. */
  titleLimit: number | undefined;
  /** The run's time in milliseconds (sale dates are compared with it). */
  now: number;
  /** The probe's answers as the channel judges them, when the run probed (`--probe`). */
  probe?: ChannelProbe | undefined;
}

const TAG_OR_ENTITY = /<\/?[a-z][^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]{2,8});/i;
const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;
const DIGIT = /\d/;
const LETTERS = /[\p{L}]{3,}/gu;

/** True when a canonical value is there: text not empty, a list or options with an entry, a number. */
export function hasValue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') {
    for (const _ in value) return true;
    return false;
  }
  return true;
}

const fail = (ok: boolean) => (ok ? 0 : 1);

// Three title checks read the title in lower case: made once per record.
let lastTitle: string | undefined;
let lastLower = '';
function lowerTitle(title: string): string {
  if (title !== lastTitle) {
    lastTitle = title;
    lastLower = title.toLowerCase();
  }
  return lastLower;
}

/**
 * A test for "at least `n` words" (runs without white space), one native regular expression
 * (four times faster than counting with `indexOf`; `\S+` and `\s+` never overlap, so it does
 * not backtrack).
 */
function atLeastWords(n: number): (text: string) => boolean {
  if (n <= 0) return () => true;
  const pattern = new RegExp(`^\\s*(?:\\S+\\s+){${n - 1}}\\S`);
  return (text) => pattern.test(text);
}

/** True when the lower-cased title holds the value (its first part, for `black/white`). */
function names(title: string, value: string | undefined): boolean {
  if (value === undefined || value.length === 0) return false;
  const slash = value.indexOf('/');
  return title.includes((slash === -1 ? value : value.slice(0, slash).trim()).toLowerCase());
}

/** Words of at least 3 letters of a product type's last level, shortened to 5 letters (a crude stem). */
function typeStems(productType: string): string[] {
  const last = productType.slice(productType.lastIndexOf('>') + 1).toLowerCase();
  return (last.match(LETTERS) ?? []).map((word) => word.slice(0, 5));
}

/** Each check kind: its compiler, from the rule's parameters and the channel. */
export const CHECKS: Readonly<Record<ReadinessCheck, (rule: ReadinessRule, ctx: CheckContext) => CheckFn>> = {
  identifiers: () => (p) => {
    const gtin = p.gtin?.[0];
    if (gtin !== undefined && isValidGtin(gtin)) return 0;
    return fail(hasValue(p.brand) && hasValue(p.mpn));
  },
  title_names_brand: () => {
    let brand = '';
    let lower = '';
    return (p) => {
      if (p.title === undefined || p.brand === undefined) return 1;
      if (p.brand !== brand) {
        brand = p.brand;
        lower = brand.toLowerCase();
      }
      return fail(lowerTitle(p.title).includes(lower));
    };
  },
  title_names_type: () => {
    const memo = new Map<string, string[]>();
    const stems = (text: string) => {
      let found = memo.get(text);
      if (found === undefined) {
        if (memo.size > 1000) memo.clear();
        found = typeStems(text);
        memo.set(text, found);
      }
      return found;
    };
    const named = (title: string, words: readonly string[]) => {
      for (let i = 0; i < words.length; i++) if (title.includes(words[i] as string)) return true;
      return false;
    };
    return (p, place) => {
      if (p.title === undefined || (p.product_type === undefined && place === undefined)) return 1;
      const title = lowerTitle(p.title);
      const own = p.product_type === undefined ? undefined : stems(p.product_type);
      const category = place === undefined ? undefined : stems(place.name);
      if ((own?.length ?? 0) + (category?.length ?? 0) === 0) return 1;
      return fail(
        (own !== undefined && named(title, own)) || (category !== undefined && named(title, category)),
      );
    };
  },
  title_names_attribute: () => (p) => {
    const title = p.title;
    if (title === undefined) return 1;
    if (DIGIT.test(title)) return 0;
    const lower = lowerTitle(title);
    if (names(lower, p.color) || names(lower, p.size) || names(lower, p.material) || names(lower, p.pattern))
      return 0;
    if (p.options !== undefined) for (const name in p.options) if (names(lower, p.options[name])) return 0;
    return 1;
  },
  title_within_limit: (_rule, ctx) => (p) =>
    fail(p.title !== undefined && (ctx.titleLimit === undefined || p.title.length <= ctx.titleLimit)),
  description_words: (rule) => {
    const enough = atLeastWords(rule.min ?? 0);
    const max = rule.max;
    const tooMany = max === undefined ? () => false : atLeastWords(max + 1);
    // A word takes a character and a separator: a text of up to 2 × max characters has no more.
    return (p) => {
      const text = p.description;
      if (text === undefined) return 1;
      return fail(enough(text) && (max === undefined || text.length <= 2 * max || !tooMany(text)));
    };
  },
  description_not_caps: () => (p) =>
    p.description === undefined ? 0 : fail(LOWER.test(p.description) || !UPPER.test(p.description)),
  description_no_html: () => (p) => {
    const text = p.description;
    // Most texts hold neither `<` nor `&`: two native searches answer without the pattern.
    if (text === undefined || (text.indexOf('<') === -1 && text.indexOf('&') === -1)) return 0;
    return fail(!TAG_OR_ENTITY.test(text));
  },
  description_no_promo: (rule) => {
    // The bundled rules' own patterns (checked as linear at load), not a mapping's: V8 runs
    // them, as whole words, without the `u` flag (which made the test 17 times slower).
    const patterns = (rule.patterns ?? []).join('|');
    const promo = patterns === '' ? undefined : new RegExp(`\\b(?:${patterns})\\b`, 'i');
    return (p) => (p.description === undefined || promo === undefined ? 0 : fail(!promo.test(p.description)));
  },
  description_not_title: () => (p) => {
    const { title, description } = p;
    if (description === undefined || title === undefined) return 0;
    return fail(description.length !== title.length || description.toLowerCase() !== title.toLowerCase());
  },
  images: (rule) => {
    const min = rule.min ?? 1;
    return (p) => {
      const count = (p.image_link ? 1 : 0) + (p.additional_image_link?.length ?? 0);
      return count >= min ? 0 : min - count;
    };
  },
  category_valid: () => (_p, place) => fail(place !== undefined),
  category_depth: (rule) => (_p, place) =>
    place === undefined ? NOT_APPLICABLE : fail(place.depth >= (rule.min ?? 2)),
  category_leaf: () => (_p, place) => (place === undefined ? NOT_APPLICABLE : fail(place.leaf)),
  filled: (rule) => {
    const fields = rule.fields as CanonicalField[];
    return (p) => fail(fields.every((field) => hasValue(p[field])));
  },
  variants_linked: () => (p) => {
    const grouped = hasValue(p.item_group_id);
    const options = hasValue(p.options);
    if (!grouped && !options && p.has_variants !== true) return NOT_APPLICABLE;
    return fail(grouped && options);
  },
  price_positive: () => (p) => fail(p.price !== undefined && p.price.amount > 0),
  probe_images: (_rule, ctx) => (p) => {
    let bad = 0;
    for (const finding of ctx.probe?.findings(p) ?? []) if (finding.field !== 'link') bad++;
    return bad;
  },
  probe_link: (_rule, ctx) => (p) => {
    for (const finding of ctx.probe?.findings(p) ?? []) if (finding.field === 'link') return 1;
    return 0;
  },
  sale_dates_valid: (_rule, ctx) => (p) => {
    if (p.sale_price === undefined) return NOT_APPLICABLE;
    if (p.price !== undefined && p.sale_price.amount >= p.price.amount) return 1;
    const end = p.sale_price_effective_date?.end_ms;
    return fail(end === undefined || end >= ctx.now);
  },
};
