#!/usr/bin/env node
// Runs the CLI bundle on the arguments given, through the loader bin/feedkit.js uses, and writes
// its V8 code cache when the run ends (scripts/bundle.js).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { loadBuiltModule, writeCodeCache } = require('../dist/bundle/load.cjs');
const file = require.resolve('../dist/bundle/cli.cjs');
const loaded = loadBuiltModule(file);
process.on('exit', () => writeCodeCache(file, loaded));
