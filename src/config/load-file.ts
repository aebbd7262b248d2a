import { readFile, stat } from 'node:fs/promises';
import { FeedkitError } from '../model/errors.js';
import { thousands } from '../text/no-icu.js';
import { type LoadedYaml, parseYaml } from './load.js';

/**
 * Largest mapping file read. A mapping is hand-written configuration; tables of thousands of
 * values belong in a lookup file beside it (`lookup:`), which is read as data.
 */
export const MAX_MAPPING_BYTES = 1 << 20;

/** Read and parse a YAML file; syntax errors are reported with positions (exit 2). */
export async function loadYamlFile(path: string): Promise<LoadedYaml> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > MAX_MAPPING_BYTES) {
      throw new FeedkitError(
        'usage',
        `the mapping file is ${thousands(size)} bytes, over the limit of 1 MiB; put large value tables in a lookup file (lookup: { file: … })`,
        { file: path, expected: `at most ${thousands(MAX_MAPPING_BYTES)} bytes` },
      );
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof FeedkitError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new FeedkitError(
      'usage',
      code === 'ENOENT' ? `mapping file not found: ${path}` : `cannot read mapping file ${path}: ${code}`,
      { file: path },
    );
  }
  return parseYaml(path, text);
}
