import type { TransformDef, TransformExample } from '../transform.js';

/**
 * A transform without options that rewrites text: other values pass unchanged. Shared by
 * trim, lower, strip_html and the like, which differ only in their function.
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
    create: () => (value) => (typeof value === 'string' ? rewrite(value) : value),
  };
}

/** `append` and `prepend`: add a fixed text to a non-empty value. */
export function affixTransform(
  name: string,
  summary: string,
  examples: TransformExample[],
  place: 'start' | 'end',
): TransformDef<{ value: string }> {
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
