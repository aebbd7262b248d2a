import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinChannelNames, loadBuiltinChannel } from '../src/channels/definition.js';
import { keywords } from '../src/channels/keywords/index.js';
import type { ProjectedField } from '../src/channels/project.js';
import { transforms } from '../src/mapping/transforms/index.js';
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
