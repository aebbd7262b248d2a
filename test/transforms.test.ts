import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { normalizeOptions, type TransformDef } from '../src/mapping/transform.js';
import { transforms } from '../src/mapping/transforms/index.js';
import { catastrophic } from '../src/mapping/transforms/regex_replace.js';
import { isInvalid, type Value } from '../src/mapping/value.js';
import { ROOT } from './helpers/run.js';

const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });

/** Build a transform the way a mapping does, and apply it the way the pipe does. */
function run(def: TransformDef, options: unknown, input: Value, context = {}) {
  const fn = def.create(normalizeOptions(def, options) as never, { decimal: 'auto', ...context });
  if (Array.isArray(input) && !def.list) return input.map((element) => fn(element));
  return fn(input);
}

describe.each(Object.entries(transforms))('transform %s', (name, entry) => {
  const def = entry as TransformDef;

  it('is named as its file and registry key', () => {
    expect(def.name).toBe(name);
    expect(existsSync(join(ROOT, 'src/mapping/transforms', `${name}.ts`))).toBe(true);
    expect(def.summary.length).toBeGreaterThan(10);
    expect(def.examples.length).toBeGreaterThan(0);
  });

  it.each(def.examples.map((example, i) => [i + 1, example] as const))('example %i holds', (_, example) => {
    if (def.options !== undefined) {
      const validate = ajv.compile(def.options);
      expect(validate(normalizeOptions(def, example.options)), JSON.stringify(validate.errors)).toBe(true);
    }
    const result = run(def, example.options, example.input, example.context);
    if (typeof example.output === 'object' && example.output !== null && 'issue' in example.output) {
      expect(isInvalid(result)).toBe(true);
      expect((result as { invalid: string }).invalid).toBe(example.output.issue);
    } else {
      expect(result).toEqual(example.output);
    }
  });
});

const t = (name: string) => transforms[name] as TransformDef;

describe('strip_html', () => {
  it('cleans a realistic Danish product description', () => {
    const html =
      '<div class="desc"><p>Blød <strong>cardigan</strong> i 100&nbsp;% merinould fra New Zealand.</p>\n' +
      '<p>Str&oslash;rrelse passer normalt.<br/>Vask p&aring; 30&deg;.</p><ul><li>Knapper i tr&#230;</li>' +
      '<li>Lommer</li></ul><!-- tracking --><script type="text/javascript">var x = "<p>";</script><style>p{}</style></div>';
    expect(run(t('strip_html'), undefined, html)).toBe(
      'Blød cardigan i 100 % merinould fra New Zealand. Strørrelse passer normalt. Vask på 30°. Knapper i træ Lommer',
    );
  });
});

describe('truncate', () => {
  it('never exceeds the limit and never splits a surrogate pair', () => {
    const text = 'Uldsokker 🧦🧦🧦 i mange farver og størrelser til hele familien';
    for (let limit = 1; limit <= text.length; limit++) {
      const out = run(t('truncate'), { limit, ellipsis: '…' }, text) as string;
      expect(out.length).toBeLessThanOrEqual(limit);
      expect(/[\ud800-\udbff]$/.test(out.replace(/…$/, ''))).toBe(false);
    }
  });
});

describe('regex_replace', () => {
  it.each(['(a+)+$', '(\\w*)*', '(a|aa)+', '(.*a){10}', '(x+x+)+y', '(a)\\1'])('refuses %s', (pattern) => {
    expect(catastrophic(pattern)).toBeDefined();
    expect(() => run(t('regex_replace'), { pattern }, 'a')).toThrow();
  });

  it.each(['\\s+', '^(\\d+)x(\\d+)$', '(jpg|png)$', '[(a+)+]'])('allows %s', (pattern) => {
    expect(catastrophic(pattern)).toBeUndefined();
  });

  it('reports a pattern that does not compile', () => {
    expect(() => run(t('regex_replace'), { pattern: '(unclosed' }, 'a')).toThrow(/invalid pattern/);
  });
});

describe('number', () => {
  it.each([
    ['1.299,95', 'auto', 1299.95],
    ['1,299.95', 'auto', 1299.95],
    ['1.299.000', 'auto', 1299000],
    ['1,5', 'auto', 1.5],
    ['1.5', 'auto', 1.5],
    ['-3,5', 'auto', -3.5],
    ['+42', 'auto', 42],
    ['1 299,95', 'auto', 1299.95],
    ['1.299', ',', 1299],
    ['1,299', '.', 1299],
    ['12,5', ',', 12.5],
  ] as const)('%s with decimal %s is %d', (input, decimal, expected) => {
    expect(run(t('number'), { decimal }, input)).toBe(expected);
  });

  it.each(['abc', '12abc', '1,2,3,4.5,6', '--1', '5.70123E+12'])('refuses %s', (input) => {
    expect(isInvalid(run(t('number'), undefined, input))).toBe(true);
  });
});

describe('gtin', () => {
  it.each(['5701234000013', '036000291452', '96385074', '10036000291459', '4006381333931'])(
    'accepts %s',
    (gtin) => {
      expect(run(t('gtin'), 'reject', gtin)).toBe(gtin);
    },
  );

  it.each(['5701234000014', '036000291453', '12345', '5.70123E+12'])('refuses %s', (gtin) => {
    expect(isInvalid(run(t('gtin'), 'reject', gtin))).toBe(true);
  });

  it('never repairs a spreadsheet-mangled GTIN', () => {
    expect(run(t('gtin'), undefined, '5.70123E+12')).toBe('5.70123E+12');
  });
});

describe('price', () => {
  it('writes currencies without minor units without decimals', () => {
    expect(run(t('price'), { currency: 'ISK', decimal: ',' }, '12.990')).toBe('12990 ISK');
    expect(run(t('price'), 'DKK', '12.990')).toBe('12.99 DKK');
  });
});
