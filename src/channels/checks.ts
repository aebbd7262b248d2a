import type { IssueType, RecordIssue } from '../model/issues.js';
import type { ChannelDefinition, ChannelWarning } from './definition.js';
import type { ChannelItem } from './validate.js';

/**
 * A channel's warning checks compiled for a run: the issues of an accepted item, or undefined
 * when it has none. A warning keeps the item; it names what the channel will flag after upload.
 */
export type WarningCheck = (item: ChannelItem) => RecordIssue[] | undefined;

const UPPER_WORD = /\p{Lu}{4}/u;
const LOWER = /\p{Ll}/u;
/** Money of amount 0: `0 DKK` (minor units) or `0.00 DKK`. */
const ZERO_MONEY = /^0+(?:\.0+)? [A-Z]{3}$/;
/** An absolute URL with nothing after the host but an optional `/`. */
const HOME_PAGE = /^https?:\/\/[^/?#]+\/?$/i;

/**
 * Text shouted in capitals: no lower-case letter, and four upper-case letters in a row (a word
 * like `WOOL`); a title made of acronyms and numbers (`LG 22" LED TV`) is not shouting.
 */
function allCaps(value: string): boolean {
  return !LOWER.test(value) && UPPER_WORD.test(value);
}

/**
 * Sizes an image URL states: `_200x200.jpg` (Shopify), `-150x150.jpg` (WordPress),
 * `?width=200`, `&h=200`, `/w_200,h_200/` (Cloudinary). Each found width or height, in pixels.
 */
const STATED_SIZES = [
  /[_-](\d{1,5})x(\d{1,5})(?=[._@-])/g,
  /[?&](?:w|width|h|height)=(\d{1,5})(?=&|#|$)/gi,
  /[/,](?:w|h)_(\d{1,5})(?=[,/])/g,
];

/** One cheap test whether a URL may state a size at all: most state none, and skip the three scans. */
const MAY_STATE_SIZE = /\dx\d|[?&](?:w|width|h|height)=\d|[/,][wh]_\d/i;

/** The smallest side an image URL states, or undefined when it states none. */
export function statedImageSide(url: string): number | undefined {
  if (!MAY_STATE_SIZE.test(url)) return undefined;
  let smallest: number | undefined;
  for (const pattern of STATED_SIZES) {
    for (const match of url.matchAll(pattern)) {
      for (const side of match.slice(1)) {
        const pixels = Number(side);
        if (side !== undefined && pixels > 0 && (smallest === undefined || pixels < smallest))
          smallest = pixels;
      }
    }
  }
  return smallest;
}

/** Two values a shopper would read as the same text. */
function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function compileOne(warning: ChannelWarning): (item: ChannelItem) => RecordIssue | undefined {
  const { field, check, other, source, min = 0 } = warning;
  const text = (item: ChannelItem, name: string) => {
    const value = item[name];
    return typeof value === 'string' ? value : undefined;
  };
  // The field's text matches a pattern: a warning of `type`, with the channel's name for it.
  const matching = (pattern: RegExp, type: IssueType) => (item: ChannelItem) => {
    const value = text(item, field);
    return value !== undefined && pattern.test(value) ? { type, field, value, expected: source } : undefined;
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
    case 'image_size':
      return (item) => {
        const value = item[field];
        const urls = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
        for (const url of urls) {
          const side = statedImageSide(url);
          if (side !== undefined && side < min)
            return { type: 'small-image', field, value: url, expected: `${min}×${min} px (${source})` };
        }
        return undefined;
      };
    case 'zero_price':
      return matching(ZERO_MONEY, 'zero-price');
    case 'home_page':
      return matching(HOME_PAGE, 'home-page-link');
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
      if (issue === undefined) continue;
      issues ??= [];
      issues.push(issue);
    }
    return issues;
  };
}
