import { EXTRACT_FIELDS, type ExtractField } from '../../config/extract.js';
import type { Dictionary } from './dictionary.js';
import { LETTER_SIZE, STANDALONE_SIZES, sizeAfter, VARIANT_SIZES } from './size.js';

/** A character of a word: a letter, digit or combining mark. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const UNKNOWN = 0xffff;
/**
 * Per UTF-16 code unit: its lower-case form when it belongs to a word, 0 when it does not,
 * {@link UNKNOWN} until first seen. One lookup per character answers both questions without
 * lower-casing (and so copying) the whole text.
 */
const wordLower = new Uint16Array(0x10000).fill(UNKNOWN);
// Surrogates: characters beyond the BMP (emoji, mostly) separate words.
wordLower.fill(0, 0xd800, 0xe000);

function learn(c: number): number {
  const char = String.fromCharCode(c);
  // Where lower case is longer than one character (İ), its first character is close enough.
  const lower = WORD_CHAR.test(char) ? char.toLowerCase().charCodeAt(0) : 0;
  wordLower[c] = lower;
  return lower;
}

/** The lower-case form of `c` when it belongs to a word, else 0. */
function wordChar(c: number): number {
  const lower = wordLower[c] as number;
  return lower === UNKNOWN ? learn(c) : lower;
}

const APOSTROPHE = 0x27;
const CURLY_APOSTROPHE = 0x2019;

/** What a phrase stands for. */
interface Phrase {
  /** The phrase's words, lower-case. */
  words: string[];
  /** {@link hashWord} of each word. */
  hashes: number[];
  /** Field index (in {@link EXTRACT_FIELDS}) and value, for each field the phrase gives; none for an ignored phrase. */
  hits: Array<{ field: number; value: string }>;
  /** True for a size word: the size follows it. */
  marker: boolean;
  /**
   * For letter sizes found without a size word: `apart` counts everywhere but in a range of
   * letter sizes (`S-XXL`); `variant` (S, M, L) only between hyphens as variant names write
   * them (`Hoodie-M-Black`), since a single letter anywhere else is as likely a model name.
   */
  size?: 'apart' | 'variant';
}

/**
 * The phrases of one or more dictionaries, by the hash of their first word; each list
 * longest first, so `rustfrit stål` wins over `stål` and `black friday` over `black`.
 * Words are looked up by a hash computed while the text is split, so a text's words are
 * never copied out of it.
 */
export interface PhraseTable {
  byFirst: ReadonlyMap<number, readonly Phrase[]>;
  /**
   * One bit per value of a first word's hash's low 16 bits: most words of a description are
   * in no dictionary, and this answers for them faster than the map.
   */
  firsts: Uint8Array;
}

/** The field index of `size`, for the values the size grammar finds. */
const SIZE = EXTRACT_FIELDS.indexOf('size');

const OFFSET = 0x811c9dc5;
/** FNV-1a over a word's lower-case characters (32 bits). */
const step = (hash: number, lower: number) => Math.imul(hash ^ lower, 16777619);

/** The hash {@link split} computes for `word` (lower-case, straight apostrophes). */
function hashWord(word: string): number {
  let hash = OFFSET;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    hash = step(hash, c === APOSTROPHE ? APOSTROPHE : wordChar(c));
  }
  return hash | 0;
}

// One scan runs at a time per thread (the pipeline maps records synchronously), so the
// word buffers are shared rather than allocated per text.
// Typed and never shrunk: emptying a plain array frees its storage, and refilling it per
// text kept the garbage collector busy.
let starts = new Int32Array(256);
let ends = new Int32Array(256);
let hashes = new Int32Array(256);
/** Words in the buffers. */
let count = 0;

function grow(): void {
  const more = (buffer: Int32Array) => {
    const bigger = new Int32Array(buffer.length * 2);
    bigger.set(buffer);
    return bigger;
  };
  starts = more(starts);
  ends = more(ends);
  hashes = more(hashes);
}

/**
 * Split `text` into words (into the shared buffers): runs of letters and digits, with an
 * apostrophe inside a word kept (`men's`). A hand-written loop, hashing the lower-case word
 * as it goes: a regular expression with Unicode classes, a lower-cased copy of the text and
 * a string per word cost several times more, and descriptions are long.
 */
function split(text: string): void {
  count = 0;
  const length = text.length;
  let i = 0;
  while (i < length) {
    let lower = wordChar(text.charCodeAt(i));
    while (lower === 0 && ++i < length) lower = wordChar(text.charCodeAt(i));
    if (i === length) break;
    const start = i;
    let hash = OFFSET;
    for (;;) {
      hash = step(hash, lower);
      if (++i === length) break;
      const c = text.charCodeAt(i);
      lower = wordChar(c);
      if (lower !== 0) continue;
      // An apostrophe between letters belongs to the word (men's, men’s alike).
      if (
        (c === APOSTROPHE || c === CURLY_APOSTROPHE) &&
        i + 1 < length &&
        wordChar(text.charCodeAt(i + 1)) !== 0
      ) {
        lower = APOSTROPHE;
        continue;
      }
      break;
    }
    if (count === starts.length) grow();
    starts[count] = start;
    ends[count] = i;
    hashes[count] = hash;
    count++;
  }
}

/** Split dictionary text into lower-case words, the way record text is split. */
function words(text: string): string[] {
  const lower = text.toLowerCase();
  split(lower);
  const list: string[] = [];
  for (let w = 0; w < count; w++) list.push(lower.slice(starts[w], ends[w]).replaceAll('’', "'"));
  return list;
}

