import { describe, expect, it } from 'vitest';
import {
  checkExpression,
  compileExpression,
  ExpressionError,
  type ExpressionScope,
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_LENGTH,
  truthy,
} from '../../src/mapping/expression.js';
import type { Value } from '../../src/mapping/value.js';

type Rec = Map<string, Value>;

const HEADER = ['Status', 'Lager', 'Navn', 'Mærke', 'Größe', 'Lager status', 'Tags', 'Pris', 'EAN', 'Stand'];

/** Reads columns through Map#get only, as the CSV source reads through indexes. */
const scope: ExpressionScope<Rec> = {
  resolve: (name) => (HEADER.includes(name) ? (record) => record.get(name) : undefined),
  names: HEADER,
};

const row = (fields: Record<string, Value>): Rec => new Map(Object.entries(fields));

const record = row({
  Status: 'Udgået',
  Lager: '12',
  Navn: 'Uldsokker',
  Mærke: '',
  Größe: 'XL',
  'Lager status': 'på lager',
  Tags: ['uld', 'vinter'],
  Pris: '12,5',
  EAN: '05701234567890',
  Stand: 'NY',
});

const evaluate = (source: string, on: Rec = record) => compileExpression(source, scope)(on);

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpressionError) {
      return { code: error.code, message: error.message, index: error.index, suggestion: error.suggestion };
    }
    throw error;
  }
  return undefined;
}
const checkRefusal = (source: string) => refusal(() => checkExpression(source));

describe('operators', () => {
  it.each([
    ['Status == "Udgået"', true],
    ["Status == 'udgået'", false],
    ["Status != 'Udgået'", false],
    ['Lager > 5', true],
    ['Lager > 100', false],
    ['Lager >= 12', true],
    ['Lager < 12', false],
    ['Lager <= 12', true],
    ['Lager == 12 && Navn == "x"', false],
    ['Lager == 12 and Navn == "Uldsokker"', true],
    ['Lager == 0 || Navn == "Uldsokker"', true],
    ['Lager == 0 or Navn == "x"', false],
    ['!empty(Mærke)', false],
    ['not empty(Navn)', true],
    ['not (Lager in ["1", "2"])', true],
    ['Lager + 1', 13],
    ['Lager - 2', 10],
    ['Lager * 2', 24],
    ['Lager / 4', 3],
    ['Lager % 5', 2],
    ['Lager * 2 - 4 / 2 % 3', 22],
    ['-Lager', -12],
    ['-(Lager - 20)', 8],
    ['Pris * 2', 25],
    ['Lager > 0 ? "in_stock" : "out_of_stock"', 'in_stock'],
    ['Lager > 100 ? "a" : Lager > 10 ? "b" : "c"', 'b'],
    ['Lager == 0 or Status == "Udgået" ? 1 : 2', 1],
  ] as const)('%s → %j', (source, expected) => {
    expect(evaluate(source)).toEqual(expected);
  });

  it('adds numbers and plain-number texts, and joins anything else as text', () => {
    expect(evaluate('1 + 2')).toBe(3);
    expect(evaluate('"1" + "2,5"')).toBe(3.5);
    expect(evaluate('"a" + "b"')).toBe('ab');
    expect(evaluate('Navn + " " + Größe')).toBe('Uldsokker XL');
    expect(evaluate('Navn + 1')).toBe('Uldsokker1');
    expect(evaluate('Mærke + Lager')).toBe('12');
  });

  it('gives no value for arithmetic on text or results that are not finite', () => {
    expect(evaluate('Navn * 2')).toBeUndefined();
    expect(evaluate('Lager / 0')).toBeUndefined();
    expect(evaluate('-Navn')).toBeUndefined();
    expect(evaluate('Mærke - 1')).toBeUndefined();
  });

  it('short-circuits and/or and evaluates only the chosen ternary branch', () => {
    let reads = 0;
    const counting: ExpressionScope<Rec> = {
      resolve: (name) => (record) => {
        reads++;
        return record.get(name);
      },
      names: [],
    };
    const run = (source: string) => compileExpression(source, counting)(record);
    expect(run('Navn == "x" and Lager > 0')).toBe(false);
    expect(reads).toBe(1);
    expect(run('Navn == "Uldsokker" or Lager > 0')).toBe(true);
    expect(reads).toBe(2);
    expect(run('Navn == "x" ? Lager : Status')).toBe('Udgået');
    expect(reads).toBe(4);
  });

  it('evaluates parts without columns once, at compile time', () => {
    expect(compileExpression('1 + 2 * 3 == 7 ? "yes" : "no"', scope)(new Map())).toBe('yes');
    expect(compileExpression('lower("ÆØÅ") in ["æøå"]', scope)(new Map())).toBe(true);
  });
});

