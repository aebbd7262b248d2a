import { describe, expect, it } from 'vitest';
import { isYesNo, NO, readYesNo, YES, YES_NO_PAIRS } from '../../src/text/yes-no.js';

describe('yes/no spellings', () => {
  it('reads what the boolean coercion read: the yes and no spellings, x as yes, empty as no', () => {
    for (const yes of ['true', 'yes', 'y', '1', 'ja', 'j', 'x', ' YES ', 'Ja', 'X'])
      expect(readYesNo(yes), yes).toBe(true);
    for (const no of ['false', 'no', 'n', '0', 'nej', 'nein', '', ' ', 'NEIN'])
      expect(readYesNo(no), no).toBe(false);
    for (const other of ['maybe', '2', 'on', 'off', 'si', 'xx'])
      expect(readYesNo(other), other).toBeUndefined();
  });

  it('makes a column yes/no only by real spellings, never by x or empty alone', () => {
    expect([...YES].sort()).toEqual(['1', 'j', 'ja', 'true', 'y', 'yes']);
    expect([...NO].sort()).toEqual(['0', 'false', 'n', 'nein', 'nej', 'no']);
    expect(isYesNo('Nej')).toBe(true);
    expect(isYesNo('x')).toBe(false);
    expect(isYesNo('')).toBe(false);
    for (const [yes, no] of YES_NO_PAIRS) expect(readYesNo(yes) && !readYesNo(no)).toBe(true);
  });
});
