import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/run.js';

const SUPPLIER = join(ROOT, 'fixtures/cases/example/supplier.csv');
const LINE = /^# yaml-language-server: \$schema=(\S+)\n/;

/** The schema file a mapping's first line names, as an editor resolves it. */
function schemaOf(mapping: string, text: string): string {
  const target = LINE.exec(text)?.[1] ?? '';
  return target.startsWith('file:') ? fileURLToPath(target) : resolve(dirname(mapping), target);
}

describe('feedkit init names the mapping schema for editors', () => {
  it('-o inside the project: a relative path to the schema, on the first line', () => {
    const dir = join(ROOT, 'mappings', `.init-schema-${process.pid}`);
    const out = join(dir, 'supplier.yaml');
    try {
      expect(cli(['init', SUPPLIER, '-o', out]).code).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/mapping\.schema\.json\n/);
      expect(schemaOf(out, text)).toBe(join(ROOT, 'schemas/mapping.schema.json'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('-o in another tree, and stdout: the line leads to the schema file that exists', () => {
    const out = join(tempDir(), 'mappings', 'supplier.yaml');
    expect(cli(['init', SUPPLIER, '-o', out]).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(existsSync(schemaOf(out, text))).toBe(true);
    const printed = cli(['init', SUPPLIER]);
    expect(printed.stdout).toMatch(LINE);
    expect(schemaOf(join(ROOT, 'x.yaml'), printed.stdout)).toBe(join(ROOT, 'schemas/mapping.schema.json'));
  });
});
