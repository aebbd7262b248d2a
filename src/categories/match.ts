import { stem, words } from './languages/language.js';
import { expand, MATCH, type TaxonomyIndex } from './taxonomy-index.js';

/** Default of {@link CategoriesOptions.minConfidence}. */
export const MIN_CONFIDENCE = 0.5;

/** What is known about one supplier category. */
export interface CategoryEvidence {
  /** The supplier's category path (`Tøj > Trøjer`, `Tøj/Trøjer`); its deepest level counts most. */
  path: string;
  /** A few titles of products in it: weaker evidence. */
  titles?: readonly string[];
}

/** A proposed taxonomy category. */
export interface Proposal {
  /** Google's id. */
  id: string;
  /** Its full path in the index's language. */
  path: string;
  /**
   * 0–1: how much of the supplier's category the proposal explains (deepest level weighing
   * most), times how much of the proposal's own name the supplier's words explain (at least
   * half), times how clearly it beats the best unrelated proposal (half when one scores as
   * high). Near 1: every word found, nothing left over, no rival. See the README.
   */
  confidence: number;
}

/** Weight of a level of the supplier's path: the deepest 1, each level above it half the one below. */
const LEVEL_DECAY = 0.5;
/** Weight of a title word found in every sample title (less in fewer). */
const TITLE_WEIGHT = 0.3;
/** How much a match counts by where it is in the taxonomy path: in the node's own name, its parent's, … */
const DEPTH = [1, 0.7, 0.5, 0.4, 0.3];

/** Weight of a category name's second and later alternatives. */
const ALTERNATIVE = 0.95;

/** Separators of levels in supplier category paths. */
const LEVELS = /\s*(?:>|\/|\||\\|»|›)\s*/;

interface Term {
  stem: string;
  weight: number;
  /** From the category path (counts towards coverage), or from titles only. */
  path: boolean;
  /** From a level of the path above the deepest. */
  context: boolean;
  matches: ReadonlyMap<string, number>;
}

interface Scored {
  node: number;
  score: number;
  coverage: number;
  fit: number;
}

/**
 * Propose the taxonomy category that best matches a supplier category, or undefined when no
 * word of it (nor of its titles) is in the taxonomy.
 */
export function propose(index: TaxonomyIndex, evidence: CategoryEvidence): Proposal | undefined {
  const terms = collectTerms(index, evidence);
  if (terms.length === 0) return undefined;
  const pathWeight = terms.reduce((sum, term) => sum + (term.path ? term.weight : 0), 0);
  // The best strength each taxonomy stem is reached with, by any term; context and titles
  // explain a node's own name only half as well as the deepest level of the path.
  const reach = new Map<string, number>();
  const candidates = new Set<number>();
  for (const term of terms) {
    const share = term.path && !term.context ? 1 : 0.5;
    for (const [word, strength] of term.matches) {
      if ((reach.get(word) ?? 0) < strength * share) reach.set(word, strength * share);
      for (const node of index.leaves.get(word) ?? []) candidates.add(node);
    }
  }
  const scored: Scored[] = [];
  for (const node of candidates) scored.push(score(index, node, terms, reach, pathWeight));
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      // On a tie the more specific node: every candidate's own name matched something.
      depth(index, b.node) - depth(index, a.node) ||
      Number(index.nodes[a.node]?.id) - Number(index.nodes[b.node]?.id),
  );
  const best = scored[0];
  if (best === undefined || best.score === 0) return undefined;
  const rival = scored.find((other) => !related(index, best.node, other.node));
  const distinct = rival === undefined ? 1 : 1 - rival.score / best.score;
  const confidence = best.coverage * fitFactor(best.fit) * (0.5 + 0.5 * distinct);
  const node = index.nodes[best.node] as (typeof index.nodes)[number];
  return { id: node.id, path: node.path, confidence: Math.round(confidence * 100) / 100 };
}

function collectTerms(index: TaxonomyIndex, evidence: CategoryEvidence): Term[] {
  const language = index.language;
  const weights = new Map<string, { weight: number; path: boolean; context: boolean }>();
  const levels = evidence.path.split(LEVELS).filter((level) => level.trim() !== '');
  levels.forEach((level, i) => {
    const weight = LEVEL_DECAY ** (levels.length - 1 - i);
    for (const word of words(level)) {
      const stemmed = stem(language, word);
      if (stemmed === undefined) continue;
      const known = weights.get(stemmed);
      if (known === undefined || known.weight < weight)
        weights.set(stemmed, { weight, path: true, context: i < levels.length - 1 });
    }
  });
  const titles = evidence.titles ?? [];
  const inTitles = new Map<string, number>();
  for (const title of titles) {
    const seen = new Set(words(title).flatMap((word) => stem(language, word) ?? []));
    for (const stemmed of seen) inTitles.set(stemmed, (inTitles.get(stemmed) ?? 0) + 1);
  }
  for (const [stemmed, count] of inTitles) {
    const weight = (TITLE_WEIGHT * count) / titles.length;
    if (!weights.has(stemmed)) weights.set(stemmed, { weight, path: false, context: false });
  }
  // A word the taxonomy does not know still counts in the path's weight: it is unexplained.
  const terms: Term[] = [...weights].map(([stemmed, { weight, path, context }]) => ({
    stem: stemmed,
    weight,
    path,
    context,
    matches: expand(index, stemmed),
  }));
  if (language.compounds) joinCompounds(terms);
  return terms;
}

