import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { filesStamp } from '../model/files-stamp.js';
import { BUILT_DIR, BUILTIN_CHANNEL_DIR } from '../model/paths.js';
import type { ReadinessData } from './rules.js';

// `npm run build` reads and checks the rules file and compacts the taxonomy once, and writes
// the result here; a run takes it while the files are those it was made from.
const CACHE = join(BUILT_DIR, 'readiness/readiness.json');
// The categories as plain text beside it: decoding 1.5 MB of UTF-8 is a tenth of parsing it
// as one escaped JSON string. The other locales' paths in a file of their own, read when needed.
const CATEGORIES = join(BUILT_DIR, 'readiness/categories.txt');
const LOCALIZED = join(BUILT_DIR, 'readiness/categories-localized.txt');

/** The cache file: the stamp of the files it was made from, and the checked rules. */
interface CacheFile {
  stamp: string;
  rules: ReadinessData['rules'];
}

/** A hash of the rules file and its schema, and the taxonomy files' sizes. */
function stamp(): string {
  return filesStamp(
    ['readiness.yaml', 'readiness.schema.json'].map((file) => join(BUILTIN_CHANNEL_DIR, file)),
    ['en-US', 'da-DK', 'de-DE', 'sv-SE'].map((locale) =>
      join(BUILTIN_CHANNEL_DIR, 'taxonomy', `google.${locale}.txt`),
    ),
  );
}

/** Write the cache for what `readReadiness` gave (`scripts/build-validators.js`). */
export function writeReadinessCache(data: ReadinessData): void {
  mkdirSync(dirname(CACHE), { recursive: true });
  const { english, localized } = data.categories;
  writeFileSync(CATEGORIES, english);
  writeFileSync(LOCALIZED, localized.bytes);
  writeFileSync(CACHE, JSON.stringify({ stamp: stamp(), rules: data.rules } satisfies CacheFile));
}

/**
 * A file's bytes, read when first asked for: a getter, which a structured clone copies as the
 * bytes, so a worker gets 1.4 MB of UTF-8 rather than 2.8 MB of two-byte text, and decodes it
 * only if a value needs it.
 */
function readLater(file: string): { readonly bytes: Uint8Array } {
  let bytes: Uint8Array | undefined;
  return {
    get bytes() {
      bytes ??= readFileSync(file);
      return bytes;
    },
  };
}

/** The rules and categories from the build's cache, or undefined when there is none or it is stale. */
export function cachedReadiness(): ReadinessData | undefined {
  try {
    const file = JSON.parse(readFileSync(CACHE, 'utf8')) as CacheFile;
    if (file.stamp !== stamp() || !existsSync(LOCALIZED) || !existsSync(CATEGORIES)) return undefined;
    // The English table too at the first lookup (a run whose products carry no Google category
    // never reads its 0.5 MB), or when the bundle is copied to a worker.
    let english: string | undefined;
    return {
      rules: file.rules,
      categories: {
        get english() {
          english ??= readFileSync(CATEGORIES, 'utf8');
          return english;
        },
        localized: readLater(LOCALIZED),
      },
    };
  } catch {
    // Not built (a plain `tsc`, the test runner on sources): read the files.
    return undefined;
  }
}
