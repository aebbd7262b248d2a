import { issueMessage, type RecordIssue } from '../model/issues.js';
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

/** What a dropped category's sample says until {@link suggestCategories} adds the closest one. */
export const NOT_IN_TAXONOMY = "not in Google's product taxonomy";

/** The `dropped-value` warning for an issue of a field left out of the item. */
export function droppedValue(issue: RecordIssue): RecordIssue {
  let expected: string;
  if (issue.type === 'invalid-category') expected = NOT_IN_TAXONOMY;
  else {
    // The warning names the field and value itself: keep only what the rule wanted.
    const message = issueMessage(issue);
    const prefix = `${issue.field ?? ''} "${issue.value ?? ''}" `;
    expected = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  }
  return { type: 'dropped-value', field: issue.field, value: issue.value, expected };
}
