import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { normalizeOptions, type TransformContext, type TransformDef } from '../../src/mapping/transform.js';
import { transforms } from '../../src/mapping/transforms/index.js';
import { isInvalid, type Value } from '../../src/mapping/value.js';
import { decodeEntities } from '../../src/text/entities.js';
import { isValidGtin } from '../../src/text/gtin.js';
import { linearRegExp } from '../../src/text/linear-regexp.js';
import { parseNumber } from '../../src/text/number.js';
import { catastrophic } from '../../src/text/regexp-shapes.js';
import { ROOT } from '../helpers/run.js';

// The options the mapping compiler checks with (src/mapping/compile.ts): union types such as
// `type: [string, number]` need allowUnionTypes under strict mode.
const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });

const DIR = join(ROOT, 'src/mapping/transforms');

/** Build a transform the way a mapping does, and apply it the way the pipe does. */
function run(def: TransformDef, options: unknown, input: Value, context: Partial<TransformContext> = {}) {
  const fn = def.create(normalizeOptions(def, options) as never, { decimal: 'auto', ...context });
  if (Array.isArray(input) && !def.list) return input.map((element) => fn(element));
  return fn(input);
}

const t = (name: string) => transforms[name] as TransformDef;

/** Transforms that can report an issue for a value: each shows a failure in its examples. */
const CAN_FAIL = ['absolute_url', 'gtin', 'number', 'price'];

/** The smallest options each transform accepts. */
const MINIMAL: Record<string, unknown> = {
  append: 'x',
  default: 'x',
  lookup: 'x.csv',
  map: { a: 'b' },
  prepend: 'x',
  regex_replace: { pattern: 'x' },
  replace: { from: 'x' },
  truncate: 5,
  vat: 25,
};

describe('the registry', () => {
  it('holds every transform file, and no helper file', () => {
    const files = readdirSync(DIR)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.slice(0, -3));
    const helpers = ['entities', 'index', 'text-transform'];
    expect(
      files.filter((file) => !helpers.includes(file)),
      'a transform file missing from index.ts',
    ).toEqual(Object.keys(transforms));
    for (const helper of helpers) expect(transforms[helper]).toBeUndefined();
  });

  it('is in alphabetical order', () => {
    const names = Object.keys(transforms);
    expect(names).toEqual([...names].sort());
  });
});