describe('comparison and equality rules', () => {
  it.each([
    // Both sides plain numbers (`.` or `,` decimal): numeric.
    ['"12,5" > "9"', true],
    ['"12,5" == 12.5', true],
    ['"12.5" == "12,50"', true],
    ['" 7 " == 7', true],
    ['"007" == "7"', true],
    ['"10" > "9"', true],
    ['Pris < 13', true],
    ['"-3" < "-2,5"', true],
    // Otherwise text, by character code and case-sensitive.
    ['"10a" > "9"', false],
    ['"b" > "a"', true],
    ['"B" < "a"', true],
    ['"abc" == "ABC"', false],
    ['lower("ABC") == "abc"', true],
    ['"1.299,95" > 1000', false],
    ['number("1.299,95") > 1000', true],
    // Long digit strings lose precision as doubles, so they stay text.
    ['"12345678901234567" == "12345678901234568"', false],
    ['"12345678901234567" == "12345678901234567"', true],
    // Empty, missing and null are equal to each other and to nothing else.
    ['Mærke == ""', true],
    ['Mærke == null', true],
    ['Ukendt == null', true],
    ['"" == 0', false],
    ['Mærke != Navn', true],
    // Lists compare by their items.
    ['Tags == lower(Tags)', true],
    ['Tags == upper(Tags)', false],
    ['Tags == "uld"', false],
    // Booleans compare as the words true/false.
    ['empty(Mærke) == true', true],
    ['"true" == true', true],
    ['1 == true', false],
  ] as const)('%s → %j', (source, expected) => {
    const on = new Map(record);
    on.set('Ukendt', undefined);
    const withUnknown: ExpressionScope<Rec> = {
      resolve: (name) => (r) => r.get(name),
      names: [],
    };
    expect(compileExpression(source, withUnknown)(on)).toBe(expected);
  });

  it('compares numbers with numbers, not JS loose equality', () => {
    expect(evaluate('"0" == ""')).toBe(false);
    expect(evaluate('"1e3" == 1000')).toBe(false);
    expect(evaluate('"0x10" == 16')).toBe(false);
  });
});

describe('in', () => {
  it.each([
    ['lower(Stand) in ["ny", "new"]', true],
    ['Stand in ["ny", "new"]', false],
    ['Lager in [12, 13]', true],
    ['Lager in ["012"]', true],
    ['"uld" in Tags', true],
    ['"ul" in Tags', false],
    ['"sok" in Navn', true],
    ['"Sok" in Navn', false],
    ['"" in Navn', false],
    ['Mærke in Navn', false],
    ['Mærke in ["", "x"]', true],
    ['Tags in ["sale", "vinter"]', true],
    ['Tags in ["sale"]', false],
    ['Navn in Mærke', false],
  ] as const)('%s → %j', (source, expected) => {
    expect(evaluate(source)).toBe(expected);
  });
});

