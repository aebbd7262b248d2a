import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesStamp } from '../model/files-stamp.js';
import { BUILT_DIR, BUILTIN_CHANNEL_DIR } from '../model/paths.js';
import { readLater } from '../model/read-later.js';
import { addTaxonomyText, GOOGLE_TAXONOMY_LOCALES, type TaxonomyLists } from './taxonomy.js';

/**
 * The compact form `npm run build` writes beside this module: a line naming the source files'
 * sizes, the ids, an empty line, then the full paths as UTF-8 lines (unique, in byte order).
 * Reading it is a tenth of decoding and splitting the four locale files (~100 ms, a sixth of a
 * small run's start), and the paths stay bytes: a worker gets them as one copied buffer.
 */
const COMPACT = join(BUILT_DIR, 'channels/google-taxonomy.bin');

function sourceFiles(): string[] {
  return GOOGLE_TAXONOMY_LOCALES.map((locale) =>
    join(BUILTIN_CHANNEL_DIR, 'taxonomy', `google.${locale}.txt`),
  );
}

/** The taxonomy from the locale files themselves: the reference the compact form is built from. */
function parseSources(files: readonly string[]): TaxonomyLists {
  const sets = { ids: new Set<string>(), paths: new Set<string>() };
  for (const file of files) addTaxonomyText(sets, readFileSync(file, 'utf8'));
  const paths = [...sets.paths].map((path) => Buffer.from(path)).sort(Buffer.compare);
  return { ids: [...sets.ids].join('\n'), paths: new Uint8Array(Buffer.from(paths.join('\n'))) };
}

/** The bytes of the compact form, for the build to write. */
export function compactGoogleTaxonomy(): Uint8Array {
  const files = sourceFiles();
  const { ids, paths } = parseSources(files);
  return Buffer.concat([Buffer.from(`${filesStamp([], files)}\n${ids}\n\n`), paths]);
}

/**
 * Google's taxonomy, every bundled locale (load phase only): the compact form when it was built
 * from the files as they are, else the files of `schemas/taxonomy/` themselves. Read at the
 * first value checked, or when a worker's copy of the bundle is made (a structured clone reads
 * the getters): a mapping without a Google category never reads its 1.8 MB.
 */
export function readGoogleTaxonomy(): TaxonomyLists {
  return readLater(['ids', 'paths'], readNow);
}

function readNow(): TaxonomyLists {
  const files = sourceFiles();
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(COMPACT);
  } catch {
    return parseSources(files);
  }
  return fromCompact(bytes) ?? parseSources(files);
}

/** The lists in a compact form; undefined when it was built from other files than those there now. */
export function fromCompact(compact: Uint8Array): TaxonomyLists | undefined {
  const bytes = Buffer.from(compact.buffer, compact.byteOffset, compact.byteLength);
  const first = bytes.indexOf(10);
  const gap = bytes.indexOf('\n\n', first);
  if (first < 0 || gap < 0 || bytes.toString('latin1', 0, first) !== filesStamp([], sourceFiles()))
    return undefined;
  // A view, not a copy (the file's 1.8 MB): a worker's copy of the bundle clones it anyway.
  const paths = new Uint8Array(bytes.buffer, bytes.byteOffset + gap + 2, bytes.byteLength - gap - 2);
  return { ids: bytes.toString('latin1', first + 1, gap), paths };
}
