#!/usr/bin/env node
// `feedkit --version` is what scripts and install checks run: it answers before the CLI and its
// commands load (half of its start-up time was loading modules it does not use).
const [, , only, ...rest] = process.argv;
if ((only === '--version' || only === '-V') && rest.length === 0) {
  const { VERSION } = await import('../dist/model/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  // The CLI's bundle, compiled from its V8 code cache when the cache fits (scripts/bundle.js).
  const { loadBuiltModule } = await import('../dist/mapping/built-module.js');
  loadBuiltModule(new URL('../dist/bundle/cli.cjs', import.meta.url).pathname);
}
