import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error: a plain JS script without types
import { transformReference } from '../../scripts/readme.js';
import { mappingSchema } from '../../src/mapping/schema.js';
import { transforms } from '../../src/mapping/transforms/index.js';
import { ROOT } from '../helpers/run.js';

describe('docs and published schemas stay in step with the code', () => {
  it('README transform reference is generated from the registry (npm run docs)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain((transformReference as (t: unknown) => string)(transforms));
  });

  it('schemas/mapping.schema.json is the schema the checker uses, with transform names for editors', () => {
    const published = JSON.parse(readFileSync(join(ROOT, 'schemas/mapping.schema.json'), 'utf8'));
    expect(published).toEqual(mappingSchema());
  });

  it('every bundled mapping validates against the published schema', () => {
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(mappingSchema());
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
