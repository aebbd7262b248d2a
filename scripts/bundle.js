#!/usr/bin/env node
// The CLI and its worker as one ESM bundle with shared chunks (dist/bundle/), built from the
// compiled dist/: loading ~200 modules one by one was ~170 ms of every start. The library
// (dist/index.js) stays as tsc writes it. Modules find the package's files through
// src/model/paths.ts, which is two folders below the root here too.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    cli: new URL('../dist/cli.js', import.meta.url).pathname,
    worker: new URL('../dist/pipeline/worker.js', import.meta.url).pathname,
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies written as CommonJS (ajv, csv-parse) require node's own modules.
  banner: {
    js: "import { createRequire as __feedkitRequire } from 'node:module';\nconst require = __feedkitRequire(import.meta.url);",
  },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
