/**
 * Record issue types as data (frictionless style): a stable kebab-case type, a title,
 * a description and a message template. Issues are collected as data while streaming
 * and turned into text only when rendered.
 */

export interface IssueTypeDef {
  /** Short title for tables. */
  title: string;
  /** What the issue means and how to fix it. */
  description: string;
  /**
   * Message template; `{field}`, `{value}`, `{expected}` and `{limit}` are filled from the issue.
   */
  template: string;
}

export const ISSUE_TYPES = {
  'ragged-row': {
    title: 'Ragged row',
    description:
      'The row has more or fewer fields than the header; the delimiter or quoting is probably broken.',
    template: 'expected {expected} fields, got {value}',
  },
  'bad-encoding': {
    title: 'Bad encoding',
    description: 'The row holds bytes that are invalid in the declared encoding.',
    template: 'bytes invalid in {expected}',
  },
  excluded: {
    title: 'Excluded by the mapping',
    description: 'A filter in the mapping excluded the record.',
    template: 'excluded: {expected}',
  },
  'variant-parent': {
    title: 'Variant parent',
    description:
      'The record is the parent of variants (a configurable or variable product): its children are the items sold, and they inherit its values. Set variants.emit_parents: true to sell the parent too.',
    template: 'parent of {limit} variants, not sold itself (variants.emit_parents: true keeps it)',
  },
  'orphan-variant': {
    title: 'Variant without its parent',
    description:
      'The record names a parent that is not in the input: it is grouped under that key but inherits nothing, so fields only the parent has stay empty.',
    template: 'parent "{value}" is not in the input; nothing inherited',
  },
  'missing-required': {
    title: 'Missing required field',
    description: 'The channel requires this field and the record has no value for it.',
    template: '{field} is required',
  },
  'invalid-gtin': {
    title: 'Invalid GTIN',
    description: 'Not 8, 12, 13 or 14 digits, a wrong GS1 check digit, or a restricted prefix.',
    template: '{field} "{value}" is not a valid GTIN: expected {expected}',
  },
  'invalid-category': {
    title: 'Unknown category',
    description: "The category is not an id or a full path of the channel's taxonomy.",
    template: '{field} "{value}" is not in the taxonomy: expected {expected}',
  },
  'mangled-gtin': {
    title: 'GTIN mangled by a spreadsheet',
    description:
      'The GTIN was turned into a number in scientific notation (5.70123E+12): its digits are lost. Export the column as text; feedkit never guesses the digits.',
    template: '{field} "{value}" is a GTIN a spreadsheet turned into a number',
  },
  'sale-not-lower': {
    title: 'Sale price not below the price',
    description:
      "A sale price must be lower than the price, in the same currency (a rule of the channel's definition): the sale price was left out of the item, the item kept.",
    template: '{field} "{value}" is not below the price {expected}; left out',
  },
  'sale-expired': {
    title: 'Sale ended',
    description:
      "The sale's end (sale_price_effective_date) is before the run's time: the sale price and its dates were left out of the item, the item kept at its regular price.",
    template: '{field} "{value}" ended {expected}; left out',
  },
  'sale-not-started': {
    title: 'Sale not started',
    description:
      "The sale starts after the run's time and the channel does not schedule sales (it has no sale dates): the sale price was left out until a run after the start.",
    template: '{field} "{value}" starts {expected}; left out until then',
  },
  'wrong-currency': {
    title: 'Price in another currency',
    description:
      "The price is in another currency than the country's feed sells in: it was left out, never relabelled. Give the country its own price column (channels.<channel>.countries.<country>.fields.price) or convert the prices before the run.",
    template: '{field} {value} is not in {expected}',
  },
  'dropped-value': {
    title: 'Value left out',
    description:
      'The value breaks a rule of a field the channel does not require: it was left out of the item, and the item was kept (a warning, not a rejection). Fix it in the supplier file or the mapping to publish it.',
    template: '{field} "{value}" left out: {expected}',
  },
  'all-caps': {
    title: 'Text in capitals',
    description:
      'The text has no lower-case letter: the channel flags text in ALL CAPS after upload (Meta PROPERTY_VALUE_UPPERCASE). A warning; the item was kept. Write it in sentence case.',
    template: '{field} "{value}" is in capitals ({expected})',
  },
  'same-value': {
    title: 'Same text as another field',
    description:
      'The field repeats another field word for word (a description equal to the title): the channel flags it after upload (Meta DUPLICATE_TITLE_AND_DESCRIPTION). A warning; the item was kept.',
    template: '{field} "{value}" is the same as {expected}',
  },
  'home-page-link': {
    title: 'Link to the home page',
    description:
      "The product link is the shop's home page, not the product's page: the channel flags it after upload (Meta PRODUCT_URL_EQUALS_DOMAIN). A warning; the item was kept.",
    template: '{field} "{value}" is the home page, not a product page ({expected})',
  },
  'small-image': {
    title: 'Image smaller than the channel wants',
    description:
      "The image URL states a width or height below the channel's minimum (a CDN size such as `_200x200.jpg` or `?width=200`): the channel will refuse or demote it (Google: at least 500×500 px from 2027-01-31). A warning; the item was kept. Link the full-size image.",
    template: '{field} "{value}" states a size below {expected}',
  },
  'zero-price': {
    title: 'Price of 0',
    description:
      "The price is 0, which the channel takes and shows as free (ACP's Price.amount may be 0). A free sample is right; when 0 stands for a missing price or 'price on request', as it often does in a supplier's file, leave the price empty. A warning; the item was kept.",
    template: '{field} "{value}" is shown as free ({expected})',
  },
  'qualifier-replaced': {
    title: 'Quote replaced',
    description:
      "The feed's values hold both quote characters, so neither can qualify fields without occurring inside one: the qualifier inside text was replaced with its typographic form (“ ” or ‘ ’).",
    template: '{field} "{value}": {expected} replaced with its typographic form',
  },
  'too-long': {
    title: 'Too long',
    description: 'The value is longer than the channel allows.',
    template: '{field} is longer than {limit} characters',
  },
  'too-many': {
    title: 'Too many values',
    description: 'The list has more values than the channel allows.',
    template: '{field} has more than {limit} values',
  },
  'invalid-price': {
    title: 'Invalid price',
    description:
      'Not an amount above 0 with a currency code, e.g. `1299.95 DKK` (a price of 0 is refused: channels allow it only for contract phones and subscriptions, which feedkit does not model).',
    template: '{field} "{value}" is not a price: expected {expected}',
  },
  'missing-vat': {
    title: 'Net price without a VAT rate',
    description:
      'The price is net (a BMEcat net_customer or net_list price) and the record gives no VAT rate to make it gross (TAX): the price was left empty rather than published without VAT.',
    template: '{field} "{value}" is net and the record has no VAT rate: expected {expected}',
  },
  'invalid-number': {
    title: 'Invalid number',
    description: 'The value could not be read as a number.',
    template: '{field} "{value}" is not a number',
  },
  'invalid-url': {
    title: 'Invalid URL',
    description: 'Not an absolute http(s) URL.',
    template: '{field} "{value}" is not an absolute http(s) URL',
  },
  'invalid-value': {
    title: 'Value not allowed',
    description: 'The channel accepts only a fixed list of values here.',
    template: '{field} "{value}" is not one of {expected}',
  },
  'invalid-format': {
    title: 'Wrong format',
    description: 'The value does not have the format the channel expects.',
    template: '{field} "{value}" has the wrong format: expected {expected}',
  },
  'duplicate-id': {
    title: 'Duplicate id',
    description: 'Another record with the same id was already accepted for this channel; the first wins.',
    template: 'id "{value}" was already used',
  },
  'invalid-value-type': {
    title: 'Wrong type',
    description: 'The value has the wrong type for the field.',
    template: '{field} must be {expected}',
  },
} as const satisfies Record<string, IssueTypeDef>;

