import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_CHANNEL_DIR } from '../model/paths.js';
import { type LanguageDef, nameGroups, stem, words } from './languages/language.js';

/** One category of the taxonomy, with the stems of each level of its path. */
export interface TaxonomyNode {
  /** Google's id (`212`). */
  id: string;
  /** Full path in the index's language, levels joined with ` > `. */
  path: string;
  /** Stems of each level's words, top level first, the node's own name (its leaf) last. */
  levels: string[][];
  /** The node's own name as groups of alternatives (see {@link nameGroups}). */
  name: string[][][];
  /** Index of the parent node, -1 for a top-level category. */
  parent: number;
}

/**
 * Google's taxonomy in one language, indexed for matching: built once per run, then every
 * supplier category is a few map look-ups.
 */
export interface TaxonomyIndex {
  language: LanguageDef;
  nodes: TaxonomyNode[];
  /** Stem → nodes whose own name (leaf) has it. */
  leaves: Map<string, number[]>;
  /** For compounds: a word's ending (3 letters or more) → the taxonomy stems that end with it. */
  endings: Map<string, string[]>;
  /** What each supplier stem matches, by taxonomy stem (see {@link expand}); filled as words come. */
  expansions: Map<string, ReadonlyMap<string, number>>;
}

/** How well a supplier word matches a taxonomy word. */
export const MATCH = {
  /** The same stem (trøjer, trøje). */
  exact: 1,
  /** The supplier's word is a compound ending in the taxonomy's (vinterjakke → jakke). */
  head: 0.8,
  /** The taxonomy's word is a compound ending in the supplier's (trøjer → cykeltrøjer): a narrower kind. */
  narrower: 0.3,
} as const;

/** Compound parts shorter than this are not split off (too many accidental endings). */
const MIN_PART = 3;

/** Index a taxonomy file's text (`<id> - <level> > <level>` per line, `#` comments). */
export function indexTaxonomy(language: LanguageDef, text: string): TaxonomyIndex {
  const nodes: TaxonomyNode[] = [];
  const byPath = new Map<string, number>();
  const leaves = new Map<string, number[]>();
  const stems = new Map<string, string[]>();
  const stemsOf = (level: string) => {
    let found = stems.get(level);
    if (found === undefined) {
      found = [...new Set(words(level).flatMap((word) => stem(language, word) ?? []))];
      stems.set(level, found);
    }
    return found;
  };
  for (const line of text.split('\n')) {
    const dash = line.indexOf(' - ');
    if (line.startsWith('#') || dash === -1) continue;
    const path = line.slice(dash + 3).trim();
    const names = path.split(' > ');
    const node: TaxonomyNode = {
      id: line.slice(0, dash).trim(),
      path,
      levels: names.map(stemsOf),
      name: nameGroups(language, names[names.length - 1] as string),
      parent: byPath.get(names.slice(0, -1).join(' > ')) ?? -1,
    };
    byPath.set(path, nodes.length);
    for (const word of node.levels.at(-1) ?? []) {
      let list = leaves.get(word);
      if (list === undefined) {
        list = [];
        leaves.set(word, list);
      }
      list.push(nodes.length);
    }
    nodes.push(node);
  }
  const endings = new Map<string, string[]>();
  if (language.compounds) {
    for (const word of leaves.keys()) {
      for (let i = MIN_PART; i <= word.length - MIN_PART; i++) {
        const ending = word.slice(i);
        let list = endings.get(ending);
        if (list === undefined) {
          list = [];
          endings.set(ending, list);
        }
        list.push(word);
      }
    }
  }
  return { language, nodes, leaves, endings, expansions: new Map() };
}

const cache = new Map<string, TaxonomyIndex>();

/** The bundled Google taxonomy in a language, indexed once per process. */
export function googleTaxonomyIndex(language: LanguageDef): TaxonomyIndex {
  let index = cache.get(language.name);
  if (index === undefined) {
    const file = join(BUILTIN_CHANNEL_DIR, 'taxonomy', `google.${language.locale}.txt`);
    index = indexTaxonomy(language, readFileSync(file, 'utf8'));
    cache.set(language.name, index);
  }
  return index;
}

/**
 * The taxonomy stems a supplier stem matches, each with its {@link MATCH} strength: itself;
 * for compounding languages, the longest taxonomy word it ends with when it is not a taxonomy
 * word itself (so `legetøj` stays toys and never becomes `tøj`), and the taxonomy words that
 * end with it.
 */
export function expand(index: TaxonomyIndex, word: string): ReadonlyMap<string, number> {
  const known = index.expansions.get(word);
  if (known !== undefined) return known;
  const found = new Map<string, number>();
  if (index.leaves.has(word)) found.set(word, MATCH.exact);
  else if (index.language.compounds) {
    for (let i = MIN_PART; i <= word.length - MIN_PART; i++) {
      if (index.leaves.has(word.slice(i))) {
        found.set(word.slice(i), MATCH.head);
        break;
      }
    }
  }
  for (const longer of index.endings.get(word) ?? []) {
    if (!found.has(longer)) found.set(longer, MATCH.narrower);
  }
  index.expansions.set(word, found);
  return found;
}
