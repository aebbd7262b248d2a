import { type Channel, loadChannel } from '../channels/definition.js';
import { type TaxonomyLists, usesTaxonomy } from '../channels/taxonomy.js';
import { readGoogleTaxonomy } from '../channels/taxonomy-file.js';
import type { LoadedYaml } from '../config/load.js';
import type { MappingData } from '../mapping/data.js';
import { loadMappingData } from '../mapping/load-data.js';
import { loadReadiness, type ReadinessData } from '../readiness/load.js';

/** The mapping file as the bundle carries it: its text and data, no parsed document. */
export interface MappingText {
  /** The file's path as given: for messages only, never read again. */
  path: string;
  /** The file's text (positions of problems are found in it when needed). */
  text: string;
  /** The plain data, as parsed and checked on the main thread. */
  value: unknown;
}

/**
 * Everything a run reads besides its input, read once on the main thread (the load phase):
 * the mapping, what it names (lookup tables, dictionaries), the channels with their schemas
 * (`$ref`s inlined) and the taxonomy the schemas check against. Plain and structured-clonable:
 * a worker builds its job from a copy and reads no file. Join files and the variants pre-pass
 * are not here: their tables travel as shared memory (`JobSpec.tables`).
 */
export interface Bundle {
  mapping: MappingText;
  /** Lookup tables and dictionaries, for the mapping compiler. */
  data: MappingData;
  /** Each channel of the run, by the name or `.channel.yaml` path the run's choice gives. */
  channels: Record<string, Channel>;
  /** Google's taxonomy, when a channel's schema uses the `taxonomy` keyword. */
  taxonomy?: TaxonomyLists;
  /** The AI readiness rules and the taxonomy they read, unless the run turns readiness off. */
  readiness?: ReadinessData;
}

/**
 * The load phase: the bundle of a mapping and the channels a run writes (by name or path).
 * Channels already loaded (by planning) are taken as they are.
 */
export function loadBundle(
  loaded: LoadedYaml,
  channels: readonly string[],
  known: Readonly<Record<string, Channel>> = {},
  readiness = true,
): Bundle {
  const loadedChannels: Record<string, Channel> = {};
  for (const name of channels) loadedChannels[name] = known[name] ?? loadChannel(name);
  const taxonomy = Object.values(loadedChannels).some((channel) => usesTaxonomy(channel.schema))
    ? readGoogleTaxonomy()
    : undefined;
  return {
    mapping: { path: loaded.path, text: loaded.text, value: loaded.value },
    data: loadMappingData(loaded),
    channels: loadedChannels,
    ...(taxonomy !== undefined ? { taxonomy } : {}),
    ...(readiness ? { readiness: loadReadiness() } : {}),
  };
}
