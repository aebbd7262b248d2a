#!/usr/bin/env node
// Compiles the mapping schema's validator ahead (npm run build), as ajv's standalone code:
// compiling it took ~0.4 s of every run's start. The file carries the hash of the schema it was
// built from; src/mapping/check-structure.ts uses it only when the hash matches, else compiles.
import { writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { checkerSchema, MAPPING_AJV_OPTIONS } from '../dist/mapping/check-structure.js';

const { schema, hash } = checkerSchema();
const ajv = new Ajv({ ...MAPPING_AJV_OPTIONS, code: { source: true } });
const code = standaloneCode.default(ajv, ajv.compile(schema));
writeFileSync(
  new URL('../dist/mapping/mapping-validator.cjs', import.meta.url),
  `${code}\nmodule.exports.hash = ${JSON.stringify(hash)};\n`,
);

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
