import { loadBuiltinChannel } from './channels/definition.js';
import { loadMapping, resolveChannels } from './convert.js';
import { compileMapping } from './mapping/compile.js';

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
  const compiled = compileMapping(loaded, undefined);
  const chosen = resolveChannels(mapping, channels);
  for (const { name } of chosen) if (!name.endsWith('.yaml')) loadBuiltinChannel(name);
  return { mapping: mappingPath, fields: [...compiled.fields], channels: chosen.map((c) => c.name) };
}
