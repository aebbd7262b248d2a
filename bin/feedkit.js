#!/usr/bin/env node
// CommonJS (bin/package.json), so that Node starts it without its ES module loader (~40 ms).
// `feedkit --version` is what scripts and install checks run: it answers before the CLI loads.
const [, , only, ...rest] = process.argv;
if ((only === '--version' || only === '-V') && rest.length === 0) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  // The CLI's bundle, compiled from its V8 code cache when the cache fits (scripts/bundle.js).
  require('../dist/bundle/load.cjs').loadBuiltModule(require.resolve('../dist/bundle/cli.cjs'));
}
