import { guessLanguage } from '../categories/categories.js';
import { propose } from '../categories/match.js';
import { googleTaxonomyIndex } from '../categories/taxonomy-index.js';
import { issueMessage, type RecordIssue } from '../report/issues.js';
import type { ChannelDefinition } from './definition.js';

/**
 * The fields whose invalid value rejects the item: those the schema requires (at the top
 * level), the channel's key, and those the definition marks `on_invalid: reject`. Any other
 * field's invalid value is left out and the item kept.
 */
export function rejectingFields(definition: ChannelDefinition, schema: Record<string, unknown>): Set<string> {
  const fields = new Set<string>(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  fields.add(definition.key);
  for (const field of definition.fields) {
    if (field.on_invalid === 'reject') fields.add(field.name);
    if (field.on_invalid === 'drop') fields.delete(field.name);
  }
  return fields;
}

/** Suggestions already made, by category value: a feed repeats its categories. */
const suggestions = new Map<string, string>();
/** Bound of the suggestion cache; past it, suggestions are worked out afresh. */
const MAX_SUGGESTIONS = 1000;

/** The closest category of Google's taxonomy to an unknown one, by the `categories` matcher. */
export function categorySuggestion(value: string): string {
  const known = suggestions.get(value);
  if (known !== undefined) return known;
  const { language } = guessLanguage([value]);
  const proposal = propose(googleTaxonomyIndex(language), { path: value });
  const text =
    proposal === undefined
      ? "not in Google's product taxonomy (no close category found)"
      : `not in Google's product taxonomy; closest: ${proposal.id} ${proposal.path}`;
  if (suggestions.size < MAX_SUGGESTIONS) suggestions.set(value, text);
  return text;
}

/** The `dropped-value` warning for an issue of a field left out of the item. */
export function droppedValue(issue: RecordIssue): RecordIssue {
  let expected: string;
  if (issue.type === 'invalid-category' && issue.value !== undefined)
    expected = categorySuggestion(issue.value);
  else {
    // The warning names the field and value itself: keep only what the rule wanted.
    const message = issueMessage(issue);
    const prefix = `${issue.field ?? ''} "${issue.value ?? ''}" `;
    expected = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  }
  return { type: 'dropped-value', field: issue.field, value: issue.value, expected };
}