describe('functions', () => {
  it.each([
    ['lower(Status)', 'udgået'],
    ['upper(Größe) == "XL" and upper("straße") == "STRASSE"', true],
    ['trim("  a ")', 'a'],
    ['upper(trim("  a "))', 'A'],
    ['lower(Tags)', ['uld', 'vinter']],
    ['upper(Tags)', ['ULD', 'VINTER']],
    ['trim(Ukendt)', undefined],
    ['length(Navn)', 9],
    ['length("Größe")', 5],
    ['length("👍🏽")', 2],
    ['length(Tags)', 2],
    ['length(Mærke)', 0],
    ['length(Navn) > 3', true],
    ['empty(Mærke)', true],
    ['empty("   ")', true],
    ['empty(Navn)', false],
    ['empty(Tags)', false],
    ['empty(Ukendt)', true],
    ['contains(Navn, "sok")', true],
    ['contains(Navn, "SOK")', false],
    ['contains(Tags, "vinter")', true],
    ['contains(Tags, "vin")', false],
    ['contains(["a", "b"], "b")', true],
    ['contains(Navn, "")', false],
    ['starts_with(Navn, "Uld")', true],
    ['starts_with(Navn, "sok")', false],
    ['starts_with(Navn, Mærke)', false],
    ['ends_with(Navn, "sokker")', true],
    ['ends_with(Navn, "Uld")', false],
    ['number("1.299,95")', 1299.95],
    ['number("1,299.95")', 1299.95],
    ['number("12,5")', 12.5],
    ['number("42")', 42],
    ['number(Pris)', 12.5],
    ['number(42)', 42],
    ['number("n/a")', undefined],
    ['number(Mærke)', undefined],
    ['number(Tags)', undefined],
    ['coalesce(Mærke, Navn)', 'Uldsokker'],
    ['coalesce(Mærke, Ukendt, "fallback")', 'fallback'],
    ['coalesce(Mærke, Ukendt)', undefined],
    ['column("Lager status")', 'på lager'],
    ['column("Lager status") != "udsolgt"', true],
    ['matches(Navn, "^Uld")', true],
    ['matches(Navn, "^uld")', false],
    ['matches(EAN, "^[0-9]{14}$")', true],
    ['matches(Größe, "^\\\\p{Lu}+$")', true],
  ] as const)('%s → %j', (source, expected) => {
    const on = new Map(record);
    on.set('Ukendt', undefined);
    const withUnknown: ExpressionScope<Rec> = { resolve: (name) => (r) => r.get(name), names: [] };
    expect(compileExpression(source, withUnknown)(on)).toEqual(expected);
  });

  it('resolves any column name through column("…"), still via the scope', () => {
    const names = ['a b', 'constructor', '__proto__'];
    const odd: ExpressionScope<Rec> = {
      resolve: (name) => (names.includes(name) ? (r) => r.get(name) : undefined),
      names,
    };
    const data: Rec = new Map([
      ['a b', 'x'],
      ['constructor', 'c'],
      ['__proto__', 'p'],
    ]);
    expect(compileExpression('column("a b") == "x"', odd)(data)).toBe(true);
    expect(compileExpression('column(\'constructor\') + column("__proto__")', odd)(data)).toBe('cp');
  });
});

describe('identifiers', () => {
  it('reads non-ASCII column names', () => {
    expect(evaluate('Größe')).toBe('XL');
    expect(evaluate('Mærke == "" and Größe == "XL"')).toBe(true);
    expect(checkExpression('Ærø_2 > 1 and 品名 == "x"').columns).toEqual(['Ærø_2', '品名']);
  });

  it('refuses characters that are not letters, digits or _ inside a name', () => {
    expect(checkRefusal('Navn\u00a0== "x"')).toEqual({
      code: 'invalid-expression',
      message: 'unexpected character U+00A0',
      index: 4,
      suggestion: undefined,
    });
    expect(checkRefusal('Navn == “x”')).toMatchObject({
      code: 'invalid-expression',
      message: 'unexpected typographic quote “ (use " or \')',
      index: 8,
    });
  });

  it('names an unknown column with its position and a suggestion', () => {
    expect(refusal(() => compileExpression('Navn == "x" or Lagr > 0', scope))).toEqual({
      code: 'unknown-column',
      message: 'unknown column "Lagr"',
      index: 15,
      suggestion: 'Lager',
    });
    expect(refusal(() => compileExpression('column("Lager statu") == 1', scope))).toMatchObject({
      code: 'unknown-column',
      index: 7,
      suggestion: 'Lager status',
    });
  });

  it('does not find object prototype names as columns or functions', () => {
    expect(refusal(() => compileExpression('toString', scope))?.code).toBe('unknown-column');
    expect(checkRefusal('toString(1)')).toMatchObject({ code: 'invalid-expression', index: 0 });
    expect(checkRefusal('hasOwnProperty("a")')?.message).toBe('unknown function "hasOwnProperty"');
    expect(checkRefusal('valueOf()')?.code).toBe('invalid-expression');
  });
});

describe('truthy', () => {
  it('treats undefined, "", 0, false, NaN and the empty list as false', () => {
    expect([undefined, '', 0, -0, false, Number.NaN, []].map(truthy)).toEqual(Array(7).fill(false));
  });
  it('treats everything else as true, including the texts "0" and "false"', () => {
    expect(['0', 'false', ' ', 'x', 1, -1, true, ['a'], ['']].map((v) => truthy(v as Value))).toEqual(
      Array(9).fill(true),
    );
  });
});

