#!/usr/bin/env node
// Compiles the mapping schema's validator ahead (npm run build), as ajv's standalone code:
// compiling it took ~0.4 s of every run's start. The file carries the hash of the schema it was
// built from; src/mapping/check-structure.ts uses it only when the hash matches, else compiles.
import { rmSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import {
  checkerSchema,
  MAPPING_AJV_OPTIONS,
  MAPPING_VALIDATOR_FILE,
} from '../dist/mapping/check-structure.js';

const { schema, hash } = checkerSchema();
const ajv = new Ajv({ ...MAPPING_AJV_OPTIONS, code: { source: true } });
const code = standaloneCode.default(ajv, ajv.compile(schema));
writeFileSync(MAPPING_VALIDATOR_FILE, `${code}\nmodule.exports.hash = ${JSON.stringify(hash)};\n`);
// The earlier build's cache goes first: V8 would run its code for a file of the same length.
rmSync(`${MAPPING_VALIDATOR_FILE}.v8cache`, { force: true });

// Its V8 code cache, taken after it checked every bundled mapping (so the functions a check
// runs are compiled in it): see src/mapping/built-module.ts.
{
  const { loadBuiltModule, writeCodeCache } = await import('../dist/mapping/built-module.js');
  const { parse } = await import('yaml');
  const { readdirSync, readFileSync } = await import('node:fs');
  const built = loadBuiltModule(MAPPING_VALIDATOR_FILE);
  const folder = new URL('../mappings/', import.meta.url);
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.yaml')))
    built.exports.default(parse(readFileSync(new URL(file, folder), 'utf8')));
  built.exports.default({ fields: { id: 1 }, unknown: true });
  writeCodeCache(MAPPING_VALIDATOR_FILE, built);
}

// The transforms' option validators, as one module of ajv's standalone code (one export each).
{
  const { OPTIONS_AJV, OPTION_VALIDATORS_FILE, optionSchemas } = await import(
    '../dist/mapping/compile-step.js'
  );
  const { schemas, hash } = optionSchemas();
  const options = new Ajv({ ...OPTIONS_AJV, code: { source: true } });
  for (const [name, schema] of Object.entries(schemas)) options.addSchema(schema, name);
  const exports = Object.fromEntries(Object.keys(schemas).map((name) => [name, name]));
  const code = standaloneCode.default(options, exports);
  writeFileSync(OPTION_VALIDATORS_FILE, `${code}\nmodule.exports.hash = ${JSON.stringify(hash)};\n`);
}

// Google's taxonomy in the compact form src/channels/taxonomy-file.ts reads first.
const { compactGoogleTaxonomy } = await import('../dist/channels/taxonomy-file.js');
writeFileSync(new URL('../dist/channels/google-taxonomy.bin', import.meta.url), compactGoogleTaxonomy());

// Every bundled channel, loaded and checked once, in the form src/channels/builtin-cache.ts reads.
const { builtinChannelNames, loadChannelFile } = await import('../dist/channels/definition.js');
const { builtinCacheText } = await import('../dist/channels/builtin-cache.js');
const { BUILTIN_CHANNEL_DIR } = await import('../dist/model/paths.js');
const { join } = await import('node:path');
const loaded = Object.fromEntries(
  builtinChannelNames().map((name) => [
    name,
    loadChannelFile(join(BUILTIN_CHANNEL_DIR, `${name}.channel.yaml`)),
  ]),
);
writeFileSync(new URL('../dist/channels/builtin-channels.json', import.meta.url), builtinCacheText(loaded));

// The readiness rules, checked, and the taxonomy's categories, in the form src/readiness/cache.ts reads.
const { readReadiness } = await import('../dist/readiness/load.js');
const { writeReadinessCache } = await import('../dist/readiness/cache.js');
writeReadinessCache(readReadiness());