/** True when word `w` of `text` is `word` (lower-case; a curly apostrophe equal to a straight one). */
function isWord(text: string, w: number, word: string): boolean {
  const start = starts[w] as number;
  if ((ends[w] as number) - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(start + i);
    const lower = c === CURLY_APOSTROPHE || c === APOSTROPHE ? APOSTROPHE : wordChar(c);
    if (lower !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Compile dictionaries into one table. Where two dictionaries give the same phrase different
 * values for a field, the first dictionary wins (the mapping's first language).
 */
export function compilePhrases(dictionaries: readonly Dictionary[]): PhraseTable {
  const byKey = new Map<string, Phrase>();
  /** The entries of a phrase, one per spelling (created on first use). */
  const phrase = (text: string): Phrase[] => {
    const entries = [];
    // Capitals have no ß: "WEISS" is weiß.
    for (const spelling of new Set([text, text.replaceAll('ß', 'ss')])) {
      const list = words(spelling);
      if (list.length === 0) continue;
      const key = list.join(' ');
      let entry = byKey.get(key);
      if (entry === undefined) {
        entry = { words: list, hashes: list.map(hashWord), hits: [], marker: false };
        byKey.set(key, entry);
      }
      entries.push(entry);
    }
    return entries;
  };
  const add = (text: string, field: number, value: string) => {
    for (const entry of phrase(text)) {
      if (!entry.hits.some((hit) => hit.field === field)) entry.hits.push({ field, value });
    }
  };
  for (const dictionary of dictionaries) {
    EXTRACT_FIELDS.forEach((field: ExtractField, index) => {
      for (const [value, list] of Object.entries(dictionary.fields[field])) {
        for (const text of list) add(text, index, value);
      }
    });
    for (const text of dictionary.ignore) phrase(text);
    for (const text of dictionary.sizeMarkers) {
      for (const entry of phrase(text)) entry.marker = true;
    }
  }
  for (const size of STANDALONE_SIZES) {
    add(size, SIZE, size.toUpperCase());
    (byKey.get(size) as Phrase).size = 'apart';
  }
  for (const size of VARIANT_SIZES) {
    add(size, SIZE, size.toUpperCase());
    (byKey.get(size) as Phrase).size ??= 'variant';
  }

  const byFirst = new Map<number, Phrase[]>();
  const firsts = new Uint8Array(0x10000 >> 3);
  for (const entry of byKey.values()) {
    const first = entry.hashes[0] as number;
    const list = byFirst.get(first) ?? [];
    list.push(entry);
    byFirst.set(first, list);
    firsts[(first & 0xffff) >> 3] = (firsts[(first & 0xffff) >> 3] as number) | (1 << (first & 7));
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { byFirst, firsts };
}

/** Only spaces and hyphens between two words of a phrase (`rustfrit stål`, `off-white`), not `,`. */
function joined(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x2d && c !== 0xa0 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/** Whether phrase `phrase` starts at word `i` of `text`. */
function matches(text: string, phrase: Phrase, i: number): boolean {
  const list = phrase.words;
  if (i + list.length > count) return false;
  for (let k = 0; k < list.length; k++) {
    const w = i + k;
    if (hashes[w] !== phrase.hashes[k] || !isWord(text, w, list[k] as string)) return false;
    if (k > 0 && !joined(text, ends[w - 1] as number, starts[w] as number)) return false;
  }
  return true;
}

/** The character joining words `a` and `b` of the current text, when exactly one does (`-` in `S-XXL`). */
function link(text: string, a: number, b: number): number {
  if (a < 0 || b >= count || (starts[b] as number) - (ends[a] as number) !== 1) return -1;
  return text.charCodeAt(ends[a] as number);
}

const isRangeLink = (c: number) => c === 0x2d || c === 0x2f || c === 0x2013;

/** Whether the letter size at word `i` counts (see {@link Phrase.size}). */
function sizeCounts(rule: 'apart' | 'variant', text: string, i: number): boolean {
  const before = link(text, i - 1, i);
  const after = link(text, i, i + 1);
  const size = (w: number) => LETTER_SIZE.test(text.slice(starts[w], ends[w]));
  if (rule === 'apart') {
    return !(isRangeLink(before) && size(i - 1)) && !(isRangeLink(after) && size(i + 1));
  }
  return before === 0x2d && after === 0x2d && !size(i - 1) && !size(i + 1);
}

/**
 * Call `visit(field, value)` for every phrase of the table in `text`, in text order. A word
 * belongs to one phrase only: the longest that starts at it.
 */
export function scanPhrases(
  table: PhraseTable,
  text: string,
  visit: (field: number, value: string) => void,
): void {
  split(text);
  const firsts = table.firsts;
  for (let i = 0; i < count; i++) {
    const hash = hashes[i] as number;
    if (((firsts[(hash & 0xffff) >> 3] as number) & (1 << (hash & 7))) === 0) continue;
    const phrases = table.byFirst.get(hash);
    if (phrases === undefined) continue;
    for (let p = 0; p < phrases.length; p++) {
      const phrase = phrases[p] as Phrase;
      if (!matches(text, phrase, i)) continue;
      if (phrase.size !== undefined && !sizeCounts(phrase.size, text, i)) continue;
      for (let h = 0; h < phrase.hits.length; h++) {
        const hit = phrase.hits[h] as Phrase['hits'][number];
        visit(hit.field, hit.value);
      }
      const end = i + phrase.words.length - 1;
      if (phrase.marker) {
        const size = sizeAfter(text, ends[end] as number);
        if (size !== undefined) visit(SIZE, size);
      }
      i = end;
      break;
    }
  }
}