/** A stable, kebab-case issue type. */
export type IssueType = keyof typeof ISSUE_TYPES;

/**
 * What a warning did to the item it kept: most leave a value out (`dropped-value`, a sale the
 * rules refuse, a price in another currency); these changed a value, or changed nothing and
 * name what the channel will flag after upload.
 */
const WARNING_EFFECTS: Partial<Record<IssueType, 'changed' | 'flagged'>> = {
  'qualifier-replaced': 'changed',
  'all-caps': 'flagged',
  'same-value': 'flagged',
  'home-page-link': 'flagged',
  'small-image': 'flagged',
  'zero-price': 'flagged',
};

/** What a warning of this type did to the kept item. */
export function warningEffect(type: IssueType): 'left-out' | 'changed' | 'flagged' {
  return WARNING_EFFECTS[type] ?? 'left-out';
}

/** How reports head each kind of warning, by what it did to the kept item. */
export const WARNING_HEADINGS = {
  'left-out': 'values left out (items kept)',
  changed: 'values changed (items kept)',
  flagged: 'flagged by the channel after upload (items kept as they are)',
} as const;

/** One problem with one record, as plain data. */
export interface RecordIssue {
  /** Issue type. */
  type: IssueType;
  /** Channel field (or canonical field, for mapping issues) the issue is about. */
  field?: string;
  /** Offending value, shortened for display. */
  value?: string;
  /** What was expected (an enum list, a format, a field count). */
  expected?: string;
  /** A numeric limit (maximum length, count). */
  limit?: number;
}

const MAX_VALUE = 80;

/** Shorten a value for rejects and samples. */
export function shorten(value: unknown): string {
  const text = Array.isArray(value) ? value.join(',') : String(value ?? '');
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** A template cut at its placeholders: literal text at even indexes, issue keys at odd ones. */
type TemplateParts = ReadonlyArray<string>;

/** Each type's template, cut once: messages are built for every rejected record. */
const TEMPLATE_PARTS = new Map<IssueType, TemplateParts>(
  (Object.keys(ISSUE_TYPES) as IssueType[]).map((type) => [
    type,
    (ISSUE_TYPES[type].template as string).split(/\{(field|value|expected|limit)\}/),
  ]),
);

/** Render an issue's message from its type's template. */
export function issueMessage(issue: RecordIssue): string {
  const parts = TEMPLATE_PARTS.get(issue.type) as TemplateParts;
  let message = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const part = issue[parts[i] as keyof RecordIssue];
    if (part !== undefined) message += String(part);
    message += parts[i + 1] as string;
  }
  return message;
}
