import { describe, expect, it } from 'vitest';
import { writeMappingYaml } from '../../src/onboard/init-yaml.js';
import type { MappingProposal } from '../../src/onboard/proposal.js';

const PROPOSAL: MappingProposal = {
  input: 'in/leverandør.csv',
  file: 'leverandør.csv',
  source: {
    encoding: 'utf-8',
    delimiter: '\t',
    decimal: 'auto',
    decimalSeen: 'mixed',
    baseUrl: { url: 'https://shop.example.com', from: 'placeholder' },
    currency: { code: 'DKK', why: 'check: guessed from the Danish column names' },
  },
  channels: ['google', 'openai'],
  options: [],
  filters: [
    {
      exclude: 'Status == "draft"',
      reason: 'not published (Status draft)',
      rows: { count: 1, of: 3, firstRowOnly: false },
    },
  ],
  fields: [
    {
      status: 'mapped',
      field: 'id',
      basis: 'column-name',
      from: 'Varenummer',
      check: false,
      alternatives: [],
    },
    {
      status: 'mapped',
      field: 'gtin',
      basis: 'values',
      from: 'Kode',
      pipe: ['gtin'],
      why: 'check: guessed from the values: valid GTINs',
      check: true,
      alternatives: [],
    },
    {
      status: 'mapped',
      field: 'condition',
      basis: 'column-name',
      from: 'Stand',
      map: {
        known: [{ value: 'Ny', canonical: 'new' }],
        dropped: [],
        unrecognised: ['Demo'],
        allowed: ['new', 'used'],
      },
      default: 'new',
      check: false,
      alternatives: [],
    },
    {
      status: 'open',
      field: 'price',
      group: 'required',
      channels: ['google', 'openai'],
      lookedFor: ['Pris', 'price'],
      constant: false,
    },
  ],
  optionalNotFound: ['mpn'],
};

describe('writeMappingYaml', () => {
  it('prints every decision with its comment: sources, filters, one-line and block fields, open fields', () => {
    expect(writeMappingYaml(PROPOSAL, 'mappings/lev.yaml')).toBe(
      [
        '# Starter mapping for leverandør.csv, written by `feedkit init` from its column names and values.',
        '# Lines marked "check" are guesses. Run:',
        '#   feedkit check mappings/lev.yaml',
        '#   feedkit convert in/leverandør.csv --mapping mappings/lev.yaml',
        'source:',
        '  encoding: utf-8 # sniffed',
        '  delimiter: tab # sniffed',
        '  decimal: auto # both 12,50 and 12.50 occur: decided per value',
        "  base_url: https://shop.example.com # check: replace with the shop's address; relative links and image paths are resolved against it",
        '  currency: DKK # check: guessed from the Danish column names',
        '',
        'channels: [google, openai]',
        '# openai needs the seller: add under channels.openai.fields seller_name, seller_url,',
        '# seller_privacy_policy, seller_tos and return_policy ({ value: … }), as in mappings/example.yaml.',
        '',
        'filters:',
        `  - exclude: 'Status == "draft"' # check: 1 of 3 rows`,
        '    reason: not published (Status draft)',
        '',
        'fields:',
        '  id: Varenummer',
        '  gtin: { from: Kode, pipe: [gtin] } # check: guessed from the values: valid GTINs',
        '  condition:',
        '    from: Stand',
        '    map:',
        '      Ny: new',
        '      # Demo: ? # not recognised: one of new, used, or leave it out',
        '    default: new',
        '  # price: required by google, openai; no column like Pris, price',
        '  # optional, not found: mpn',
        '',
      ].join('\n'),
    );
  });
});
