import type { RecordIssue } from '../report/issues.js';
import type { ChannelDefinition, ChannelWarning } from './definition.js';
import type { ChannelItem } from './validate.js';

/**
 * A channel's warning checks compiled for a run: the issues of an accepted item, or undefined
 * when it has none. A warning keeps the item; it names what the channel will flag after upload.
 */
export type WarningCheck = (item: ChannelItem) => RecordIssue[] | undefined;

const UPPER_WORD = /\p{Lu}{4}/u;
const LOWER = /\p{Ll}/u;
/** An absolute URL with nothing after the host but an optional `/`. */
const HOME_PAGE = /^https?:\/\/[^/?#]+\/?$/i;

/**
 * Text shouted in capitals: no lower-case letter, and four upper-case letters in a row (a word
 * like `WOOL`); a title made of acronyms and numbers (`LG 22" LED TV`) is not shouting.
 */
function allCaps(value: string): boolean {
  return !LOWER.test(value) && UPPER_WORD.test(value);
}

/** Two values a shopper would read as the same text. */
function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function compileOne(warning: ChannelWarning): (item: ChannelItem) => RecordIssue | undefined {
  const { field, check, other, source } = warning;
  const text = (item: ChannelItem, name: string) => {
    const value = item[name];
    return typeof value === 'string' ? value : undefined;
  };
  switch (check) {
    case 'all_caps':
      return (item) => {
        const value = text(item, field);
        return value !== undefined && allCaps(value)
          ? { type: 'all-caps', field, value, expected: source }
          : undefined;
      };
    case 'same_as':
      return (item) => {
        const value = text(item, field);
        const compared = text(item, other as string);
        return value !== undefined && compared !== undefined && same(value, compared)
          ? { type: 'same-value', field, value, expected: `${other} (${source})` }
          : undefined;
      };
    case 'home_page':
      return (item) => {
        const value = text(item, field);
        return value !== undefined && HOME_PAGE.test(value)
          ? { type: 'home-page-link', field, value, expected: source }
          : undefined;
      };
  }
}

/** The channel's warning checks, or undefined when its definition has none. */
export function compileWarnings(definition: ChannelDefinition): WarningCheck | undefined {
  const checks = (definition.warnings ?? []).map(compileOne);
  if (checks.length === 0) return undefined;
  return (item) => {
    let issues: RecordIssue[] | undefined;
    for (const check of checks) {
      const issue = check(item);
      if (issue !== undefined) (issues ??= []).push(issue);
    }
    return issues;
  };
}
