import { readFileSync, statSync } from 'node:fs';
import { StampHash } from './stamp-hash.js';

/**
 * A hash naming the files a build cache was made from, so a run takes the cache only while they
 * are unchanged: each file's name and contents, or for large files (the taxonomies) only its size
 * (a tarball resets times, and reading megabytes would cost what the cache saves).
 */
export function filesStamp(byContent: readonly string[], bySize: readonly string[] = []): string {
  const hash = new StampHash();
  for (const file of byContent) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  for (const file of bySize) hash.update(`${file}\0${statSync(file).size}\0`);
  return hash.digest();
}
