import type { Readable } from 'node:stream';
import type { LoadedYaml } from '../config/load.js';
import type { MappingFile } from '../config/mapping.js';
import type { HttpOptions } from './http.js';
import { checkSource, sources } from './index.js';
import { encodingSetting, type OpenedInput, openInput } from './input.js';
import type { OpenedSource, SourceDef } from './source.js';

/** An input opened as the mapping's `source` section says, with the source that reads it. */
export interface SourceOpened {
  input: OpenedInput;
  /** The source format: the mapping's, or the one sniffed. */
  format: string;
  def: SourceDef;
  source: OpenedSource;
}

/** How {@link openSource} reads the input. */
export interface OpenSourceOptions {
  /** Stream to read when the path is `-` (default: process.stdin). */
  stdin?: Readable;
  /** For a URL: headers, timeouts, retries and the conditional request of the download. */
  http?: HttpOptions;
  /** Target batch size in bytes. */
  batchBytes: number;
}

/**
 * Open an input (file, `-` or URL) in the encoding and format the mapping's `source` section
 * names, sniffing what it leaves to `auto`. The section itself is checked before (see
 * {@link checkSource}); the settings of a sniffed format are checked here, once it is known.
 */
export async function openSource(
  loaded: LoadedYaml,
  path: string,
  options: OpenSourceOptions,
): Promise<SourceOpened> {
  const settings = (loaded.value as MappingFile).source ?? {};
  const input = await openInput(path, encodingSetting(settings.encoding), options.stdin, options.http);
  const format = chooseSource(settings.format, input.head);
  // A sniffed format's settings are checked now, with their place in the mapping.
  if (settings.format === undefined || settings.format === 'auto') checkSource(loaded, format);
  const def = sources[format];
  if (def === undefined) throw new Error(`no source for format ${format}`);
  const source = def.open(input, { settings, path, batchBytes: options.batchBytes });
  return { input, format, def, source };
}

/** The source format: the mapping's, or the first whose sniff recognises the input. */
function chooseSource(format: string | undefined, head: Buffer): string {
  if (format !== undefined && format !== 'auto') return format;
  return Object.values(sources).find((def) => def.sniff(head))?.name ?? 'csv';
}
