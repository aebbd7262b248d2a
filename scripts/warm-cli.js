#!/usr/bin/env node
// Runs the CLI bundle on the arguments given, as bin/feedkit.js runs it, and writes its V8 code
// cache when the run ends (scripts/bundle.js).
import { loadBuiltModule, writeCodeCache } from '../dist/mapping/built-module.js';

const file = new URL('../dist/bundle/cli.cjs', import.meta.url).pathname;
const loaded = loadBuiltModule(file);
process.on('exit', () => writeCodeCache(file, loaded));
