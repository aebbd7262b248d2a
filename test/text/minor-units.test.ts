import { describe, expect, it } from 'vitest';
import { minorExponent, toMinorUnits } from '../../src/text/minor-units.js';

describe('minor units', () => {
  it('gives each currency its own exponent (ISO 4217)', () => {
    expect(minorExponent('JPY')).toBe(0);
    expect(minorExponent('KRW')).toBe(0);
    expect(minorExponent('KWD')).toBe(3);
    expect(minorExponent('BHD')).toBe(3);
    expect(minorExponent('EUR')).toBe(2);
    expect(minorExponent('DKK')).toBe(2);
  });

  it('turns EUR, JPY and KWD amounts into integers of their minor unit', () => {
    expect(toMinorUnits(19.99, 'EUR')).toBe(1999);
    expect(toMinorUnits(1500, 'JPY')).toBe(1500);
    expect(toMinorUnits(12.345, 'KWD')).toBe(12345);
    expect(toMinorUnits(0.1, 'KWD')).toBe(100);
    expect(toMinorUnits(7, 'EUR')).toBe(700);
  });

  it('rounds half away from zero on the decimal digits, not through float error', () => {
    // 1.005 * 100 is 100.49999999999999 in binary floating point.
    expect(toMinorUnits(1.005, 'EUR')).toBe(101);
    expect(toMinorUnits(1.004, 'EUR')).toBe(100);
    expect(toMinorUnits(1500.5, 'JPY')).toBe(1501);
    expect(toMinorUnits(1499.49, 'JPY')).toBe(1499);
    expect(toMinorUnits(1.2345, 'KWD')).toBe(1235);
    expect(toMinorUnits(-1.005, 'EUR')).toBe(-101);
    expect(toMinorUnits('19.995', 'USD')).toBe(2000);
  });

  it('reads tiny amounts without an exponent and refuses what is not a number', () => {
    expect(toMinorUnits(1e-7, 'EUR')).toBe(0);
    expect(toMinorUnits(Number.NaN, 'EUR')).toBeUndefined();
    expect(toMinorUnits('12,50', 'EUR')).toBeUndefined();
  });
});
