/**
 * feedkit as a library: `convert()` runs a whole job, `check()` lints a mapping.
 * The CLI is a thin layer over these.
 */

export {
  type CategoriesOptions,
  type CategoriesResult,
  type CategoryRow,
  categories,
  categoriesCsv,
} from './categories/categories.js';
export type {
  Channel,
  ChannelDefinition,
  ChannelField,
  ChannelOutput,
  FieldGroup,
} from './channels/definition.js';
export { builtinChannelNames, loadBuiltinChannel, loadChannelFile } from './channels/definition.js';
export { type CheckResult, check } from './check.js';
export type {
  ChannelSettings,
  ExtractSettings,
  FeatureSettings,
  FieldSpec,
  FilterSpec,
  GateSettings,
  JoinSpec,
  MappingFile,
  QualitySettings,
  SourceSettings,
  VariantChildren,
  VariantSettings,
} from './config/mapping.js';
export { convert } from './convert.js';
export {
  EXTRACT_FIELDS,
  EXTRACT_LANGUAGES,
  type ExtractField,
  type ExtractLanguage,
} from './mapping/extract/index.js';
export { mappingSchema } from './mapping/schema.js';
export type { TransformContext, TransformDef, TransformExample } from './mapping/transform.js';
export { transforms } from './mapping/transforms/index.js';
export type { CanonicalField, CanonicalProduct, Money } from './model/canonical.js';
export { CANONICAL_FIELDS } from './model/canonical.js';
export { type ErrorCode, FeedkitError, FeedkitErrors, formatError, isKnownError } from './model/errors.js';
export { ISSUE_TYPES, type IssueType, type RecordIssue } from './model/issues.js';
export { VERSION } from './model/version.js';
export type { ConvertOptions, ConvertResult, PublishMode } from './pipeline/options.js';
export { type PublishPhase, publishPhase, runInterruptCleanups } from './publish/interrupt.js';
export { renderers } from './report/render/index.js';
export type {
  BaselineReport,
  CategoryShare,
  ChannelReport,
  ExtractionFieldReport,
  ExtractionReport,
  FieldReport,
  IssueSummary,
  JoinReport,
  PublishReport,
  Report,
  VariantsReport,
} from './report/report.js';
export type { HttpOptions } from './sources/http.js';
export type { SourceReport } from './sources/source.js';
