import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesStamp } from '../model/files-stamp.js';
import { BUILT_DIR, BUILTIN_CHANNEL_DIR } from '../model/paths.js';

// Loading a bundled channel parses its YAML with positions and compiles the definition
// validator: ~70 ms of a one-row run's start. `npm run build` loads every bundled channel once,
// checked as a user's channel is, and writes the results here; a run takes them from this file
// while the channel files are the ones it was built from (a hash of them all), else loads them.
const CACHE = join(BUILT_DIR, 'channels/builtin-channels.json');

/** What the cache keeps of a loaded channel (definition.ts's `Channel` without its path). */
export interface CachedChannel<D> {
  /** The channel's definition, checked. */
  definition: D;
  /** Its schema, `$ref`s inlined. */
  schema: Record<string, unknown>;
}

/** The cache file: the stamp of the channel files it was built from, and each channel loaded. */
interface CacheFile {
  /** {@link channelFilesStamp} at build time. */
  stamp: string;
  /** Channel name → its definition and inlined schema, as `loadChannelFile` returned them. */
  channels: Record<string, CachedChannel<unknown>>;
}

/** A hash of the names and contents of every channel and schema file in the bundled folder. */
export function channelFilesStamp(): string {
  return filesStamp(
    readdirSync(BUILTIN_CHANNEL_DIR)
      .filter((file) => file.endsWith('.channel.yaml') || file.endsWith('.schema.json'))
      .sort()
      .map((file) => join(BUILTIN_CHANNEL_DIR, file)),
  );
}

/** The cache file's text for these loaded channels (`scripts/build-validators.js`). */
export function builtinCacheText(channels: Record<string, CachedChannel<unknown>>): string {
  const file: CacheFile = { stamp: channelFilesStamp(), channels: {} };
  for (const [name, { definition, schema }] of Object.entries(channels))
    file.channels[name] = { definition, schema };
  return JSON.stringify(file);
}

let cache: CacheFile | null | undefined;

/** A bundled channel from the build's cache, or undefined when there is none or it is stale. */
export function cachedBuiltinChannel<D>(name: string): CachedChannel<D> | undefined {
  if (cache === undefined) {
    try {
      const file = JSON.parse(readFileSync(CACHE, 'utf8')) as CacheFile;
      cache = file.stamp === channelFilesStamp() ? file : null;
    } catch {
      // Not built (a plain `tsc`, the test runner on sources): load the files.
      cache = null;
    }
  }
  const entry = cache?.channels[name];
  if (entry === undefined) return undefined;
  // Callers may change what they get (a run's overrides); each gets its own copy.
  return { definition: structuredClone(entry.definition) as D, schema: structuredClone(entry.schema) };
}
