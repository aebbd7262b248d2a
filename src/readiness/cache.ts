import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { filesStamp } from '../model/files-stamp.js';
import { BUILT_DIR, BUILTIN_CHANNEL_DIR } from '../model/paths.js';
import { readLater } from '../model/read-later.js';
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

/** The rules and categories from the build's cache, or undefined when there is none or it is stale. */
export function cachedReadiness(): ReadinessData | undefined {
  try {
    const file = JSON.parse(readFileSync(CACHE, 'utf8')) as CacheFile;
    if (file.stamp !== stamp() || !existsSync(LOCALIZED) || !existsSync(CATEGORIES)) return undefined;
    // Each table at its first lookup: a run whose products carry no Google category reads
    // neither (0.5 MB of English, 1.4 MB of other locales' paths, kept as UTF-8 so that a
    // worker's copy is not 2.8 MB of two-byte text).
    const english = readLater(['english'], () => ({ english: readFileSync(CATEGORIES, 'utf8') }));
    const localized = readLater(['bytes'], () => ({ bytes: readFileSync(LOCALIZED) as Uint8Array }));
    return { rules: file.rules, categories: Object.assign(english, { localized }) };
  } catch {
    // Not built (a plain `tsc`, the test runner on sources): read the files.
    return undefined;
  }
}
