import type { LoadedYaml } from '../config/load.js';
import type { MappingFile } from '../config/mapping.js';
import type { OpenColumns } from '../model/columns.js';
import { FeedkitError, FeedkitErrors } from '../model/errors.js';
import { colInScalar } from '../text/yaml-position.js';
import csv from './csv.js';
import type { SourceDef } from './source.js';
import xml from './xml.js';

/** Source formats by the name users type in `source.format`; sniffed in this order. */
export const sources: Record<string, SourceDef> = { xml, csv };

/**
 * Check the mapping's `source` section for the format it names (or the one sniffed):
 * problems come with their place in the mapping. Returns the column set to compile the
 * mapping against when the format's columns are named by the mapping (XML paths).
 */
export function checkSource(loaded: LoadedYaml, sniffed?: string): OpenColumns | undefined {
  const settings = (loaded.value as MappingFile).source ?? {};
  // Before reading: the format the mapping names; once the input is open, the one sniffed.
  const format = settings.format === undefined || settings.format === 'auto' ? sniffed : settings.format;
  const def = format === undefined ? undefined : sources[format];
  if (def === undefined) return undefined;
  const problems = (def.checkSettings?.(settings) ?? []).map((problem) => {
    const pos = loaded.positionOf(['source', problem.key]);
    return new FeedkitError(problem.code ?? 'invalid-path', problem.message, {
      file: loaded.path,
      line: pos.line,
      col: problem.index === undefined ? pos.col : colInScalar(loaded.text, pos, problem.index),
      expected: problem.expected,
    });
  });
  if (problems.length > 0) throw new FeedkitErrors(problems);
  const check = def.columnCheck?.(settings);
  return check === undefined ? undefined : { check, names: [] };
}