describe.each(Object.entries(transforms))('transform %s', (name, entry) => {
  const def = entry as TransformDef;

  it('is named as its file and registry key, with a one-line summary and 2–5 examples', () => {
    expect(def.name).toBe(name);
    expect(existsSync(join(DIR, `${name}.ts`))).toBe(true);
    expect(def.summary.length).toBeGreaterThan(10);
    expect(def.summary.length).toBeLessThanOrEqual(80);
    expect(def.summary).not.toContain('\n');
    expect(def.examples.length).toBeGreaterThanOrEqual(2);
    expect(def.examples.length).toBeLessThanOrEqual(5);
  });

  it('has an options schema that compiles in strict mode, with a described shorthand', () => {
    if (def.options === undefined) {
      expect(def.shorthand).toBeUndefined();
      return;
    }
    expect(() => ajv.compile(def.options as object)).not.toThrow();
    expect(def.options.type).toBe('object');
    if (def.shorthand !== undefined) {
      const properties = def.options.properties as Record<string, unknown>;
      expect(properties[def.shorthand]).toBeDefined();
    }
  });

  it.skipIf(!CAN_FAIL.includes(name))('shows a failure in its examples', () => {
    expect(
      def.examples.some((example) => typeof example.output === 'object' && 'issue' in example.output),
    ).toBe(true);
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

  it.skipIf(name === 'default')('returns empty input unchanged', () => {
    // Transforms that need mapping-wide settings (a lookup table) get their first example's.
    const context = def.examples[0]?.context;
    expect(run(def, MINIMAL[name], '', context)).toBe('');
    expect(run(def, MINIMAL[name], undefined, context)).toBeUndefined();
  });
});

describe('strip_html', () => {
  const strip = (html: string) => run(t('strip_html'), undefined, html);

  it('cleans a realistic Danish product description', () => {
    const html =
      '<div class="desc"><p>Blød <strong>cardigan</strong> i 100&nbsp;% merinould fra New Zealand.</p>\n' +
      '<p>St&oslash;rrelsen passer normalt.<br/>Vask p&aring; 30&deg;.</p><ul><li>Knapper i tr&#230;</li>' +
      '<li>Lommer</li></ul><!-- tracking --><script type="text/javascript">var x = "<p>";</script><style>p{}</style></div>';
    expect(strip(html)).toBe(
      'Blød cardigan i 100 % merinould fra New Zealand. Størrelsen passer normalt. Vask på 30°. Knapper i træ Lommer',
    );
  });

  it.each([
    ['<a href="x" title="a > b">link</a> tekst', 'link tekst'],
    ['<!DOCTYPE html><P>Stor</P><BR>Lille', 'Stor Lille'],
    ['<table><tr><td>Bredde</td><td>40 cm</td></tr></table>', 'Bredde 40 cm'],
    ['<h2>Titel</h2><section>Tekst</section><hr>slut', 'Titel Tekst slut'],
    ['fed<b>ere</b> og <span>sam</span>men', 'federe og sammen'],
    ['H&M & Co; 5 < 6 > 4', 'H&M & Co; 5 < 6 > 4'],
    ['uafsluttet <b tag', 'uafsluttet <b tag'],
    ['Men&#146;s&thinsp;sko &euro;&nbsp;49 &trade; &#x1F9E6;', 'Men’s sko € 49 ™ 🧦'],
    ['&constructor; &toString; &#65x; &#;', '&constructor; &toString; &#65x; &#;'],
    ['<SCRIPT>alert(1)</SCRIPT>ok<style type="text/css">.a{}</STYLE>', 'ok'],
    ['  \t<p>\n  mellemrum\u00a0\u00a0  her  </p>\r\n', 'mellemrum her'],
    [
      '<ol><li>a</li><li>b</li></ol><dl><dt>c</dt><dd>d</dd></dl><blockquote>e</blockquote><pre>f</pre>',
      'a b c d e f',
    ],
  ])('%j → %j', (html, text) => {
    expect(strip(html)).toBe(text);
  });

  it('decodes once: text escaped twice needs decode_entities after it', () => {
    const once = strip('<p>Fl&amp;auml;che</p>') as string;
    expect(once).toBe('Fl&auml;che');
    expect(run(t('decode_entities'), undefined, once)).toBe('Fläche');
  });
});

describe('decode_entities', () => {
  it.each([
    [
      '&laquo;Uld&raquo; &bdquo;god&ldquo; &lsquo;x&rsquo; &bull; &middot; &hellip; &mdash; &copy; &reg;',
      '«Uld» „god“ ‘x’ • · … — © ®',
    ],
    ['&AElig;&Oslash;&Aring; &auml;&ouml;&uuml;&szlig; &#228;&#xE4;&#XE4;', 'ÆØÅ äöüß äää'],
    ['&lt;p&gt; &quot;a&quot; &apos;b&apos;', '<p> "a" \'b\''],
    ['&__proto__; &valueOf; &hasOwnProperty;', '&__proto__; &valueOf; &hasOwnProperty;'],
    ['&#0; &#1; &#xD800; &#1114112;', '   '],
    ['&amp;&amp;', '&&'],
    // The whole HTML5 table, long names included; names are case-sensitive.
    ['&CounterClockwiseContourIntegral; &notin; &Amp; &ampx;', '∳ ∉ &Amp; &ampx;'],
    ['&hearts;&NotNestedGreaterGreater;&fjlig;&bne;', '♥⪢̸fj=⃥'],
    ['a & b', 'a & b'],
  ])('%j → %j', (text, decoded) => {
    expect(decodeEntities(text)).toBe(decoded);
  });
});

describe('truncate', () => {
  it('never exceeds the limit in code points, and never splits a character a reader sees as one', () => {
    // A decomposed é (e + U+0301), a family emoji (7 code points joined), a flag, a skin tone.
    const text = 'Uldsokker 🧦🧦🧦 i mange farver, caf\u0065\u0301 og 👨‍👩‍👧‍👦 🇩🇰 👍🏽 til hele familien';
    const segments = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map(
      (s) => s.segment,
    );
    for (const ellipsis of ['', '…', '...']) {
      for (let limit = ellipsis.length + 1; limit <= [...text].length + 2; limit++) {
        const out = run(t('truncate'), { limit, ellipsis }, text) as string;
        expect([...out].length).toBeLessThanOrEqual(limit);
        const body = ellipsis === '' ? out : out.slice(0, -ellipsis.length);
        let joined = '';
        for (const segment of segments) {
          if (joined.length >= body.length) break;
          joined += segment;
        }
        expect(joined, `${limit}: ${out}`).toBe(body);
        if (limit >= [...text].length) expect(out).toBe(text);
      }
    }
  });

  it('cuts a value of megabytes by looking at its head only (found by npm run fuzz)', () => {
    // ICU's segmenter slows with the whole text's length: segmenting 1 MB took minutes.
    const huge = 'enavn i f'.repeat(120_000);
    expect(run(t('truncate'), { limit: 20, ellipsis: '…' }, huge)).toBe('enavn i fenavn i…');
    const family = '👨‍👩‍👧‍👦'.repeat(200_000);
    expect(run(t('truncate'), 15, family)).toBe('👨‍👩‍👧‍👦'.repeat(2));
  });

  it('counts an emoji as one character, as channels count maxLength', () => {
    expect(run(t('truncate'), 5, '🧦🧦🧦🧦🧦')).toBe('🧦🧦🧦🧦🧦');
    expect(run(t('truncate'), 4, '🧦🧦🧦🧦🧦')).toBe('🧦🧦🧦🧦');
    // A decomposed é is two code points to a channel, and one character to a reader: both kept.
    expect(run(t('truncate'), 5, 'cafe\u0301s')).toBe('cafe\u0301');
    expect(run(t('truncate'), 4, 'cafe\u0301s')).toBe('caf');
  });

  it('cuts at a word boundary within the last 30 %, else hard', () => {
    expect(run(t('truncate'), 12, 'Uld og silke i en')).toBe('Uld og silke');
    expect(run(t('truncate'), 12, 'Uld merinouldstrik')).toBe('Uld merinoul');
    expect(run(t('truncate'), { limit: 13, ellipsis: '…' }, 'Uld og silke i en')).toBe('Uld og silke…');
  });

  it('refuses an ellipsis that leaves no room', () => {
    expect(() => run(t('truncate'), { limit: 3, ellipsis: '...' }, 'abcdef')).toThrow(/no room/);
  });
});

describe('regex_replace', () => {
  it.each([
    '(a+)+$',
    '(\\w*)*',
    '(a|aa)+',
    '(.*a){10}',
    '(x+x+)+y',
    '(a?)+',
    '(?:a+)+',
    '((ab)+c)*',
    '(a{2,})+',
    '([a-z]+)*$',
    '(\\p{L}+)+',
  ])('runs %s, a shape that backtracks exponentially, on re2js', (pattern) => {
    expect(catastrophic(pattern)).toBeDefined();
    expect(linearRegExp(pattern).engine).toBe('re2');
    expect(run(t('regex_replace'), { pattern }, 'a')).toBeTypeOf('string');
  });

  it.each([
    '\\s+',
    '^(\\d+)x(\\d+)$',
    '(jpg|png)$',
    '[(a+)+]',
    '(\\p{L})+',
    '(ab){2}',
    '(?:ab)?c+',
    '\\(a+\\)+',
    'a{2,3}b',
    '\\d+\\d+x',
  ])('runs %s on V8, with its linear-time engine after excessive backtracking', (pattern) => {
    expect(catastrophic(pattern)).toBeUndefined();
    expect(linearRegExp(pattern).engine).toBe('v8');
  });

  it('runs patterns with the i or u flag and lookbehinds on re2js', () => {
    expect(linearRegExp('\\d+', 'i').engine).toBe('re2');
    expect(linearRegExp('\\d+', 'u').engine).toBe('re2');
    expect(linearRegExp('(?<=kr\\. )\\d+').engine).toBe('re2');
    expect(run(t('regex_replace'), { pattern: '(?<=kr\\. )\\d+', to: 'N' }, 'kr. 12 og 13')).toBe(
      'kr. N og 13',
    );
  });

  it.each([
    ['(a)\\1', 'backreferences cannot run in linear time'],
    ['(?<x>a)\\k<x>', 'backreferences cannot run in linear time'],
    ['x(?!y)', 'lookaheads (?= …) and (?! …) cannot run in linear time'],
    ['x(?=y)', 'lookaheads (?= …) and (?! …) cannot run in linear time'],
  ])('refuses %s', (pattern, message) => {
    expect(() => run(t('regex_replace'), { pattern }, 'a')).toThrow(message);
  });

  it('keeps escaped and bracketed (?= as literals', () => {
    expect(run(t('regex_replace'), { pattern: '\\(\\?=', to: '-' }, 'a(?=b')).toBe('a-b');
    expect(run(t('regex_replace'), { pattern: '[(][?]=' }, 'a(?=b')).toBe('ab');
  });

  it('runs the classic catastrophic inputs in linear time, with every flag', () => {
    // Each of these hangs for minutes on a backtracking engine; the test's own timeout is the bound.
    const digits = '1'.repeat(5000);
    for (const flags of ['', 'i', 'u', 's', 'm', 'imsu']) {
      expect(run(t('regex_replace'), { pattern: '\\d+\\d+x', flags }, digits)).toBe(digits);
      expect(run(t('regex_replace'), { pattern: '(a+)+$', to: '-', flags }, `${'a'.repeat(5000)}!`)).toBe(
        `${'a'.repeat(5000)}!`,
      );
    }
  });

  it('reports a pattern that does not compile', () => {
    expect(() => run(t('regex_replace'), { pattern: '(unclosed' }, 'a')).toThrow(/invalid pattern/);
  });

  it('accepts only the flags i, m, s, u, once each', () => {
    const validate = ajv.compile(t('regex_replace').options as object);
    for (const flags of ['', 'i', 'imsu']) expect(validate({ pattern: 'x', flags })).toBe(true);
    for (const flags of ['g', 'y', 'd', 'iX']) expect(validate({ pattern: 'x', flags })).toBe(false);
    expect(validate({ pattern: 'x'.repeat(501) })).toBe(false);
    expect(() => run(t('regex_replace'), { pattern: 'x', flags: 'ii' }, 'x')).toThrow(/each once/);
  });

  it('replaces every match, in long values too', () => {
    expect(run(t('regex_replace'), { pattern: 'ø', to: 'oe', flags: 'i' }, 'Ø og ø')).toBe('oe og oe');
    expect(run(t('regex_replace'), { pattern: 'a', to: 'b' }, 'a'.repeat(100_001))).toBe('b'.repeat(100_001));
    expect(run(t('regex_replace'), { pattern: '(?<n>\\d+)', to: '[$<n>|$&|$$]', flags: 'u' }, 'a1')).toBe(
      'a[1|1|$]',
    );
  });
});

describe('number', () => {
  it.each([
    ['1.299,95', 'auto', 1299.95],
    ['1,299.95', 'auto', 1299.95],
    ['12,5', 'auto', 12.5],
    ['1299', 'auto', 1299],
    ['  42 ', 'auto', 42],
    ['-3,5', 'auto', -3.5],
    ['+42', 'auto', 42],
    ['1.299', 'auto', 1.299],
    ['1,299', 'auto', 1.299],
    ['0,450', 'auto', 0.45],
    ['1.299.000', 'auto', 1299000],
    ['1,299,000', 'auto', 1299000],
    ['1.299.000,50', 'auto', 1299000.5],
    ['1 299,95', 'auto', 1299.95],
    ['1\u00a0299,95', 'auto', 1299.95],
    ["1'299.50", 'auto', 1299.5],
    ['.5', 'auto', 0.5],
    ['299,-', 'auto', 299],
    ['1.299,-', 'auto', 1299],
    ['0.1', 'auto', 0.1],
    ['1.299', ',', 1299],
    ['1,299', '.', 1299],
    ['12,5', ',', 12.5],
    ['1.299,95', ',', 1299.95],
    ['1,299.95', '.', 1299.95],
  ] as const)('%j with decimal %s is %d', (input, decimal, expected) => {
    expect(run(t('number'), { decimal }, input)).toBe(expected);
    expect(parseNumber(input, decimal)).toBe(expected);
  });

  it.each([
    ['abc', 'auto'],
    ['12abc', 'auto'],
    ['kr. 1.299,95', 'auto'],
    ['1.299,95 kr', 'auto'],
    ['1,2,3,4.5,6', 'auto'],
    ['12.5.2024', 'auto'],
    ['1234.567,8', 'auto'],
    ['1 2', 'auto'],
    ['--1', 'auto'],
    ['1.', 'auto'],
    ['.', 'auto'],
    ['-', 'auto'],
    ['5.70123E+12', 'auto'],
    ['1e3', 'auto'],
    ['0x10', 'auto'],
    ['Infinity', 'auto'],
    ['1.5', ','],
    ['1,5', '.'],
    ['1,299.95', ','],
  ] as const)('refuses %j with decimal %s', (input, decimal) => {
    const result = run(t('number'), { decimal }, input);
    expect(isInvalid(result) && result.invalid).toBe('invalid-number');
  });

  it('passes numbers through and takes the decimal from the mapping unless the option says', () => {
    expect(run(t('number'), undefined, 12.5)).toBe(12.5);
    expect(run(t('number'), undefined, '1.299', { decimal: ',' })).toBe(1299);
    expect(run(t('number'), { decimal: '.' }, '1.299', { decimal: ',' })).toBe(1.299);
  });

  it('keeps long numbers as exact as a double allows', () => {
    expect(parseNumber('1234567890123456,5', 'auto')).toBe(1234567890123456.5);
    expect(parseNumber('123456789012,345', 'auto')).toBe(123456789012.345);
  });
});

describe('gtin', () => {
  it.each([
    ['5701234000013', 'EAN-13'],
    ['4006381333931', 'EAN-13'],
    ['036000291452', 'UPC-A (GTIN-12)'],
    ['96385074', 'EAN-8'],
    ['10036000291459', 'GTIN-14'],
    ['00036000291452', 'GTIN-14 padded UPC'],
  ])('accepts %s (%s)', (gtin) => {
    expect(isValidGtin(gtin)).toBe(true);
    expect(run(t('gtin'), 'reject', gtin)).toBe(gtin);
  });

  it.each(['5701234000014', '036000291453', '96385075', '10036000291458', '12345', '570123400001', ''])(
    'refuses %j',
    (gtin) => {
      expect(isValidGtin(gtin)).toBe(false);
    },
  );

  it('cleans separators', () => {
    expect(run(t('gtin'), 'reject', ' 5 701234-000013 ')).toBe('5701234000013');
    expect(run(t('gtin'), 'reject', '4.006381.333931')).toBe('4006381333931');
    expect(run(t('gtin'), 'reject', 5701234000013)).toBe('5701234000013');
  });

  it('keeps, drops or rejects a bad GTIN as told', () => {
    expect(run(t('gtin'), undefined, '5701-234000014')).toBe('5701234000014');
    expect(run(t('gtin'), 'drop', '5701234000014')).toBeUndefined();
    const rejected = run(t('gtin'), 'reject', '5701234000014');
    expect(isInvalid(rejected) && rejected.invalid).toBe('invalid-gtin');
  });

  it('never repairs a spreadsheet-mangled GTIN: it is a mangled-gtin issue, whatever `invalid` says', () => {
    for (const option of [undefined, 'keep', 'drop', 'reject'])
      for (const input of ['5.70123E+12', ' 5,70123E+12 ', '4.00638e13'])
        expect(run(t('gtin'), option, input)).toEqual({
          invalid: 'mangled-gtin',
          expected: 'the GTIN exported as text',
        });
  });
});

describe('gtin forms', () => {
  it('writes a valid GTIN as GTIN-14 or in its shortest length, never changing its digits', () => {
    expect(run(t('gtin'), { form: 'gtin14' }, '5701234000013')).toBe('05701234000013');
    expect(run(t('gtin'), { form: 'gtin14' }, '012345678905')).toBe('00012345678905');
    expect(run(t('gtin'), { form: 'shortest' }, '00012345678905')).toBe('012345678905');
    expect(run(t('gtin'), { form: 'shortest' }, '05701234000013')).toBe('5701234000013');
    expect(run(t('gtin'), { form: 'shortest' }, '00000096385074')).toBe('96385074'); // a padded GTIN-8
    expect(run(t('gtin'), { form: 'keep' }, '05701234000013')).toBe('05701234000013');
    // An invalid GTIN is not reformatted: the channel sees what the supplier wrote.
    expect(run(t('gtin'), { form: 'gtin14' }, '5701234000038')).toBe('5701234000038');
  });
});

describe('lookup', () => {
  it('reads a table beside the mapping only, keys trimmed and case-insensitive', async () => {
    const { compileMapping } = await import('../../src/mapping/compile.js');
    const { parseYaml } = await import('../../src/config/load.js');
    const { loadMappingData } = await import('../../src/mapping/load-data.js');
    const { mkdirSync, symlinkSync, writeFileSync } = await import('node:fs');
    const { tempDir } = await import('../helpers/run.js');
    const dir = tempDir();
    const elsewhere = tempDir();
    mkdirSync(join(dir, 'tables'));
    writeFileSync(join(elsewhere, 'secret.csv'), 'key,value\ncat,secret\n');
    // A link inside the folder that leads out of it is refused too.
    symlinkSync(join(elsewhere, 'secret.csv'), join(dir, 'tables', 'link.csv'));
    writeFileSync(
      join(dir, 'tables', 'categories.csv'),
      'supplier_category,google_id\nTøj/Trøjer ,212\nSko,187\n',
    );
    const mapping = (file: string) =>
      parseYaml(
        join(dir, 'm.yaml'),
        `fields:\n  google_product_category: { from: cat, pipe: [{ lookup: "${file}" }] }\n`,
      );
    // The tables are read at load time (loadMappingData); the compiler takes them as data.
    const compile = (file: string) => {
      const loaded = mapping(file);
      return compileMapping(loaded, ['cat'], undefined, loadMappingData(loaded));
    };
    const compiled = compile('tables/categories.csv');
    expect(compiled.map([' tøj/trøjer']).product.google_product_category).toBe('212');
    expect(compiled.map(['Hatte']).product.google_product_category).toBe('Hatte');
    for (const outside of ['../categories.csv', '/etc/passwd.csv', 'tables/link.csv']) {
      expect(() => compile(outside)).toThrow(/outside the mapping's folder/);
    }
    expect(() => compile('missing.csv')).toThrow(/cannot read missing\.csv: ENOENT/);
  });
});

describe('stock', () => {
  it('reads supplier quantities, with a threshold and what fewer units mean', () => {
    expect(run(t('stock'), undefined, '1')).toBe('in_stock');
    expect(run(t('stock'), undefined, '-2')).toBe('out_of_stock');
    expect(run(t('stock'), undefined, 12)).toBe('in_stock');
    expect(run(t('stock'), 3, '2')).toBe('out_of_stock');
    expect(run(t('stock'), { threshold: 1, below: 'preorder' }, '0')).toBe('preorder');
    expect(run(t('stock'), undefined, '1.200')).toBe('in_stock');
  });
});

describe('vat', () => {
  it('adds VAT to numbers and prices, rounded to cents', () => {
    expect(run(t('vat'), 25, '79.96 DKK')).toBe('99.95 DKK');
    expect(run(t('vat'), 25, '100 JPY')).toBe('125 JPY');
    expect(run(t('vat'), { rate: 0 }, 12.34)).toBe(12.34);
    expect(run(t('vat'), 7.7, 100)).toBe(107.7);
  });

  it("adds the record's own rate (tax): a factor below 1, percent from 1; nothing given passes unchanged", () => {
    const context = {
      expression: (source: string) => (record: unknown) => (record as Record<string, Value>)[source],
    };
    const fn = t('vat').create({ tax: 'TAX' } as never, { decimal: 'auto', ...context });
    expect(fn('100.00 EUR', { TAX: '0.19' })).toBe('119.00 EUR');
    expect(fn('8.00 EUR', { TAX: '7' })).toBe('8.56 EUR');
    // A gross price: the mapping's expression gives no rate.
    expect(fn('23.80 EUR', { TAX: '' })).toBe('23.80 EUR');
    expect(fn('5.00 EUR', { TAX: 'no TAX' })).toMatchObject({ invalid: 'missing-vat' });
    expect(() => t('vat').create({ rate: 19, tax: 'TAX' } as never, { decimal: 'auto', ...context })).toThrow(
      'not both',
    );
  });
});

describe('price', () => {
  it('writes currencies without minor units without decimals', () => {
    expect(run(t('price'), { currency: 'ISK', decimal: ',' }, '12.990')).toBe('12990 ISK');
    expect(run(t('price'), 'JPY', 1200.4)).toBe('1200 JPY');
    expect(run(t('price'), 'KRW', '15000')).toBe('15000 KRW');
    expect(run(t('price'), 'HUF', '15000')).toBe('15000.00 HUF');
    expect(run(t('price'), 'DKK', '12.990')).toBe('12.99 DKK');
  });

  it('takes the currency from the value, then the option, then the mapping', () => {
    expect(run(t('price'), 'DKK', 'EUR 19,90', { currency: 'SEK' })).toBe('19.90 EUR');
    expect(run(t('price'), 'DKK', '1.299,95 nok', { currency: 'SEK' })).toBe('1299.95 NOK');
    expect(run(t('price'), 'DKK', '19,90', { currency: 'SEK' })).toBe('19.90 DKK');
    expect(run(t('price'), undefined, '19,90', { currency: 'SEK' })).toBe('19.90 SEK');
    expect(run(t('price'), undefined, '1299.95 DKK')).toBe('1299.95 DKK');
  });

  it.each([
    ['12,50', undefined],
    ['-5', 'DKK'],
    [-5, 'DKK'],
    ['gratis', 'DKK'],
    ['kr. 99', 'DKK'],
    [Number.NaN, 'DKK'],
  ] as const)('refuses %j with currency %s', (input, currency) => {
    const result = run(t('price'), currency, input);
    expect(isInvalid(result) && result.invalid).toBe('invalid-price');
  });
});

describe('absolute_url', () => {
  const base = { baseUrl: 'https://shop.example/dk/' };

  it.each([
    ['/img/a.jpg', 'https://shop.example/img/a.jpg'],
    ['img/a.jpg', 'https://shop.example/dk/img/a.jpg'],
    ['//cdn.example/a.jpg', 'https://cdn.example/a.jpg'],
    ['  https://cdn.example/a.jpg ', 'https://cdn.example/a.jpg'],
    ['http://cdn.example/a.jpg', 'http://cdn.example/a.jpg'],
    ['HTTP://CDN.example/a.jpg', 'http://cdn.example/a.jpg'],
    ['https://cdn.example/billeder/rød hue.jpg', 'https://cdn.example/billeder/r%C3%B8d%20hue.jpg'],
    ['https://cdn.example:8080/a.jpg?w=200&h=1#x', 'https://cdn.example:8080/a.jpg?w=200&h=1#x'],
  ])('%j → %j', (input, url) => {
    expect(run(t('absolute_url'), undefined, input, base)).toBe(url);
  });

  it('upgrades to https only when asked', () => {
    expect(run(t('absolute_url'), { https: true }, 'http://cdn.example/a.jpg')).toBe(
      'https://cdn.example/a.jpg',
    );
    expect(run(t('absolute_url'), { https: true }, 'HTTP://cdn.example/a.jpg')).toBe(
      'https://cdn.example/a.jpg',
    );
    expect(run(t('absolute_url'), { base: 'http://shop.example', https: true }, '/a.jpg')).toBe(
      'https://shop.example/a.jpg',
    );
  });

  it.each([
    'javascript:alert(1)',
    'data:image/png;base64,AAAA',
    'ftp://files.example/a.jpg',
    'mailto:info@shop.example',
  ])('refuses %s', (input) => {
    const result = run(t('absolute_url'), undefined, input, base);
    expect(isInvalid(result) && result.invalid).toBe('invalid-url');
  });

  it('refuses a relative path without a base', () => {
    for (const input of ['/img/a.jpg', 'img/a.jpg', '//cdn.example/a.jpg']) {
      const result = run(t('absolute_url'), undefined, input);
      expect(isInvalid(result) && result.invalid).toBe('invalid-url');
    }
  });

  it('refuses a base that is no http(s) URL when the mapping is compiled', () => {
    expect(() => run(t('absolute_url'), undefined, '/a.jpg', { baseUrl: 'shop.example' })).toThrow(
      /base URL/,
    );
    expect(() => run(t('absolute_url'), undefined, '/a.jpg', { baseUrl: 'ftp://shop.example' })).toThrow(
      /http/,
    );
  });
});

describe('text transforms', () => {
  it.each([
    ['trim', '\u00a0 Hue \t', 'Hue'],
    ['collapse_whitespace', 'a\u00a0\u00a0b\t\tc\r\nd', 'a b c d'],
    ['lower', 'ÆØÅ ÄÖÜ Straße', 'æøå äöü straße'],
    ['upper', 'æøå äöü', 'ÆØÅ ÄÖÜ'],
    ['title_case', 'ÆBLEGRØD og ølandshvede', 'Æblegrød Og Ølandshvede'],
    ['title_case', 'über größe', 'Über Größe'],
    ['title_case', "men's t-shirt", "Men's T-Shirt"],
  ])('%s %j → %j', (name, input, output) => {
    expect(run(t(name), undefined, input)).toBe(output);
  });

  it('leave numbers and booleans alone', () => {
    expect(run(t('lower'), undefined, 42)).toBe(42);
    expect(run(t('strip_html'), undefined, true)).toBe(true);
  });
});

describe('lists', () => {
  it('split and join', () => {
    expect(run(t('split'), { separator: ';', trim: false }, ' a; b;;')).toEqual([' a', ' b']);
    expect(run(t('split'), '>', 'Tøj > Trøjer')).toEqual(['Tøj', 'Trøjer']);
    expect(run(t('join'), undefined, ['a', 'b'])).toBe('a,b');
    expect(run(t('join'), ' | ', [])).toBe('');
  });

  it('apply other transforms to each element', () => {
    expect(run(t('upper'), undefined, ['s', 'm'])).toEqual(['S', 'M']);
    expect(run(t('map'), { S: 'small' }, ['S', 'M'])).toEqual(['small', 'M']);
  });
});

describe('unit_measure', () => {
  it('reads pack sizes as suppliers write them, in the units Google lists (channels.md:48-49)', () => {
    const cases: Array<[string, string, string]> = [
      ['1,5 L', '1.5l', '1l'],
      ['2 dl', '20cl', '1l'],
      ['12 Stück je 0,5 l', '6l', '1l'],
      ['Inhalt: 250 Gramm', '250g', '1kg'],
      ['12 fl. oz', '12floz', '1floz'],
      ['16 oz', '16oz', '1oz'],
      ['Rulle 25 m', '25m', '1m'],
      ['Fliser 1,44 m²', '1.44sqm', '1sqm'],
      ['Skruer 100 stk', '100ct', '1ct'],
      ['Kabel 1500 mm', '150cm', '1cm'],
    ];
    for (const [input, measure, base] of cases) {
      expect([input, run(t('unit_measure'), undefined, input)]).toEqual([input, measure]);
      expect([input, run(t('unit_measure'), 'base', input)]).toEqual([input, base]);
    }
  });

  it('needs a number and a whole unit word', () => {
    for (const input of ['5 lbsx', 'large', '0 g', 'g 500']) {
      expect(run(t('unit_measure'), undefined, input)).toMatchObject({ invalid: 'invalid-format' });
    }
  });
});

describe('map, replace, default, append', () => {
  it('map prefers the exact key, then a case- and space-insensitive one', () => {
    const table = { Ny: 'new', ny: 'as new', Brugt: 'used', Ja: true, '1': 'one' };
    expect(run(t('map'), table, 'ny')).toBe('as new');
    expect(run(t('map'), table, 'NY ')).toBe('new');
    expect(run(t('map'), table, 'ja')).toBe('true');
    expect(run(t('map'), table, 1)).toBe('one');
    expect(run(t('map'), table, 'Demo')).toBe('Demo');
  });

  it('map refuses an empty table', () => {
    expect(ajv.validate(t('map').options as object, {})).toBe(false);
  });

  it('replace is literal', () => {
    expect(run(t('replace'), { from: '.*', to: '!' }, 'a.*b.*')).toBe('a!b!');
    expect(run(t('replace'), { from: '$', to: '$&' }, '5$')).toBe('5$&');
  });

  it('default fills only the empty value', () => {
    expect(run(t('default'), 'x', '')).toBe('x');
    expect(run(t('default'), 'x', 0)).toBe(0);
    expect(run(t('default'), 'x', false)).toBe(false);
  });

  it('append and prepend touch only non-empty values', () => {
    expect(run(t('append'), ' kg', 0)).toBe('0 kg');
    expect(run(t('prepend'), 'SKU-', undefined)).toBeUndefined();
  });
});
