import { describe, expect, it } from 'vitest';
import { decideMapping } from '../../src/onboard/decide.js';
import { emptyKinds } from '../../src/onboard/observe.js';
import type { ColumnProfile, InputProfile, ValueKinds } from '../../src/onboard/profile-types.js';
import type { FieldProposal, MappedField } from '../../src/onboard/proposal.js';

const RECORDS = 4;

/** A column every record fills, with its values listed (an enumeration) and the kinds given. */
function column(
  name: string,
  values: string[],
  shape: { type?: ColumnProfile['type']; kinds?: Partial<ValueKinds> } = {},
): ColumnProfile {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return {
    name,
    filled: values.length,
    fill: values.length / RECORDS,
    distinct: counts.size,
    distinct_capped: false,
    samples: [...counts.keys()].slice(0, 5),
    values: [...counts].map(([value, count]) => ({ value, count })),
    type: shape.type ?? 'text',
    max_length: Math.max(...values.map((v) => v.length)),
    kinds: { ...emptyKinds(), ...shape.kinds },
  };
}

function profile(columns: ColumnProfile[], decimal: InputProfile['decimal'] = 'unknown'): InputProfile {
  return {
    path: 'leverandør.csv',
    format: 'csv',
    encoding: 'windows-1252',
    gzip: false,
    delimiter: ';',
    decimal,
    records: RECORDS,
    lines: RECORDS + 1,
    columns,
    warnings: [],
  };
}

function field(fields: FieldProposal[], name: string): FieldProposal | undefined {
  return fields.find((f) => f.field === name);
}

function mapped(fields: FieldProposal[], name: string): MappedField {
  const found = field(fields, name);
  if (found?.status !== 'mapped') throw new Error(`${name} is not mapped: ${JSON.stringify(found)}`);
  return found;
}

const ID = column('Varenummer', ['A1', 'A2', 'A3', 'A4']);
const TITLE = column('Navn', ['Hue', 'Kasket', 'Top', 'Bluse']);
const PRICE = column('Pris', ['12,50', '9,95', '1.299,00', '100'], {
  type: 'decimal',
  kinds: { decimal: 3, decimal_comma: 3, integer: 1 },
});

describe('decideMapping', () => {
  it('a price column with decimal commas: decimal "," for the source, the price transform, DKK from the Danish names', () => {
    const proposal = decideMapping(profile([ID, TITLE, PRICE], ','), ['google']);
    expect(proposal.source).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      decimal: ',',
      decimalSeen: ',',
    });
    expect(proposal.source.baseUrl).toBeUndefined();
    expect(proposal.source.currency).toEqual({
      code: 'DKK',
      why: 'check: guessed from the Danish column names',
    });
    expect(mapped(proposal.fields, 'price')).toEqual({
      status: 'mapped',
      field: 'price',
      basis: 'column-name',
      from: 'Pris',
      pipe: ['price'],
      check: false,
      alternatives: [],
    });
    expect(mapped(proposal.fields, 'id')).toMatchObject({ from: 'Varenummer', basis: 'column-name' });
    expect(mapped(proposal.fields, 'id').pipe).toBeUndefined();
    expect(proposal.file).toBe('leverandør.csv');
    expect(proposal.channels).toEqual(['google']);
  });

  it('numbers in both styles leave the decimal to each value', () => {
    const proposal = decideMapping(profile([ID, TITLE, PRICE], 'mixed'), ['google']);
    expect(proposal.source.decimal).toBe('auto');
    expect(proposal.source.decimalSeen).toBe('mixed');
  });

  it('a GTIN column: named, the gtin transform; with broken check digits, dropped with a check; unnamed, guessed from the values', () => {
    const valid = column('EAN', ['5701234567892', '4006381333931', '5901234123457', '96385074'], {
      type: 'gtin',
      kinds: { integer: 4, gtin: 4 },
    });
    expect(mapped(decideMapping(profile([ID, TITLE, valid]), ['google']).fields, 'gtin')).toMatchObject({
      from: 'EAN',
      pipe: ['gtin'],
      basis: 'column-name',
      check: false,
    });

    const broken = column('EAN', ['5701234567892', '5701234567891', '4006381333931', '4006381333932'], {
      type: 'integer',
      kinds: { integer: 4, gtin: 2, invalid_gtin: 2 },
    });
    const dropped = mapped(decideMapping(profile([ID, TITLE, broken]), ['google']).fields, 'gtin');
    expect(dropped.pipe).toEqual([{ gtin: 'drop' }]);
    expect(dropped.check).toBe(true);
    expect(dropped.why).toMatch(/^check: 2 of 4 fail the GS1 check digit/);

    const unnamed = column('Kode', ['5701234567892', '4006381333931', '5901234123457', '96385074'], {
      type: 'gtin',
      kinds: { integer: 4, gtin: 4 },
    });
    expect(mapped(decideMapping(profile([ID, TITLE, unnamed]), ['google']).fields, 'gtin')).toMatchObject({
      from: 'Kode',
      basis: 'values',
      why: 'check: guessed from the values: valid GTINs',
      check: true,
    });
  });

  it('an ambiguous name: of two title columns the exact name is taken, the other is the alternative', () => {
    const name = column('Name', ['Hat', 'Cap', 'Top', 'Shirt']);
    const title = column('Title', ['Hat', 'Cap', 'Top', 'Shirt']);
    const proposal = decideMapping(profile([ID, name, title, PRICE]), ['google']);
    expect(mapped(proposal.fields, 'title')).toMatchObject({ from: 'Title', alternatives: ['Name'] });
  });

  it('a gender column with an age group: the age value dropped from gender and given as age_group', () => {
    const gender = column('Køn', ['Herre', 'Dame', 'Børn', 'Herre']);
    const proposal = decideMapping(profile([ID, TITLE, PRICE, gender]), ['google']);
    const map = mapped(proposal.fields, 'gender').map;
    expect(map?.dropped).toEqual(['Børn']);
    expect(map?.known).toEqual([
      { value: 'Herre', canonical: 'male' },
      { value: 'Dame', canonical: 'female' },
    ]);
    expect(mapped(proposal.fields, 'age_group')).toMatchObject({
      basis: 'other-field',
      from: 'Køn',
      when: 'column("Køn") == "Børn"',
      map: { known: [{ value: 'Børn', canonical: 'kids' }] },
    });
  });

  it('a field a channel requires and no column has is open, with the channels and the names looked for', () => {
    const proposal = decideMapping(profile([ID, TITLE]), ['google', 'meta']);
    const price = field(proposal.fields, 'price');
    expect(price).toMatchObject({ status: 'open', group: 'required', channels: ['google', 'meta'] });
    expect(price?.status === 'open' && price.lookedFor).toContain('Pris');
    expect(field(proposal.fields, 'condition')).toMatchObject({
      status: 'mapped',
      basis: 'constant',
      value: 'new',
    });
  });
});
