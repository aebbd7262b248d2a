import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir, tsv } from '../../helpers/run.js';

const INPUT = `sku,title,beskrivelse,farve,status,price
D1,"Herre T-shirt i økologisk bomuld, sort",Klassisk T-shirt med rund hals.,,,199
D2,"Dame strikcardigan i merinould, str. M",Blød cardigan i lyseblå med perlemorsknapper.,,,499
D3,"Regnjakke til børn, gul",Vandtæt regnjakke.,Rød,,299
D4,Gavekort 500 kr,Gælder i alle butikker.,,,500
D5,"Herre skjorte, hvid",Udgået model.,,udgået,299
`;

const MAPPING = `
source: { currency: DKK }
filters:
  - exclude: 'status == "udgået"'
    reason: discontinued
fields:
  id: sku
  title: title
  description: beskrivelse
  color: { from: farve }
  brand: { value: Nordtøj }
  link: { template: "https://nordtoj.example/p/{{ sku }}" }
  image_link: { template: "https://nordtoj.example/i/{{ sku }}.jpg" }
  availability: { value: in_stock }
  price: { from: price, pipe: [price] }
extract:
  language: da
`;

describe('feedkit convert with extract', () => {
  let dir: string;
  let run: ReturnType<typeof cli>;
  beforeAll(() => {
    dir = tempDir();
    writeFileSync(join(dir, 'input.csv'), INPUT);
    writeFileSync(join(dir, 'mapping.yaml'), MAPPING);
    run = cli([
      'convert',
      join(dir, 'input.csv'),
      '--mapping',
      join(dir, 'mapping.yaml'),
      '--out',
      join(dir, 'out'),
      '--print',
      'console',
      '--report-format',
      'md,html',
    ]);
  });

  it('fills empty fields from the text and keeps the supplier values', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [head, ...rows] = tsv(readFileSync(join(dir, 'out', 'google.tsv'), 'utf8'));
    const items = rows.map((row) => Object.fromEntries((head as string[]).map((name, i) => [name, row[i]])));
    const pick = ({ id, color, material, size, gender, age_group }: Record<string, string | undefined>) => ({
      id,
      color,
      material,
      size,
      gender,
      age_group,
    });
    expect(items.map(pick)).toEqual([
      { id: 'D1', color: 'black', material: 'organic cotton', size: '', gender: 'male', age_group: 'adult' },
      {
        id: 'D2',
        color: 'light blue',
        material: 'merino wool',
        size: 'M',
        gender: 'female',
        age_group: 'adult',
      },
      // The supplier's "Rød" stays, though the title says yellow.
      { id: 'D3', color: 'Rød', material: '', size: '', gender: '', age_group: 'kids' },
      { id: 'D4', color: '', material: '', size: '', gender: '', age_group: '' },
    ]);
  });

  it('counts guesses apart from supplier values in report.json', () => {
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.extraction).toEqual({
      languages: ['da'],
      from: ['title', 'description'],
      records: 4,
      fields: {
        color: { supplier: 1, extracted: 2, empty: 1 },
        material: { supplier: 0, extracted: 2, empty: 2 },
        pattern: { supplier: 0, extracted: 0, empty: 4 },
        size: { supplier: 0, extracted: 1, empty: 3 },
        gender: { supplier: 0, extracted: 2, empty: 2 },
        age_group: { supplier: 0, extracted: 3, empty: 1 },
      },
    });
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/report.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema.properties.extraction);
    expect(validate(report.extraction), JSON.stringify(validate.errors)).toBe(true);
  });

  it('says so in the console and the Markdown report', () => {
    expect(run.stdout).toContain(
      'filled by extraction (guesses from title, description; da): color 2, material 2, pattern 0, size 1, gender 2, age_group 3 of 4 records; supplier values kept: color 1',
    );
    const markdown = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    expect(markdown).toContain('## Filled by extraction (guesses)');
    expect(markdown).toContain('| color | 1 | 2 | 1 |');
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain('<h2>Filled by extraction');
    expect(html).toContain(
      '<tr><td>color</td><td class="num">1</td><td class="num">2</td><td class="num">1</td></tr>',
    );
  });

  it('points at a text field the mapping does not fill', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, MAPPING.replace('  language: da', '  language: da\n  from: [title, product_type]'));
    const result = cli(['check', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${bad}:18:17 extract reads "product_type", which the mapping does not fill [mapping-invalid]`,
    );
  });

  it('refuses a language without a dictionary', () => {
    const bad = join(dir, 'french.yaml');
    writeFileSync(bad, MAPPING.replace('language: da', 'language: fr'));
    const result = cli(['check', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('extract.language');
    expect(result.stderr).toContain('"da", "de", "en", "sv"');
  });
});
