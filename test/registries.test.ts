import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { builtinCacheText, channelFilesStamp } from '../src/channels/builtin-cache.js';
import { checkChannelSchema } from '../src/channels/check-schema.js';
import { builtinChannelNames, loadBuiltinChannel, loadChannelFile } from '../src/channels/definition.js';
import { keywords } from '../src/channels/keywords/index.js';
import type { ProjectedField } from '../src/channels/project.js';
import { OPTION_VALIDATORS_FILE, OPTIONS_AJV, optionSchemas } from '../src/mapping/compile-step.js';
import { normalizeOptions, type TransformDef } from '../src/mapping/transform.js';
import { transforms } from '../src/mapping/transforms/index.js';
import { BUILTIN_CHANNEL_DIR } from '../src/model/paths.js';
import { renderers } from '../src/report/render/index.js';
import { sinks } from '../src/sinks/index.js';
import type { SinkOptions } from '../src/sinks/sink.js';
import { sources } from '../src/sources/index.js';
import { ROOT } from './helpers/run.js';
import { exampleReport } from './report/example.js';

/**
 * One rule for every registry: the key is the definition's name, is the file name, is what a
 * user types (a pipe step, `source.format`, `output.format`, `--channel`, `--report-format`),
 * and each definition has examples where its kind has them.
 */
function sameNames(registry: Record<string, { name: string }>, folder: string): void {
  for (const [key, def] of Object.entries(registry)) {
    expect(def.name, `${folder}: key ${key}`).toBe(key);
    expect(existsSync(join(ROOT, folder, `${key}.ts`)), `${folder}/${key}.ts`).toBe(true);
  }
}

describe('registries', () => {
  it('transforms: key = name = file name; each has examples (run by test/mapping/transforms.test.ts)', () => {
    sameNames(transforms, 'src/mapping/transforms');
    for (const def of Object.values(transforms)) expect(def.examples.length, def.name).toBeGreaterThan(0);
  });

  it('transforms: every options schema is a valid JSON Schema (runs compile them without the meta-schema)', () => {
    const ajv = new Ajv(OPTIONS_AJV);
    const checked = Object.values(transforms).filter((def) => def.options !== undefined);
    expect(checked.length).toBeGreaterThan(10);
    for (const def of checked)
      expect(ajv.validateSchema(def.options as object), `${def.name}: ${ajv.errorsText()}`).toBe(true);
    // The check is real: a wrong type in a schema fails it.
    expect(ajv.validateSchema({ type: 'object', properties: { n: { minLength: 'x' } } })).toBe(false);
  });

  it('transforms: the build’s option validators are of these very schemas and judge options as a fresh compile does', () => {
    const built = createRequire(import.meta.url)(OPTION_VALIDATORS_FILE) as Record<string, unknown>;
    const { schemas, hash } = optionSchemas();
    expect(built.hash).toBe(hash);
    const ajv = new Ajv(OPTIONS_AJV);
    for (const [name, schema] of Object.entries(schemas)) {
      const prebuilt = built[name] as ValidateFunction;
      const fresh = ajv.compile(schema);
      const def = transforms[name] as TransformDef<unknown>;
      const tries = [
        ...def.examples.map((example) => normalizeOptions(def, example.options)),
        { unknown_option: 1 },
        'text',
        null,
      ];
      for (const options of tries) {
        expect(prebuilt(options), `${name} ${JSON.stringify(options)}`).toBe(fresh(options));
        expect(prebuilt.errors?.map((e) => e.message)).toEqual(fresh.errors?.map((e) => e.message));
      }
    }
  });

  it('sources: key = name = file name; sniffing picks the source for each of its examples', () => {
    sameNames(sources, 'src/sources');
    for (const def of Object.values(sources)) {
      expect(def.examples.length, def.name).toBeGreaterThan(0);
      for (const example of def.examples) {
        // Sniffed in registry order, as `format: auto` does.
        const sniffed = Object.values(sources).find((source) => source.sniff(Buffer.from(example.input)));
        expect(sniffed?.name, example.description).toBe(def.name);
      }
    }
  });

  it('sinks: key = name = file name; each example item is written as its example says', () => {
    sameNames(sinks, 'src/sinks');
    for (const def of Object.values(sinks)) {
      expect(def.examples.length, def.name).toBeGreaterThan(0);
      const options: SinkOptions = {
        output: { format: def.name, file: `x.${def.name}` },
        feed: { title: 'Example' },
      };
      for (const example of def.examples) {
        const fields = Object.keys(example.item).map((name) => ({
          field: { name, from: 'id', group: 'optional' },
          project: () => undefined,
        })) as unknown as ProjectedField[];
        const text =
          def.header(fields, options) +
          def.compile(fields, options)(example.item) +
          def.footer(fields, options);
        expect(text, def.name).toBe(example.output);
      }
    }
  });

  it('channels: the file name is the definition name users type (`--channel`)', () => {
    const names = builtinChannelNames();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(loadBuiltinChannel(name).definition.name).toBe(name);
  });

  it('channels: every bundled schema passes the strict check a user channel gets (runs compile them without the meta-schema)', () => {
    for (const name of builtinChannelNames()) {
      const { definition, file, schema } = loadChannelFile(join(BUILTIN_CHANNEL_DIR, `${name}.channel.yaml`));
      // A 2020-12 schema (acp's) is compiled by the nested validator's own ajv (channels/nest.ts).
      if (String(schema.$schema).includes('2020-12')) {
        const ajv = new Ajv2020();
        expect(ajv.validateSchema(schema), `${name}: ${ajv.errorsText()}`).toBe(true);
      } else expect(() => checkChannelSchema(join(dirname(file), definition.schema)), name).not.toThrow();
    }
  });

  it('channels: the build cache gives each bundled channel exactly as its files do, and only while they are unchanged', () => {
    const loaded = Object.fromEntries(
      builtinChannelNames().map((name) => [
        name,
        loadChannelFile(join(BUILTIN_CHANNEL_DIR, `${name}.channel.yaml`)),
      ]),
    );
    const text = builtinCacheText(loaded);
    const cache = JSON.parse(text) as { stamp: string; channels: Record<string, unknown> };
    expect(cache.stamp).toBe(channelFilesStamp());
    for (const [name, channel] of Object.entries(loaded))
      expect(cache.channels[name]).toEqual({ definition: channel.definition, schema: channel.schema });
  });

  it('report renderers: key = name = file name; each example asks for it, and it renders the example report', async () => {
    sameNames(renderers, 'src/report/render');
    const report = await exampleReport();
    for (const def of Object.values(renderers)) {
      expect(def.examples.length, def.name).toBeGreaterThan(0);
      for (const example of def.examples) {
        expect(example, def.name).toMatch(new RegExp(`--(print|report-format) ${def.name}(\\s|$)`));
      }
      expect(def.render(report).length, def.name).toBeGreaterThan(0);
    }
  });

  it('ajv keywords: key = keyword (as a schema writes it) = file name in kebab-case', () => {
    const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    expect(Object.keys(keywords).length).toBeGreaterThan(0);
    for (const [key, def] of Object.entries(keywords)) {
      expect(def.keyword, key).toBe(key);
      expect(existsSync(join(ROOT, 'src/channels/keywords', `${kebab(key)}.ts`)), `${kebab(key)}.ts`).toBe(
        true,
      );
    }
  });
});
