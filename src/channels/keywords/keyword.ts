import type { KeywordDefinition } from 'ajv';
import type { RecordIssue } from '../../model/issues.js';
import type { Taxonomy } from '../taxonomy.js';

/** What a keyword may use, given once per ajv instance. */
export interface KeywordContext {
  /** The taxonomy the channels' schemas name, when one does (the load phase read it). */
  taxonomy?: Taxonomy;
}

/** Where a failed value is: the item's field and its value as the report shows it. */
export interface FailedValue {
  /** The channel field. */
  field: string;
  /** The value, shortened; undefined when the field has none. */
  value: string | undefined;
  /** The ajv error's params. */
  params: Record<string, unknown>;
}

/**
 * A keyword of feedkit's channel schemas, as a definition object: the keyword as ajv wants it
 * and, beside it, the record issue (the message the report prints) for a value it refuses.
 */
export interface KeywordDef {
  /** The keyword as a schema writes it. */
  keyword: string;
  /** One line on what it checks. */
  summary: string;
  /** The keyword for ajv; called once per ajv instance. */
  definition(context: KeywordContext): KeywordDefinition;
  /** The issues of a value the keyword refused; absent for an annotation, which refuses nothing. */
  issue?(failed: FailedValue): RecordIssue[];
}
