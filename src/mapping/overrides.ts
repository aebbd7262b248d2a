import type { LoadedYaml, YamlPath } from '../config/load.js';
import type { ChannelSettings, MappingFile } from '../config/mapping.js';
import {
  CANONICAL_FIELD_NAMES,
  type CanonicalField,
  type CanonicalProduct,
  formatMoney,
  type Money,
} from '../model/canonical.js';
import type { OpenColumns, Row } from '../model/columns.js';
import { suggest } from '../model/errors.js';
import type { RecordIssue } from '../model/issues.js';
import { compileMapping } from './compile.js';
import { type MappingData, NO_MAPPING_DATA } from './data.js';
import { formatOptions } from './variants/options.js';

/** A channel's own values for some fields, computed from the canonical record. */
export interface CompiledOverrides {
  /** Canonical fields the overrides fill. */
  fields: ReadonlySet<CanonicalField>;
  /**
   * The channel's values of the overridden fields (a field left out of `values` was emptied),
   * and the record's issues with the overrides' own added.
   */
  apply(
    product: CanonicalProduct,
    issues: RecordIssue[] | undefined,
  ): { values: Readonly<Record<string, unknown>>; issues?: RecordIssue[] };
}

/**
 * Compile the `fields` of a channel's settings in a mapping (`channels: { google: { fields:
 * { title: "{{ brand }} {{ title }}" } } }`). They read the canonical record the mapping
 * made, not the supplier's columns: a channel refines values, it does not map the supplier
 * again. Positions of problems point into the mapping file. Undefined without overrides.
 */
export function compileOverrides(
  loaded: LoadedYaml,
  channel: string,
  data: MappingData = NO_MAPPING_DATA,
): CompiledOverrides | undefined {
  const mapping = loaded.value as MappingFile;
  const settings = (Array.isArray(mapping.channels) ? undefined : mapping.channels?.[channel]) as
    | ChannelSettings
    | null
    | undefined;
  if (settings?.fields === undefined || Object.keys(settings.fields).length === 0) return undefined;
  const base: YamlPath = ['channels', channel];
  // The overrides, seen as a mapping of their own whose positions point into the real file.
  const view: LoadedYaml = {
    path: loaded.path,
    text: loaded.text,
    value: { source: mapping.source, fields: settings.fields },
    positionOf: (path, part) => loaded.positionOf([...base, ...path], part),
  };
  // Only the canonical fields the overrides read become the row they map.
  const read: OpenColumns = {
    check: (name) =>
      (CANONICAL_FIELD_NAMES as string[]).includes(name)
        ? undefined
        : {
            code: 'unknown-field',
            message: `unknown canonical field "${name}" (overrides read the mapped record)`,
            index: 0,
            suggestion: suggest(name, CANONICAL_FIELD_NAMES),
          },
    names: [],
  };
  const compiled = compileMapping(view, read, undefined, data);
  const columns = read.names as CanonicalField[];
  if (columns.length === 0) {
    // Overrides that read nothing from the record (`seller_name: { value: Acme }`) give the
    // same values for every record: mapped once, shared by all.
    const fixed = compiled.map([]);
    const values = fixed.product as Record<string, unknown>;
    const alone = { values };
    return {
      fields: compiled.fields,
      apply(_product, issues) {
        if (fixed.issues === undefined) return issues === undefined ? alone : { values, issues };
        return { values, issues: [...(issues ?? []), ...fixed.issues] };
      },
    };
  }
  return {
    fields: compiled.fields,
    apply(product, issues) {
      const row: Row = columns.map((field) => asText(product[field]));
      const mapped = compiled.map(row);
      // The projection reads overridden fields from these values, so the shared product is
      // never copied per channel.
      const values = mapped.product as Record<string, unknown>;
      const all = mapped.issues === undefined ? issues : [...(issues ?? []), ...mapped.issues];
      return all === undefined ? { values } : { values, issues: all };
    },
  };
}

/** A canonical value as the text an override reads. */
function asText(value: unknown): string | string[] | undefined {
  if (value === undefined || typeof value === 'string' || Array.isArray(value))
    return value as string | string[];
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null && !('amount' in value))
    return formatOptions(value as Record<string, string>);
  return formatMoney(value as Money);
}
