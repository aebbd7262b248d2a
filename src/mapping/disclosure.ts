import type { CanonicalProduct } from '../model/canonical.js';
import type { CompiledField } from './compile-field.js';

/** The digital source type Google names for text written by generative AI. */
export const GENERATED_SOURCE = 'trained_algorithmic_media';

/** A text as Google's `structured_title` / `structured_description` write it: `<source>:"<text>"`. */
export function structuredText(text: string): string {
  // The form has no escape for a double quote inside: a single one keeps the text readable.
  return `${GENERATED_SOURCE}:"${text.replaceAll('"', "'")}"`;
}

/**
 * The disclosure of generated text, from where the values came from: a title (description)
 * read from a column of a join marked `generated` gets `structured_title`
 * (`structured_description`) as `trained_algorithmic_media:"…"`, unless the mapping fills that
 * field itself. Undefined when no join is marked: the per-record path then does nothing.
 */
export function compileDisclosure(
  joins: ReadonlyArray<{ generated?: boolean }>,
  compiled: readonly CompiledField[],
): ((product: Record<string, unknown>) => void) | undefined {
  if (!joins.some((join) => join.generated === true)) return undefined;
  const own = (name: string) => compiled.some((field) => field.name === name);
  const title = own('structured_title') ? undefined : compiled.find((field) => field.name === 'title');
  const description = own('structured_description')
    ? undefined
    : compiled.find((field) => field.name === 'description');
  if (title === undefined && description === undefined) return undefined;
  return (product) => {
    const p = product as CanonicalProduct;
    if (title?.generated && p.title !== undefined) p.structured_title = structuredText(p.title);
    if (description?.generated && p.description !== undefined)
      p.structured_description = structuredText(p.description);
  };
}
