import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProbeFacts } from './facts.js';

/** The cache file in `<out>/.feedkit/probe/`: a JSON line per URL. */
const FILE = 'probe-cache.jsonl';

/** The probe cache of an output folder: facts by URL. A missing or unreadable file is an empty cache. */
export async function readProbeCache(dir: string): Promise<Map<string, ProbeFacts>> {
  const cache = new Map<string, ProbeFacts>();
  let text: string;
  try {
    text = await readFile(join(dir, FILE), 'utf8');
  } catch {
    return cache;
  }
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const facts = JSON.parse(line) as ProbeFacts;
      if (typeof facts.url === 'string' && typeof facts.checked === 'number') cache.set(facts.url, facts);
    } catch {
      // A line cut by a crash is a URL asked again, not an error.
    }
  }
  return cache;
}

/**
 * Write the cache whole, under a temporary name first: a run killed while writing leaves the
 * previous file. Entries older than `keepFor` ms are left out, so the file does not grow with
 * URLs long gone from the catalog.
 */
export async function writeProbeCache(
  dir: string,
  cache: ReadonlyMap<string, ProbeFacts>,
  now: number,
  keepFor: number,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const lines: string[] = [];
  for (const facts of cache.values()) if (now - facts.checked <= keepFor) lines.push(JSON.stringify(facts));
  const temp = join(dir, `.${FILE}.${process.pid}.tmp`);
  await writeFile(temp, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  await rename(temp, join(dir, FILE));
}
