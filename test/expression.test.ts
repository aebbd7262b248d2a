import { describe, expect, it } from 'vitest';
import {
  checkExpression,
  compileExpression,
  ExpressionError,
  type ExpressionScope,
  truthy,
} from '../src/mapping/expression.js';
import type { Value } from '../src/mapping/value.js';

type Rec = Map<string, Value>;
const scope: ExpressionScope<Rec> = {
  resolve: (name) =>
    ['Status', 'Lager', 'Navn', 'Mærke', 'Größe', 'Lager status', 'Tags', 'Pris'].includes(name)
      ? (r) => r.get(name)
      : undefined,
  names: ['Status', 'Lager', 'Navn', 'Mærke', 'Größe', 'Lager status', 'Tags', 'Pris'],
};
const record: Rec = new Map<string, Value>([
  ['Status', 'Udgået'],
  ['Lager', '12'],
  ['Navn', 'Uldsokker'],
  ['Mærke', ''],
  ['Größe', 'XL'],
  ['Lager status', 'på lager'],
  ['Tags', ['uld', 'vinter']],
  ['Pris', '1.299,95'],
]);
const evaluate = (source: string) => compileExpression(source, scope)(record);

describe('expressions', () => {
  it.each([
    ['Status == "Udgået"', true],
    ["Status != 'Udgået'", false],
    ['Lager > 5', true],
    ['Lager > 100', false],
    ['Lager <= 12 && Lager >= 12', true],
    ['Pris > 1000', true],
    ['"10" > "9"', true],
    ['"b" > "a"', true],
    ['Mærke == ""', true],
    ['Mærke == null', true],
    ['empty(Mærke) and not empty(Navn)', true],
    ['!empty(Mærke) or Größe == "XL"', true],
    ['lower(Status) in ["udgået", "slettet"]', true],
    ['"uld" in Tags', true],
    ['"sok" in Navn', true],
    ['contains(Tags, "vinter")', true],
    ['starts_with(Navn, "Uld") && ends_with(Navn, "sokker")', true],
    ['length(Navn)', 9],
    ['upper(trim("  a "))', 'A'],
    ['number(Pris)', 1299.95],
    ['number("n/a")', undefined],
    ['coalesce(Mærke, Navn)', 'Uldsokker'],
    ['column("Lager status") == "på lager"', true],
    ['Lager > 0 ? "in_stock" : "out_of_stock"', 'in_stock'],
    ['Lager + 1', 13],
    ['"a" + "b"', 'ab'],
    ['Lager * 2 - 4 / 2 % 3', 22],
    ['-Lager', -12],
    ['matches(Navn, "^Uld")', true],
  ] as const)('%s → %j', (source, expected) => {
    expect(evaluate(source)).toEqual(expected);
  });

  it('reads non-ASCII column names', () => {
    expect(evaluate('Größe')).toBe('XL');
  });

  it('defines truthiness', () => {
    expect([undefined, '', 0, false, Number.NaN, []].map(truthy)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['0', 'x', 1, true, ['a']].map(truthy)).toEqual([true, true, true, true, true]);
  });

  it('lists the columns an expression reads', () => {
    expect(checkExpression('Status == "x" && column("Lager status") > Lager').columns.sort()).toEqual([
      'Lager',
      'Lager status',
      'Status',
    ]);
  });

  it('names an unknown column with a suggestion', () => {
    const error = (() => {
      try {
        compileExpression('Lagr > 0', scope);
      } catch (e) {
        return e as ExpressionError;
      }
    })();
    expect(error?.code).toBe('unknown-column');
    expect(error?.suggestion).toBe('Lager');
  });
});

describe('expressions are data: refused at check time', () => {
  const refusal = (source: string) => {
    try {
      checkExpression(source);
    } catch (error) {
      if (error instanceof ExpressionError)
        return { code: error.code, message: error.message, index: error.index };
      throw error;
    }
    return undefined;
  };

  it.each([
    ['constructor', 'unsafe-expression', 0],
    ['__proto__', 'unsafe-expression', 0],
    ['process', 'unsafe-expression', 0],
    ['globalThis', 'unsafe-expression', 0],
    ['this', 'unsafe-expression', 0],
    ['a.b', 'unsafe-expression', 1],
    ['a["constructor"]', 'unsafe-expression', 1],
    ['lower.constructor', 'unsafe-expression', 5],
    ['(1).constructor', 'unsafe-expression', 3],
    ['x.__proto__.y', 'unsafe-expression', 11],
    ['require("fs")', 'unsafe-expression', 0],
    ['eval("1")', 'unsafe-expression', 0],
    ['process.exit(1)', 'unsafe-expression', 7],
    ['Function("x")', 'unsafe-expression', 0],
    ['Status == 1; process', 'unsafe-expression', 11],
    ['foo(1)', 'invalid-expression', 0],
    ['new Date()', 'unsafe-expression', 0],
    ['a = 1', 'invalid-expression', 2],
    ['() => 1', 'invalid-expression', 3],
    ['/a+/.test(x)', 'invalid-expression', 0],
    ['matches(Navn, "(a+)+$")', 'unsafe-expression', 0],
    ['1 +', 'invalid-expression', 3],
  ] as const)('%s', (source, code, index) => {
    const result = refusal(source);
    expect(result?.code).toBe(code);
    expect(result?.index).toBe(index);
  });

  it('explains what it refused', () => {
    expect(refusal('process')?.message).toBe('"process" is not allowed in a mapping expression');
    expect(refusal('a.b')?.message).toBe('property access ("b") is not allowed in a mapping expression');
    expect(refusal('lowr(Navn)')?.message).toBe('unknown function "lowr"');
  });
});
