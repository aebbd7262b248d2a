import { stringify } from 'csv-stringify/sync';
import { FeedkitError, suggest } from '../model/errors.js';
import { type CollectedCategories, type CollectOptions, collectCategories } from './collect.js';
import { type ChosenLanguage, guessLanguage, knownShare } from './guess-language.js';
import { languages } from './languages/index.js';
import type { LanguageDef } from './languages/language.js';
import { MIN_CONFIDENCE, propose } from './match.js';
import { googleTaxonomyIndex } from './taxonomy-index.js';

/** Options of {@link categories}. */
export interface CategoriesOptions extends CollectOptions {
  /** Language of the supplier's categories (`da`, `de`, `en`, `sv`); default: guessed from them. */
  lang?: string;
  /**
   * Proposals at this confidence or above fill the `id` column; below it `id` is left empty
   * for review (the proposal stays in `proposed_id`). Default {@link MIN_CONFIDENCE}.
   */
  minConfidence?: number;
}

/** One row of the proposed lookup table. */
export interface CategoryRow {
  /** The supplier category exactly as the `lookup` step sees it (the table's key). */
  category: string;
  /** Google's id when the proposal is confident enough, else empty: what `lookup` uses. */
  id: string;
  /** The proposed id, whatever its confidence (empty when nothing matched). */
  proposed_id: string;
  /** The proposed category's full path in the chosen language. */
  path: string;
  /** 0–1, see {@link Proposal.confidence}; undefined when nothing matched. */
  confidence?: number;
  /** Records in the category. */
  records: number;
  /** A title of one of its records. */
  sample_title: string;
}

/** What {@link categories} proposes. */
export interface CategoriesResult {
  rows: CategoryRow[];
  language: ChosenLanguage;
  collected: CollectedCategories;
  minConfidence: number;
}

/**
 * Propose a Google taxonomy id for every distinct supplier category of an input: one pass
 * through the mapping, then each category's path (and a few titles) matched against the
 * taxonomy in the supplier's language. Rows come most records first.
 */
export async function categories(options: CategoriesOptions): Promise<CategoriesResult> {
  let chosen: LanguageDef | undefined;
  if (options.lang !== undefined) {
    chosen = languages[options.lang];
    if (chosen === undefined) {
      const names = Object.keys(languages);
      throw new FeedkitError('usage', `unknown language "${options.lang}"; languages: ${names.join(', ')}`, {
        suggestion: suggest(options.lang, names),
      });
    }
  }
  const minConfidence = options.minConfidence ?? MIN_CONFIDENCE;
  const collected = await collectCategories(options);
  const paths = collected.categories.map((category) => category.path);
  const language: ChosenLanguage =
    chosen === undefined
      ? guessLanguage(paths)
      : { language: chosen, guessed: false, known: knownShare(chosen, paths) };
  const index = googleTaxonomyIndex(language.language);
  const rows = collected.categories
    .map((category): CategoryRow => {
      const proposal = propose(index, category);
      return {
        category: category.key,
        id: proposal !== undefined && proposal.confidence >= minConfidence ? proposal.id : '',
        proposed_id: proposal?.id ?? '',
        path: proposal?.path ?? '',
        confidence: proposal?.confidence,
        records: category.records,
        sample_title: category.titles[0] ?? '',
      };
    })
    .sort((a, b) => b.records - a.records || a.category.localeCompare(b.category));
  return { rows, language, collected, minConfidence };
}

/** Columns of the lookup CSV: `category` and `id` first, as the `lookup` transform reads them. */
const CATEGORY_COLUMNS = [
  'category',
  'id',
  'proposed_id',
  'path',
  'confidence',
  'records',
  'sample_title',
] as const;

/** The rows as a lookup CSV (header first). */
export function categoriesCsv(rows: readonly CategoryRow[]): string {
  return stringify([
    [...CATEGORY_COLUMNS],
    ...rows.map((row) => [
      row.category,
      row.id,
      row.proposed_id,
      row.path,
      row.confidence === undefined ? '' : row.confidence.toFixed(2),
      String(row.records),
      row.sample_title,
    ]),
  ]);
}
