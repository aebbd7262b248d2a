import {
  CURRENCY_BY_LANGUAGE,
  CURRENCY_COLUMNS,
  CURRENCY_IN_HEADER,
  type HeaderLanguage,
} from './header-names.js';
import { normalizeHeader } from './match.js';
import type { ColumnProfile, InputProfile } from './profile-types.js';
import type { CurrencyProposal } from './proposal.js';

/** Default currency when neither values, column names nor their language say (with a comment). */
const FALLBACK_CURRENCY = 'USD';

/**
 * The currency of prices that name none: the one the values name most, a currency column's
 * code, the price column's name (`Pris (DKK)`), the language of the column names, or USD,
 * with a phrase saying which (`check:` for the guesses).
 */
export function guessCurrency(
  profile: InputProfile,
  price: ColumnProfile | undefined,
  language: HeaderLanguage | undefined,
): CurrencyProposal {
  const counts = new Map<string, number>();
  for (const column of profile.columns)
    for (const [code, n] of Object.entries(column.currencies ?? {}))
      counts.set(code, (counts.get(code) ?? 0) + n);
  const inValues = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (inValues !== undefined)
    return { code: inValues[0], why: 'for prices without one; the values name their currency' };
  const codes = profile.columns.find(
    (c) =>
      CURRENCY_COLUMNS.some((n) => normalizeHeader(n) === normalizeHeader(c.name)) &&
      c.values?.[0] !== undefined,
  );
  const code = codes?.values?.[0]?.value.toUpperCase();
  if (code !== undefined && /^[A-Z]{3}$/.test(code)) return { code, why: `from the column ${codes?.name}` };
  if (price !== undefined) {
    for (const [pattern, currency] of CURRENCY_IN_HEADER) {
      const match = pattern.exec(price.name);
      if (match !== null) {
        return {
          code: currency || (match[1] as string).toUpperCase(),
          why: `from the column name ${price.name}`,
        };
      }
    }
  }
  const byLanguage = language === undefined ? undefined : CURRENCY_BY_LANGUAGE[language];
  const languageName = { da: 'Danish', de: 'German', sv: 'Swedish', en: 'English' };
  if (byLanguage !== undefined && language !== undefined)
    return { code: byLanguage, why: `check: guessed from the ${languageName[language]} column names` };
  return {
    code: FALLBACK_CURRENCY,
    why: 'check: neither the values nor the column names say; prices are read as this',
  };
}
