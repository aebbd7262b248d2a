import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { convert } from '../../src/convert.js';
import type { ConvertOptions, ConvertResult } from '../../src/pipeline/options.js';

export const ROOT = resolve(import.meta.dirname, '../..');

const made: string[] = [];

/** A fresh temporary folder, removed after its test file (`FEEDKIT_KEEP_TMP=1` keeps them). */
export function tempDir(prefix = 'feedkit-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Remove the folders {@link tempDir} made (test/helpers/cleanup.ts runs it after each test file). */
export function removeTempDirs(): void {
  if (process.env.FEEDKIT_KEEP_TMP === '1') return;
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A folder a stray child still writes to: left for the system's cleaning, not a failure.
    }
  }
}

/** A minimal mapping over columns `sku,title,price` (or the names given) into Google. */
/** The fields of a minimal mapping: columns sku, title and price; the rest constant. */
export const MINIMAL_FIELDS = `fields:
  id: sku
  title: title
  description: { from: title }
  brand: { value: Acme }
  link: { template: "https://shop.example/p/{{ sku }}" }
  image_link: { template: "https://shop.example/i/{{ sku }}.jpg" }
  availability: { value: in_stock }
  price: { from: price, pipe: [price] }
`;

export const MINIMAL_MAPPING = `
source: { currency: DKK, base_url: https://shop.example }
${MINIMAL_FIELDS}`;

/** Write `input` (text or bytes) and a mapping to a temp dir, run convert(), and read the outputs back. */
export async function runConvert(
  input: string | Uint8Array,
  mapping = MINIMAL_MAPPING,
  options: Partial<ConvertOptions> = {},
): Promise<ConvertResult & { dir: string; feed: string; rejects: string[][] }> {
  const dir = tempDir();
  const inputPath = join(dir, 'input.csv');
  writeFileSync(inputPath, input);
  const mappingPath = join(dir, 'mapping.yaml');
  writeFileSync(mappingPath, mapping);
  const result = await convert({ input: inputPath, mapping: mappingPath, out: join(dir, 'out'), ...options });
  const feed = readFileSync(join(dir, 'out', 'google.tsv'), 'utf8');
  const rejects = parse(readFileSync(join(dir, 'out', 'rejects.csv'), 'utf8')) as string[][];
  return { ...result, dir, feed, rejects };
}

/** Rows of a TSV feed (header first). */
export function tsv(text: string): string[][] {
  return parse(text, { delimiter: '\t', relax_quotes: true }) as string[][];
}

/** Spawn the built CLI with NO_COLOR=1. */
export function cli(args: string[], options: { cwd?: string; input?: string | Buffer } = {}) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/feedkit.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Spawn the built CLI without blocking this process (for tests whose HTTP servers run here,
 * or that start runs side by side). Resolves with the exit code and stderr.
 */
export function cliAsync(
  args: string[],
  options: { env?: Record<string, string> } = {},
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/feedkit.js'), ...args], {
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // `close`, not `exit`: at `exit` the pipe may still hold what the run wrote last.
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