describe('checkExpression', () => {
  it('returns the columns read, in order of first use, including column("…")', () => {
    expect(
      checkExpression('Status == "x" && column("Lager status") > Lager || Status in [Navn, "y"]').columns,
    ).toEqual(['Status', 'Lager status', 'Lager', 'Navn']);
  });
  it('returns no columns for a constant expression', () => {
    expect(checkExpression('1 + 1 == 2').columns).toEqual([]);
  });
  it('does not treat functions or literals as columns', () => {
    expect(checkExpression('lower(a) == null or not empty(b) and true').columns).toEqual(['a', 'b']);
  });
});

describe('expressions are data: refused at check time', () => {
  it.each([
    ['constructor', 'unsafe-expression', 0],
    ['__proto__', 'unsafe-expression', 0],
    ['prototype', 'unsafe-expression', 0],
    ['process', 'unsafe-expression', 0],
    ['globalThis', 'unsafe-expression', 0],
    ['this', 'unsafe-expression', 0],
    ['Navn == "x" or window', 'unsafe-expression', 15],
    ['a.b', 'unsafe-expression', 1],
    ['a .b', 'unsafe-expression', 2],
    ['a?.b', 'unsafe-expression', 1],
    ['a["constructor"]', 'unsafe-expression', 1],
    ['lower.constructor', 'unsafe-expression', 5],
    ['(1).constructor', 'unsafe-expression', 3],
    ['1 .constructor', 'unsafe-expression', 2],
    ['1 (2)', 'unsafe-expression', 2],
    ['"abc".length', 'unsafe-expression', 5],
    ['["a"][0]', 'unsafe-expression', 5],
    ['x.__proto__.y', 'unsafe-expression', 1],
    ['lower(x).length', 'unsafe-expression', 8],
    ['require("fs")', 'unsafe-expression', 0],
    ['eval("1")', 'unsafe-expression', 0],
    ['process.exit(1)', 'unsafe-expression', 0],
    ['Function("x")', 'unsafe-expression', 0],
    ['import("fs")', 'unsafe-expression', 0],
    ['new Date()', 'unsafe-expression', 0],
    ['(a)(1)', 'unsafe-expression', 3],
    ['(lower)(a)', 'unsafe-expression', 7],
    ['lower(a)(1)', 'unsafe-expression', 8],
    ['a = 1', 'unsafe-expression', 2],
    ['a += 1', 'unsafe-expression', 3],
    ['a == (b = 1)', 'unsafe-expression', 8],
    ['() => 1', 'unsafe-expression', 3],
    ['(a, b) => a', 'unsafe-expression', 7],
    ['x => 1', 'unsafe-expression', 2],
    ['/a+/.test(x)', 'unsafe-expression', 0],
    ['`a` + b', 'unsafe-expression', 0],
    ['{ a: 1 }', 'unsafe-expression', 0],
    ['Status == 1; Lager', 'unsafe-expression', 11],
    ['Status, Lager', 'unsafe-expression', 6],
    ['(Status, Lager)', 'unsafe-expression', 7],
    ['matches(Navn, "(a)\\\\1")', 'unsafe-expression', 14],
    ['matches(Navn, "x(?=y)")', 'unsafe-expression', 14],
    // Not dangerous, just not in the language:
    ['foo(1)', 'invalid-expression', 0],
    ['Navn == "x" or', 'invalid-expression', 12],
    ['and == 1', 'invalid-expression', 0],
    ['not', 'invalid-expression', 0],
    ['Status Lager', 'invalid-expression', 7],
    ['a === b', 'invalid-expression', 2],
    ['a ?? b', 'invalid-expression', 2],
    ['a | b', 'invalid-expression', 2],
    ['2 ** 3', 'invalid-expression', 2],
    ['~a', 'invalid-expression', 0],
    ['+a', 'invalid-expression', 0],
    ['1 +', 'invalid-expression', 3],
    ['lower(a', 'invalid-expression', 7],
    ['"abc', 'invalid-expression', 4],
    ['', 'invalid-expression', 0],
    ['contains(a b)', 'invalid-expression', 11],
    ['a in [1, , 2]', 'invalid-expression', 9],
    ['["a"] == a', 'invalid-expression', 0],
    ['a in [["b"]]', 'invalid-expression', 6],
    ['lower()', 'invalid-expression', 0],
    ['Tags == ["uld"]', 'invalid-expression', 8],
    ['contains(a)', 'invalid-expression', 0],
    ['column(Navn)', 'invalid-expression', 7],
    ['matches(Navn, Pattern)', 'invalid-expression', 14],
    ['matches(Navn, "[")', 'invalid-expression', 14],
    ['not Stand in ["ny"]', 'invalid-expression', 0],
    ['a == 1 and !b == 2', 'invalid-expression', 11],
  ] as const)('%s → %s at %i', (source, code, index) => {
    const result = checkRefusal(source);
    expect(result?.code).toBe(code);
    expect(result?.index).toBe(index);
  });

  it('explains what it refused', () => {
    expect(checkRefusal('process')?.message).toBe(
      '"process" is not allowed in an expression (for a column with that name, write column("process"))',
    );
    expect(checkRefusal('Navn == "x" or')?.message).toBe('expected a value after "or"');
    expect(checkRefusal('a.b')?.message).toBe('property access (".b") is not allowed in an expression');
    expect(checkRefusal('a["constructor"]')?.message).toBe(
      'property access ("[") is not allowed in an expression',
    );
    expect(checkRefusal('a = 1')?.message).toBe('assignment is not allowed in an expression');
    expect(checkRefusal('() => 1')?.message).toBe('an arrow function is not allowed in an expression');
    expect(checkRefusal('/a+/.test(x)')?.message).toBe(
      'a regular expression literal is not allowed in an expression',
    );
    expect(checkRefusal('a; b')?.message).toBe('more than one expression is not allowed in an expression');
    expect(checkRefusal('a === b')?.message).toBe('operator "===" is not supported; use ==');
    expect(checkRefusal('1 +')?.message).toBe('invalid expression: expected expression after +');
    expect(checkRefusal('not Stand in ["ny"]')?.message).toBe(
      '"not" applies only to the value right after it; write not (… in …) to negate the comparison',
    );
    expect(checkRefusal('contains(a)')?.message).toBe('contains() takes 2 arguments, not 1');
  });

  it('suggests the nearest function for an unknown one', () => {
    expect(checkRefusal('lowr(Navn) == "x"')).toEqual({
      code: 'invalid-expression',
      message: 'unknown function "lowr"',
      index: 0,
      suggestion: 'lower',
    });
    expect(checkRefusal('Navn == "x" or startswith(Navn, "a")')).toMatchObject({
      index: 15,
      suggestion: 'starts_with',
    });
    expect(checkRefusal('frobnicate(1)')?.suggestion).toBeUndefined();
  });

  it('accepts a space between a function name and its arguments', () => {
    expect(checkExpression('lower (a)').columns).toEqual(['a']);
  });

  it('allows parentheses to say what not/! applies to', () => {
    expect(evaluate('(not empty(Mærke)) == false')).toBe(true);
    expect(evaluate('not (Stand in ["ny"])')).toBe(true);
    expect(evaluate('!(Lager > 5)')).toBe(false);
  });

  it('refuses over-long and deeply nested expressions', () => {
    const long = `Navn == "${'x'.repeat(MAX_EXPRESSION_LENGTH)}"`;
    expect(checkRefusal(long)).toMatchObject({ code: 'invalid-expression', index: MAX_EXPRESSION_LENGTH });
    const ok = `${'('.repeat(MAX_EXPRESSION_DEPTH - 2)}1${')'.repeat(MAX_EXPRESSION_DEPTH - 2)}`;
    expect(evaluate(ok)).toBe(1);
    const groups = `${'('.repeat(200)}1${')'.repeat(200)}`;
    expect(checkRefusal(groups)?.code).toBe('invalid-expression');
    expect(checkRefusal(`${'-'.repeat(500)}1`)?.code).toBe('invalid-expression');
    expect(checkRefusal(`lower(${'trim('.repeat(100)}a${')'.repeat(101)}`)?.code).toBe('invalid-expression');
    expect(checkRefusal(Array(300).fill('a').join(' + '))?.message).toMatch(/nested more than 64 levels/);
    expect(checkRefusal(`${'a ? b : '.repeat(200)}c`)?.code).toBe('invalid-expression');
  });

  it('compileExpression refuses the same way as checkExpression', () => {
    expect(refusal(() => compileExpression('a.constructor', scope))).toMatchObject({
      code: 'unsafe-expression',
      index: 1,
    });
    expect(refusal(() => compileExpression('lowr(Navn)', scope))).toMatchObject({
      code: 'invalid-expression',
      suggestion: 'lower',
    });
  });
});
