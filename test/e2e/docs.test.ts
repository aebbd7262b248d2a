import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error: a plain JS script without types
import { transformReference } from '../../scripts/readme.js';
import { mappingSchema } from '../../src/mapping/schema.js';
import { transforms } from '../../src/mapping/transforms/index.js';
import { cli, ROOT } from '../helpers/run.js';

/** The anchors GitHub gives a Markdown file's headings (outside code blocks). */
function headingSlugs(file: string): Set<string> {
  const slugs = new Set<string>();
  let code = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('```')) code = !code;
    if (code || !/^#{1,6} /.test(line)) continue;
    const text = line.replace(/^#+ /, '').toLowerCase();
    slugs.add(text.replace(/[^\p{L}\p{N}\- _]/gu, '').replaceAll(' ', '-'));
  }
  return slugs;
}

describe('docs and published schemas stay in step with the code', () => {
  it('docs/transforms.md reference is generated from the registry (npm run docs)', () => {
    const page = readFileSync(join(ROOT, 'docs/transforms.md'), 'utf8');
    expect(page).toContain((transformReference as (t: unknown) => string)(transforms));
  });

  it('the README is read in five minutes: under 250 lines, the quickstart first, every page linked', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    const order = ['feedkit inspect', 'feedkit init', 'feedkit check', 'feedkit convert', 'report.html'].map(
      (s) => readme.indexOf(s),
    );
    expect(order.every((at, i) => at !== -1 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
    for (const page of readdirSync(join(ROOT, 'docs'))) expect(readme).toContain(`](docs/${page})`);
  });

  it('every link between the README and docs/ leads to a file, and every #anchor to a heading in it', () => {
    const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((page) => `docs/${page}`)];
    const broken: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const resolved = path === '' ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), path);
        if (!existsSync(resolved)) broken.push(`${file}: ${target} (no file)`);
        else if (anchor !== undefined && resolved.endsWith('.md') && !headingSlugs(resolved).has(anchor))
          broken.push(`${file}: ${target} (no heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the reference pages name every option, mapping key and channel the code has', () => {
    const running = readFileSync(join(ROOT, 'docs/running.md'), 'utf8');
    const help = cli(['convert', '--help']).stdout;
    const options = [...help.matchAll(/--([a-z][a-z-]+)/g)]
      .map((m) => `--${m[1]}`)
      .filter((o) => o !== '--help');
    expect(options.length).toBeGreaterThan(10);
    expect(options.filter((option) => !running.includes(option))).toEqual([]);
    const mappings = readFileSync(join(ROOT, 'docs/mappings.md'), 'utf8');
    const keys = Object.keys((mappingSchema() as { properties: object }).properties);
    expect(keys.filter((key) => !mappings.includes(`\`${key}`))).toEqual([]);
    const channels = readFileSync(join(ROOT, 'docs/channels.md'), 'utf8');
    const names = readdirSync(join(ROOT, 'schemas'))
      .filter((f) => f.endsWith('.channel.yaml'))
      .map((f) => f.replace('.channel.yaml', ''));
    expect(names.filter((name) => !channels.includes(`\`${name}\``))).toEqual([]);
  });

  it('schemas/mapping.schema.json is the schema the checker uses, with transform names for editors', () => {
    const published = JSON.parse(readFileSync(join(ROOT, 'schemas/mapping.schema.json'), 'utf8'));
    expect(published).toEqual(mappingSchema());
  });

  it('the published mapping schema describes every key and every transform (what editors show on hover)', () => {
    const published = JSON.parse(readFileSync(join(ROOT, 'schemas/mapping.schema.json'), 'utf8'));
    const bare: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        for (const item of node) walk(item, path);
        return;
      }
      const schema = node as Record<string, unknown>;
      for (const [key, value] of Object.entries(
        (schema.properties ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        if (value.description === undefined && value.$ref === undefined) bare.push(`${path}.${key}`);
        walk(value, `${path}.${key}`);
      }
      for (const key of ['items', 'additionalProperties', 'oneOf', 'anyOf', 'allOf']) walk(schema[key], path);
      for (const [name, value] of Object.entries((schema.definitions ?? {}) as object))
        walk(value, `#${name}`);
    };
    walk(published, '');
    expect(bare).toEqual([]);
    const text = JSON.stringify(published);
    for (const [name, def] of Object.entries(transforms)) {
      expect(text, name).toContain(JSON.stringify(def.summary).slice(1, -1));
    }
  });

  it('every bundled mapping validates against the published schema', () => {
    // One function per $ref, as the checker compiles it: inlined, each field's copy of the steps took 7 s.
    const validate = new Ajv({ strict: true, allowUnionTypes: true, inlineRefs: false }).compile(
      mappingSchema(),
    );
    for (const name of ['example', 'magento']) {
      const mapping = parse(readFileSync(join(ROOT, 'mappings', `${name}.yaml`), 'utf8'));
      expect(validate(mapping), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('the example report.json validates against schemas/report.schema.json', async () => {
    const { convert } = await import('../../src/convert.js');
    const { tempDir } = await import('../helpers/run.js');
    const out = tempDir();
    await convert({
      input: join(ROOT, 'fixtures/cases/example/supplier.csv'),
      mapping: join(ROOT, 'mappings/example.yaml'),
      out,
    });
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/report.schema.json'), 'utf8'));
    const ajv = new Ajv({ strict: true, allErrors: true });
    ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT/);
    const validate = ajv.compile(schema);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });
});
