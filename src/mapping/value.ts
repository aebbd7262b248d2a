import type { IssueType } from '../model/issues.js';

/**
 * A value as it flows through a field's pipe: text straight from the source, a number
 * after `number`, a list after `split`, or `undefined` for "no value".
 */
export type Value = string | number | boolean | string[] | undefined;

/** What a transform returns when the value cannot be used; the pipe stops and the field stays empty. */
export interface Invalid {
  readonly invalid: IssueType;
  /** What the transform expected, for the issue message (e.g. `a number`). */
  readonly expected?: string;
}

/** Build an {@link Invalid} result. Allocated only on failure, never on the happy path. */
export function invalid(type: IssueType, expected?: string): Invalid {
  return { invalid: type, expected };
}

export function isInvalid(value: unknown): value is Invalid {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'invalid' in value;
}

/** True for `undefined`, the empty string and the empty list. */
export function isEmpty(value: Value): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}
