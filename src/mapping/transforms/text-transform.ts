import type { TransformDef, TransformExample } from '../transform.js';

/**
 * A transform without options that rewrites text: other values, and the empty text, pass
 * unchanged. Shared by trim, lower, strip_html and the like, which differ only in their
 * function. (This file is a helper, not a transform: it is not in the registry.)
 */
export function textTransform(
  name: string,
  summary: string,
  examples: TransformExample[],
  rewrite: (text: string) => string,
): TransformDef<Record<string, never>> {
  return {
    name,
    summary,
    examples,
    create: () => (value) => (typeof value === 'string' && value !== '' ? rewrite(value) : value),
  };
}

export interface AffixOptions {
  /** Text to add; the shorthand (`{ append: " kg" }`). */
  value: string;
}

/** `append` and `prepend`: add a fixed text to a non-empty value. */
export function affixTransform(
  name: string,
  summary: string,
  examples: TransformExample[],
  place: 'start' | 'end',
): TransformDef<AffixOptions> {
  return {
    name,
    summary,
    shorthand: 'value',
    options: {
      type: 'object',
      additionalProperties: false,
      required: ['value'],
      properties: { value: { type: 'string', description: 'Text to add.' } },
    },
    examples,
    create({ value: text }) {
      return (value) =>
        value === undefined || value === ''
          ? value
          : place === 'end'
            ? `${String(value)}${text}`
            : `${text}${String(value)}`;
    },
  };
}
