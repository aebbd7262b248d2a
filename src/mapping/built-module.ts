import { isAscii } from 'node:buffer';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
// V8 takes a code cache only under the flags it was made with: set them before either.
import '../text/v8-flags.js';

// The mapping validator is 450 KB of generated code: V8 took ~60 ms to compile it on each
// start, ~14 ms from a code cache. Node 20 has no compile cache of its own for it
// (module.enableCompileCache is Node 22), so the build writes one beside the file
// (`<file>.v8cache`) after running the code, and a run hands it to V8. V8 checks the cache
// against its version, flags and the source, and compiles afresh when it does not fit.

/** A built CommonJS file, compiled with its code cache when there is a fitting one. */
export interface BuiltModule<T> {
  /** What the file exports. */
  exports: T;
  /** The script, for {@link writeCodeCache} once the code has run. */
  script: Script;
  /** True when V8 took the cache. */
  cached: boolean;
}

const HEAD = '(function (exports, require, module, __filename, __dirname) {';

/**
 * A CommonJS module's source as the function expression `require` would compile. The build
 * writes the CLI's bundle wrapped (scripts/bundle.js): joining 2 MB onto a head made V8 flatten
 * the string, a copy of the whole source (~8 ms of every start).
 */
export function wrap(source: string): string {
  return `${HEAD}${source}\n})`;
}

/** The file's text: an ASCII file (the bundles are escaped to ASCII) without UTF-8 decoding. */
function readSource(file: string): string {
  const bytes = readFileSync(file);
  const text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  return text.startsWith(HEAD) ? text : wrap(text);
}

/**
 * The file's code cache, unless it is older than the file. V8 checks a cache against the
 * length of the source only: a rebuilt file of the same length (a schema's hash changed) ran
 * the code of the earlier build from its cache. A package's files all carry one time (npm
 * pack sets it), so there the cache is taken.
 */
function cacheOf(file: string): Buffer | undefined {
  const cache = `${file}.v8cache`;
  try {
    if (statSync(cache).mtimeMs < statSync(file).mtimeMs) return undefined;
    return readFileSync(cache);
  } catch {
    // No cache (not built by `npm run build`): compiled from the source.
    return undefined;
  }
}

/** Load a built CommonJS file as `require` would, with its code cache (if any). */
export function loadBuiltModule<T>(file: string): BuiltModule<T> {
  const source = readSource(file);
  const cachedData = cacheOf(file);
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    createRequire(file),
    module,
    file,
    file.slice(0, file.lastIndexOf('/')),
  );
  return { exports: module.exports, script, cached: cachedData !== undefined && !script.cachedDataRejected };
}

/** Write the code cache of a loaded file, after its code ran (so its functions are compiled). */
export function writeCodeCache(file: string, loaded: BuiltModule<unknown>): void {
  writeFileSync(`${file}.v8cache`, loaded.script.createCachedData());
}
