import type { ProjectedField } from '../channels/project.js';
import type { RecordIssue } from '../model/issues.js';

/**
 * A required field that is missing because the mapping could not use the supplier's value
 * (`price: "n/a"`) is reported as that problem, which says what to fix, rather than as
 * "price is required".
 */
export function explain(
  issues: RecordIssue[],
  fields: readonly ProjectedField[],
  mappingIssues: RecordIssue[] | undefined,
): RecordIssue[] {
  if (mappingIssues === undefined) return issues;
  return issues.map((issue) => {
    if (issue.type !== 'missing-required') return issue;
    const from = fields.find((f) => f.field.name === issue.field)?.field.from;
    const cause = mappingIssues.find((m) => m.field === from);
    return cause === undefined ? issue : { ...cause, field: issue.field };
  });
}
