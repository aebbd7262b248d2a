import { compileMapping } from './mapping/compile.js';
import { checkCountries } from './mapping/countries.js';
import { loadMappingData } from './mapping/load-data.js';
import { compileOverrides } from './mapping/overrides.js';
import { checkUpdates } from './pipeline/check-updates.js';
import { channelSpecs, loadMapping, resolveChannels } from './pipeline/plan.js';
import { checkOutputs } from './publish/outputs.js';
import { checkSource } from './sources/index.js';

/** What a mapping check found fine. */
export interface CheckResult {
  /** The mapping file checked. */
  mapping: string;
  /** Canonical fields it fills. */
  fields: string[];
  /** Channels it writes. */
  channels: string[];
}

/**
 * Lint a mapping without reading any data: structure, transforms and their options,
 * expressions, channels. Throws FeedkitError(s) with file:line:col for every problem.
 */
export async function check(mappingPath: string, channels?: string[]): Promise<CheckResult> {
  const { loaded, mapping } = await loadMapping(mappingPath);
  // XML mappings name their own columns: each path is checked, with its position.
  const data = loadMappingData(loaded);
  const columns = checkSource(loaded);
  const compiled = compileMapping(loaded, columns, undefined, data);
  checkCountries(loaded, columns, data);
  const chosen = resolveChannels(mapping, channels, mappingPath);
  // Loads and checks every channel definition and schema, and the output each would write.
  // Outputs that would overwrite each other or feedkit's own files are refused here too.
  checkOutputs(loaded, channelSpecs(chosen));
  checkUpdates(loaded, chosen);
  for (const entry of new Set(chosen.map((c) => c.entry))) compileOverrides(loaded, entry, data);
  return { mapping: mappingPath, fields: [...compiled.fields], channels: chosen.map((c) => c.name) };
}
