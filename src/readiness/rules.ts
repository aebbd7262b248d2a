import type { CanonicalField } from '../model/canonical.js';
import type { CompactCategories } from './categories.js';

/** The kinds of check a readiness rule runs (each implemented in `checks.ts`). */
export type ReadinessCheck =
  | 'identifiers'
  | 'title_names_brand'
  | 'title_names_type'
  | 'title_names_attribute'
  | 'title_within_limit'
  | 'description_words'
  | 'description_not_caps'
  | 'description_no_html'
  | 'description_no_promo'
  | 'description_not_title'
  | 'images'
  | 'category_valid'
  | 'category_depth'
  | 'category_leaf'
  | 'filled'
  | 'variants_linked'
  | 'price_positive'
  | 'sale_dates_valid';

/** One rule of the AI readiness score, as `schemas/readiness.yaml` writes it. */
export interface ReadinessRule {
  /** Stable kebab-case id (`apparel-material`), used in the report. */
  id: string;
  /** What the rule checks. */
  check: ReadinessCheck;
  /** Points the rule gives; a score is the points passed over the points that apply, 0–100. */
  points: number;
  /** Canonical fields the rule reads: it applies to a channel that carries one of them. */
  fields: CanonicalField[];
  /** Canonical fields the fill-in sheet (`--gaps`) offers when the rule fails (default: none, `fields` for `filled`). */
  fill?: CanonicalField[];
  /** Keys of `categories`: the rule applies only to products in one of them. */
  categories?: string[];
  /** A canonical field: the rule applies only to products with a value in it (`sale_price`). */
  when?: CanonicalField;
  /** The check's lower bound (words, images, category levels). */
  min?: number;
  /** The check's upper bound (words). */
  max?: number;
  /** Regular expressions the check looks for as whole words, case-insensitively (promotional text): `\b(?:…|…)\b`. */
  patterns?: string[];
  /** What to do, for the report's fixes (`fill \`material\``; `{n}` is the average amount missing). */
  fix: string;
  /** Why the rule matters to an AI shopping surface. */
  reason: string;
  /** Where the rule comes from: a channel's page or spec section. */
  source?: string;
}

/** A Google top-level category the rules name. */
export interface ReadinessCategory {
  /** Its Google taxonomy id (`166`). */
  id: number;
  /** Its English name (`Apparel & Accessories`). */
  name: string;
}

/** The rules file, `schemas/readiness.yaml`. */
export interface ReadinessRules {
  /** The file's format version (1). */
  version: 1;
  /** The report gives the share of products at or above this score. */
  good: number;
  /** `--gaps` lists the products below this score by default. */
  gaps_below: number;
  /** Google top-level categories by the key rules use (`apparel`). */
  categories: Record<string, ReadinessCategory>;
  /** The rules, in the order the report lists them. */
  rules: ReadinessRule[];
}

/**
 * What the load phase reads for the readiness score: the checked rules and Google's taxonomy
 * in the compact form of `categories.ts` (English ids, depths, leaves and paths; the other
 * bundled locales' paths). Plain data: a worker compiles its own copy.
 */
export interface ReadinessData {
  /** The rules, checked against `schemas/readiness.schema.json`. */
  rules: ReadinessRules;
  /** Google's categories, compacted (`categories.ts`). */
  categories: CompactCategories;
}
