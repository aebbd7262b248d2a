import type { IssueType } from '../model/issues.js';
import type { Invalid, Value } from './value.js';

/** Mapping-wide settings a transform may read (from the mapping's `source` section). */
export interface TransformContext {
  /** Decimal separator of the supplier's numbers: `auto` guesses per value. */
  decimal: 'auto' | ',' | '.';
  /** Base URL that relative links and image paths are resolved against. */
  baseUrl?: string;
  /** Default ISO 4217 currency for prices given without one. */
  currency?: string;
  /**
   * Read a two-column CSV table kept beside the mapping (`lookup`): key → value. Throws an
   * Error saying why when the file is not allowed (outside the mapping's folder) or unreadable.
   */
  lookupFile?: (name: string) => ReadonlyMap<string, string>;
  /**
   * Compile an option written in the mapping expression language (as `when:`), for an option
   * read per record (`vat`'s `tax`); `option` names it, for error positions. The function is
   * called with the record the transform's second argument carries.
   */
  expression?: (source: string, option: string) => (record: unknown) => Value;
}

/** One example of a transform at work. Examples run as tests and appear in the README. */
export interface TransformExample {
  /** Options as written in YAML (the scalar shorthand or the full object); omitted for none. */
  options?: unknown;
  /** Mapping-wide settings for this example, when it needs any. */
  context?: Partial<TransformContext>;
  /** Input value. */
  input: Value;
  /** Expected output value, or the issue type the transform reports. */
  output: Value | { issue: IssueType };
}

/**
 * The function a transform compiles to; runs once per record and must not keep state between
 * records. `record` is the source record, for options read per record (see `expression`).
 */
export type TransformFn = (value: Value, record?: unknown) => Value | Invalid;

/**
 * A transform: a named step in a field's `pipe`. One file per transform under
 * `src/mapping/transforms/`, named as the user types it.
 */
export interface TransformDef<O = unknown> {
  /** Name used in YAML; equals the file name. */
  name: string;
  /** One line, shown by `feedkit transforms` and in the README. */
  summary: string;
  /** JSON Schema for the options object; omitted when the transform takes none. */
  options?: Record<string, unknown>;
  /** Option that a scalar shorthand fills (`{ truncate: 150 }` means `{ truncate: { limit: 150 } }`). */
  shorthand?: string;
  /** True when the transform works on a whole list (`join`); others are applied to each element of a list. */
  list?: boolean;
  /** Examples; run by test/transforms.test.ts. */
  examples: TransformExample[];
  /**
   * Called once per use in a mapping, with options already checked against `options`.
   * May throw `Error` with a message for option problems only detectable in code
   * (e.g. a catastrophic regex); the checker reports it at the option's position.
   */
  create(options: O, context: TransformContext): TransformFn;
}

/**
 * Turn options as written in YAML into the options object `create` receives:
 * nothing → `{}`, a scalar → `{ [shorthand]: scalar }`, an object as it is.
 */
export function normalizeOptions(def: TransformDef, raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (def.shorthand !== undefined) return { [def.shorthand]: raw };
  return { value: raw };
}
