#!/usr/bin/env node
// The CLI as one CommonJS bundle (dist/bundle/cli.cjs) with a V8 code cache, and its worker as
// one ES module (dist/bundle/worker.js), built from the compiled dist/. Loading ~200 modules one
// by one was ~170 ms of every start, and compiling the bundle's code another ~60: CommonJS
// because Node 20 takes a code cache only for a script (vm.Script), not for an ES module. The
// library (dist/index.js) stays as tsc writes it. Modules find the package's files through
// src/model/paths.ts, which sits two folders below the root here too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url).pathname;
const outdir = join(dist, 'bundle');
rmSync(outdir, { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };
// undici is a third of the bundle and only a URL input loads it (sources/http.ts imports it
// when it first connects): a bundle of its own beside the CLI's, so that every start does not
// read its 1 MB.
const undiciApart = {
  name: 'undici-apart',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.cjs', external: true }));
  },
};
// Node modules a run may not need, loaded at the first use of one of their exports: commander
// requires child_process (for executable subcommands, which feedkit has none of), and zlib and
// worker_threads serve only gzip files and runs with workers. Each was 3–5 ms of every start.
const LAZY_BUILTINS = ['child_process', 'zlib', 'worker_threads'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) => {
      const name = args.path.replace(/^node:/, '');
      return args.namespace === 'lazy-builtin'
        ? { path: `node:${name}`, external: true }
        : { path: name, namespace: 'lazy-builtin' };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async ({ path }) => {
      const names = Object.keys(await import(`node:${path}`)).filter((name) => name !== 'default');
      const getters = names.map(
        (name) => `  get ${JSON.stringify(name)}() { return load()[${JSON.stringify(name)}]; },`,
      );
      return {
        loader: 'js',
        contents: `let loaded;\nconst load = () => (loaded ??= require("node:${path}"));\nmodule.exports = {\n${getters.join('\n')}\n};\n`,
      };
    });
  },
};
await build({
  ...common,
  entryPoints: [join(dist, 'cli.js')],
  outfile: join(outdir, 'cli.cjs'),
  format: 'cjs',
  plugins: [undiciApart, lazyBuiltins],
  // import() of it as require(), which the bundle's createRequire resolves beside the bundle.
  supported: { 'dynamic-import': false },
  // A module's own URL, where the CommonJS output has none: the bundle's.
  define: { 'import.meta.url': '__feedkitModuleUrl' },
  banner: { js: "const __feedkitModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({ ...common, entryPoints: ['undici'], outfile: join(outdir, 'undici.cjs'), format: 'cjs' });
// The loader bin/feedkit.js (CommonJS, so that Node starts it without its ES module loader)
// compiles the bundle with.
await build({
  ...common,
  entryPoints: [join(dist, 'mapping/built-module.js')],
  outfile: join(outdir, 'load.cjs'),
  format: 'cjs',
});
asciiOnly(join(outdir, 'cli.cjs'));
// Written as the function expression the loader compiles (mapping/built-module.ts), so that a
// start does not copy the source to wrap it.
{
  const { wrap } = await import('../dist/mapping/built-module.js');
  const file = join(outdir, 'cli.cjs');
  writeFileSync(file, wrap(readFileSync(file, 'latin1')));
}
await build({
  ...common,
  entryPoints: [join(dist, 'pipeline/worker.js')],
  outfile: join(outdir, 'worker.js'),
  format: 'esm',
  // Dependencies written as CommonJS (ajv, csv-parse) require node's own modules.
  banner: {
    js: "import { createRequire as __feedkitRequire } from 'node:module';\nconst require = __feedkitRequire(import.meta.url);",
  },
});
// Each worker holds its bundle's source too: as ASCII, 1.4 MB of one-byte text instead of 2.8 MB.
asciiOnly(join(outdir, 'worker.js'));

// The code cache: taken after the bundle converted the bundled example (so the functions a
// run needs are compiled in it), by the loader bin/feedkit.js uses (src/mapping/built-module.ts).
/**
 * Escape what esbuild leaves outside ASCII (comments, regular expression literals) as `\\uXXXX`,
 * which means the same character in a comment, a string, a regular expression and an
 * identifier. V8 decodes an ASCII file ~5× faster than one with a single other character
 * (~50 ms of every start for the 3 MB bundle).
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    // An escaped character (`\\ø`, an identity escape) is the escape's own `\\u`.
    let slashes = 0;
    while (text.charCodeAt(i - 1 - slashes) === 0x5c) slashes++;
    out += `${text.slice(from, i)}${slashes % 2 ? '' : '\\'}u${code.toString(16).padStart(4, '0')}`;
    from = i + 1;
  }
  if (from > 0) writeFileSync(file, out + text.slice(from));
}

const out = mkdtempSync(join(tmpdir(), 'feedkit-warm-'));
const root = new URL('..', import.meta.url).pathname;
const warm = spawnSync(
  process.execPath,
  [
    join(root, 'scripts/warm-cli.js'),
    'convert',
    join(root, 'fixtures/cases/example/supplier.csv'),
    '--mapping',
    join(root, 'mappings/example.yaml'),
    '--out',
    out,
    '--quiet',
  ],
  { encoding: 'utf8' },
);
rmSync(out, { recursive: true, force: true });
if (warm.status !== 0 && warm.status !== 1 && warm.status !== 4)
  throw new Error(`warming the CLI bundle failed (${warm.status}): ${warm.stderr}`);
