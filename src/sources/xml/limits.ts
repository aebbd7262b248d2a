import { FeedkitError } from '../../model/errors.js';
import type { Located } from '../../model/located.js';
import type { Marks } from './marks.js';

/** Limits that keep a hostile or broken document from taking the memory of the process. */
export interface XmlLimits {
  /** Deepest element nesting in the document. Default 1000. */
  depth?: number;
  /**
   * Longest record, in characters of decoded text from its start tag to its end tag (for
   * mostly-ASCII feeds, about its size in bytes). Also bounds the document-level values
   * kept outside the records. Default 16 Mi.
   */
  recordChars?: number;
  /**
   * Most elements in one record. Each element a path names costs a node in the record's
   * tree (a few hundred bytes), so this bounds the memory that `recordChars` alone would
   * not: 16 Mi characters of `<a/>` are 4 Mi elements. Default 200,000.
   */
  recordElements?: number;
  /**
   * Longest run of text, start tag with its attributes, comment, CDATA section or DOCTYPE,
   * in characters. Checked while the text arrives, so a file of text without tags fails
   * early. Default 8 Mi.
   */
  textChars?: number;
}

/** Default {@link XmlLimits}. */
export const XML_LIMITS: Readonly<Required<XmlLimits>> = {
  depth: 1000,
  recordChars: 16 << 20,
  recordElements: 200_000,
  textChars: 8 << 20,
};

/** A size for messages: `16 Mi`, `64 Ki`, or the number. */
export function formatSize(chars: number): string {
  if (chars >= 1 << 20 && chars % (1 << 20) === 0) return `${chars / (1 << 20)} Mi`;
  if (chars >= 1 << 10 && chars % (1 << 10) === 0) return `${chars / (1 << 10)} Ki`;
  return String(chars);
}

/** The limits the options set, without the keys they leave undefined. */
export function definedOnly(limits: XmlLimits | undefined): XmlLimits {
  const out: XmlLimits = {};
  if (limits?.depth !== undefined) out.depth = limits.depth;
  if (limits?.recordChars !== undefined) out.recordChars = limits.recordChars;
  if (limits?.recordElements !== undefined) out.recordElements = limits.recordElements;
  if (limits?.textChars !== undefined) out.textChars = limits.textChars;
  return out;
}

/** Where a limit was passed. */
type LimitPlace = Located;

/** A start tag, or a run of text, longer than `textChars`. */
export function spanTooLong(textChars: number, startTag: string | undefined, at: LimitPlace): FeedkitError {
  const size = formatSize(textChars);
  if (startTag !== undefined) {
    return new FeedkitError('input-limit', `the start tag <${startTag}> is longer than ${size} characters`, {
      ...at,
      expected: `attributes of at most ${size} characters`,
    });
  }
  return new FeedkitError(
    'input-limit',
    `a text (or comment, CDATA section, DOCTYPE) is longer than ${size} characters`,
    { ...at, expected: `at most ${size} characters` },
  );
}

/** Elements nested deeper than `depth`. */
export function tooDeep(depth: number, at: LimitPlace): FeedkitError {
  return new FeedkitError('input-limit', `elements nest deeper than ${depth} levels`, {
    ...at,
    expected: `at most ${depth} levels`,
  });
}

/** The record `<name>` (starting at `at`) longer than `recordChars`. */
export function recordTooLarge(recordChars: number, name: string | undefined, at: LimitPlace): FeedkitError {
  const size = formatSize(recordChars);
  return new FeedkitError('input-limit', `the record <${name}> is longer than ${size} characters`, {
    ...at,
    expected: `at most ${size} characters per record`,
  });
}

/** The record `<name>` (starting at `at`) with more than `most` elements. */
export function tooManyElements(most: number, name: string | undefined, at: LimitPlace): FeedkitError {
  return new FeedkitError('input-limit', `the record <${name}> has more than ${most} elements`, {
    ...at,
    expected: `at most ${most} elements per record`,
  });
}

/** The document-level values holding more than `recordChars`. */
export function documentTooLarge(recordChars: number, at: LimitPlace): FeedkitError {
  const size = formatSize(recordChars);
  return new FeedkitError(
    'input-limit',
    `the document-level values (absolute paths) hold more than ${size} characters`,
    { ...at, expected: `at most ${size} characters` },
  );
}

/** Throws when more than `textChars` characters passed since the last event (at `position`). */
export function checkSpan(at: Marks, textChars: number, file: string | undefined, position: number): void {
  if (position - at.markPos <= textChars) return;
  if (at.inStartTag) throw spanTooLong(textChars, at.tagName, { file, line: at.tagLine, col: at.tagCol });
  throw spanTooLong(textChars, undefined, { file, line: at.markLine, col: at.markCol });
}