/**
 * A taxonomy compound made of two of the supplier's words ("Küche > Messer" and
 * `Küchenmesser`, "Kök > Knivar" and `Köksknivar`) is an exact match for the last word and a
 * head match for the first, rather than a narrower kind of the last.
 */
function joinCompounds(terms: Term[]): void {
  const path = terms.filter((term) => term.path && term.stem.length >= 3);
  for (const term of terms) {
    for (const [word, strength] of term.matches) {
      if (strength !== MATCH.narrower || !word.endsWith(term.stem)) continue;
      const head = word.slice(0, word.length - term.stem.length);
      const modifier = path.find((other) => other !== term && head.startsWith(other.stem));
      if (modifier === undefined) continue;
      term.matches = new Map(term.matches).set(word, MATCH.exact);
      if ((modifier.matches.get(word) ?? 0) < MATCH.head)
        modifier.matches = new Map(modifier.matches).set(word, MATCH.head);
    }
  }
}

function score(
  index: TaxonomyIndex,
  node: number,
  terms: readonly Term[],
  reach: ReadonlyMap<string, number>,
  pathWeight: number,
): Scored {
  const levels = (index.nodes[node] as (typeof index.nodes)[number]).levels;
  let total = 0;
  let covered = 0;
  let context = 0;
  let contextFound = 0;
  for (const term of terms) {
    if (term.matches.size === 0) continue;
    if (term.context) context += term.weight;
    let best = 0;
    for (let up = 0; up < levels.length; up++) {
      // The deepest words say what the product is, and belong in the node's own name; the
      // levels above them are context, as good anywhere in the node's path.
      const factor = term.context ? 1 : (DEPTH[Math.min(up, DEPTH.length - 1)] as number);
      if (factor <= best) break;
      for (const word of levels[levels.length - 1 - up] as string[]) {
        const strength = (term.matches.get(word) ?? 0) * factor;
        if (strength > best) best = strength;
      }
    }
    total += term.weight * best;
    if (term.path) covered += term.weight * best;
    if (term.context) contextFound += term.weight * best;
  }
  // The upper levels of the supplier's path, where the taxonomy knows their words, should be
  // somewhere in the node's path: "Tøj > Trøjer" is clothing, not American football's jerseys.
  if (context > 0) total *= 0.5 + (0.5 * contextFound) / context;
  const fit = leafFit((index.nodes[node] as (typeof index.nodes)[number]).name, reach);
  return {
    node,
    score: total * fitFactor(fit),
    coverage: pathWeight === 0 ? 0 : covered / pathWeight,
    fit,
  };
}

/**
 * How much of a node's own name the supplier's words explain, 0–1: the mean of the share of
 * its groups explained by one of their alternatives (so "Frakker og jakker" is explained by
 * "Jakker", though "Huer til babyer og småbørn" only half by "Huer") and the share of its
 * words. An alternative named after the first counts a little less (the first is the name's
 * main subject).
 */
function leafFit(name: readonly string[][][], reach: ReadonlyMap<string, number>): number {
  let groups = 0;
  let matched = 0;
  let words = 0;
  for (const group of name) {
    let best = 0;
    group.forEach((alternative, i) => {
      let sum = 0;
      for (const word of alternative) sum += reach.get(word) ?? 0;
      matched += sum;
      words += alternative.length;
      best = Math.max(best, (sum / alternative.length) * (i === 0 ? 1 : ALTERNATIVE));
    });
    groups += best;
  }
  return name.length === 0 ? 0 : (groups / name.length + matched / words) / 2;
}

/** A proposal's score and confidence are scaled by its fit: a quarter counts regardless. */
function fitFactor(fit: number): number {
  return 0.25 + 0.75 * fit;
}

function depth(index: TaxonomyIndex, node: number): number {
  return (index.nodes[node]?.levels.length ?? 0) as number;
}

/** True when one node is the other or an ancestor of it: the same answer at another depth. */
function related(index: TaxonomyIndex, a: number, b: number): boolean {
  return isAncestor(index, a, b) || isAncestor(index, b, a);
}

function isAncestor(index: TaxonomyIndex, ancestor: number, node: number): boolean {
  for (let at = node; at !== -1; at = index.nodes[at]?.parent ?? -1) if (at === ancestor) return true;
  return false;
}
