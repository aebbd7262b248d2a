/**
 * ISO 4217 minor units: how many decimals a currency's smallest unit has. Source: the ISO 4217
 * list of codes as published by its maintenance agency (SIX, "list one", column "Minor unit");
 * only the currencies whose exponent is not 2 are listed, every other code has 2.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  // 0 decimals
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // 3 decimals
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // 4 decimals
  CLF: 4,
  UYW: 4,
};

/** Decimals of the currency's minor unit (ISO 4217): 0 for JPY, 3 for KWD, 2 for most. */
export function minorExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * An amount in the currency's minor units (`19.99` USD → 1999, `1500` JPY → 1500, `1.2345` KWD
 * → 1235), rounded half away from zero on the amount's decimal digits, never through a
 * binary fraction (`1.005` → 101). Undefined for an amount that is not a finite number.
 */
export function toMinorUnits(amount: number | string, currency: string): number | undefined {
  const text = typeof amount === 'number' ? decimalText(amount) : amount.trim();
  if (text === undefined) return undefined;
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  const exponent = minorExponent(currency);
  const kept = fraction.slice(0, exponent).padEnd(exponent, '0');
  let units = Number(whole + kept);
  // Half away from zero: the first dropped digit decides, whatever the sign.
  if ((fraction.charCodeAt(exponent) || 48) >= 53) units += 1;
  if (!Number.isSafeInteger(units)) return undefined;
  return sign === '-' && units !== 0 ? -units : units;
}

/** The shortest decimal text of a number (`19.99`), without an exponent (`1e-7` → `0.0000001`). */
function decimalText(amount: number): string | undefined {
  if (!Number.isFinite(amount)) return undefined;
  const text = String(amount);
  if (!text.includes('e')) return text;
  // String() uses exponents below 1e-6 and from 1e21; toFixed(20) is exact enough for both ends of money.
  return Math.abs(amount) >= 1e21 ? undefined : amount.toFixed(20).replace(/\.?0+$/, '');
}
