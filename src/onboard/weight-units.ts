import { normalizeHeader } from './match.js';
import type { ColumnProfile } from './profile-types.js';
import type { PipeStep } from './proposal.js';

/** Unit of a weight column, from its name (`Weight (lbs)`, `Variant Grams`); kg when it says none. */
export function weightUnit(name: string): string {
  const n = normalizeHeader(name);
  if (/\blbs?\b|\bpounds?\b/.test(n)) return 'lb';
  if (/\bgrams?\b|\bg\b|\bgramm\b|\bgram\b/.test(n)) return 'g';
  if (/\boz\b|\bounces?\b/.test(n)) return 'oz';
  return 'kg';
}

/** Unit words of weights as suppliers write them → the unit channels take (lower case). */
const WEIGHT_UNITS: Record<string, 'g' | 'kg' | 'lb' | 'oz'> = {
  g: 'g',
  gr: 'g',
  gram: 'g',
  grams: 'g',
  gramm: 'g',
  gramme: 'g',
  grammes: 'g',
  kg: 'kg',
  kilo: 'kg',
  kilos: 'kg',
  kilogram: 'kg',
  kilograms: 'kg',
  kilogramm: 'kg',
  kilogramme: 'kg',
  lb: 'lb',
  lbs: 'lb',
  pound: 'lb',
  pounds: 'lb',
  oz: 'oz',
  ounce: 'oz',
  ounces: 'oz',
};

/**
 * The pipe of a weight column whose values carry their unit (`700 GRAM`, Akeneo's metric
 * values): each unit word is rewritten to the channels' spelling (`700 g`), so the unit comes
 * from the value, never from a guess. Plain numbers take the unit the column's name says.
 * Undefined when most values have no unit word.
 */
export function weightFromValues(column: ColumnProfile): { pipe: PipeStep[]; note: string } | undefined {
  if (column.units === undefined || column.kinds.measure * 2 < column.filled) return undefined;
  const words = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const word of Object.keys(column.units)) {
    const unit = WEIGHT_UNITS[word];
    if (unit === undefined) unknown.push(word);
    else words.set(unit, [...(words.get(unit) ?? []), word]);
  }
  if (words.size === 0) return undefined;
  const number = '([0-9]+(?:[.,][0-9]+)?)';
  const pipe: PipeStep[] = [...words].map(([unit, spelled]) => ({
    regex_replace: { pattern: `^${number}\\s*(?:${spelled.join('|')})\\.?$`, to: `$1 ${unit}`, flags: 'i' },
  }));
  if (column.kinds.integer + column.kinds.decimal > 0)
    pipe.push({ regex_replace: { pattern: `^${number}$`, to: `$1 ${weightUnit(column.name)}` } });
  pipe.push({ replace: { from: ',', to: '.' } });
  const seen = [...words].map(
    ([unit, spelled]) => `${spelled.map((w) => w.toUpperCase()).join('/')} → ${unit}`,
  );
  return {
    pipe,
    note: `the unit from the values: ${seen.join(', ')}${unknown.length > 0 ? `; check: not a weight unit: ${unknown.join(', ')}` : ''}`,
  };
}
