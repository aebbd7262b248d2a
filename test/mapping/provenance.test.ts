import { describe, expect, it } from 'vitest';
import { MINIMAL_MAPPING, runConvert } from '../helpers/run.js';

describe('where each value came from (the report’s readiness.sources)', () => {
  it('supplier column, first of a list, default, constant, template and extraction, counted per field', async () => {
    const mapping = `${MINIMAL_MAPPING}  condition: { from: state, default: new }
  color: { from: [colour, shade] }
extract: { language: en, fields: [material] }
`;
    const input =
      'sku,title,price,state,colour,shade\nA,Wool socks,10,used,red,\nB,Cotton socks,12,,,blue\nC,Socks,9,,,\n';
    const { report } = await runConvert(input, mapping);
    expect(report.readiness?.sources).toEqual({
      records: 3,
      fields: {
        id: { supplier: 3 },
        title: { supplier: 3 },
        description: { supplier: 3 },
        brand: { constant: 3 },
        link: { computed: 3 },
        image_link: { computed: 3 },
        availability: { constant: 3 },
        price: { supplier: 3 },
        condition: { supplier: 1, default: 2 },
        color: { supplier: 2 },
        material: { extraction: 2 },
      },
    });
  });
});
