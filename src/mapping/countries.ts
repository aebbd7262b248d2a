import type { LoadedYaml, YamlPath } from '../config/load.js';
import type { ChannelSettings, CountrySettings, MappingFile } from '../config/mapping.js';
import {
  CANONICAL_FIELD_NAMES,
  CANONICAL_FIELDS,
  type CanonicalProduct,
  formatMoney,
  type Money,
} from '../model/canonical.js';
import type { OpenColumns, Row } from '../model/columns.js';
import type { RecordIssue } from '../model/issues.js';
import { type CompiledMapping, compileMapping } from './compile.js';
import { type MappingData, NO_MAPPING_DATA } from './data.js';
import type { GroupTables } from './variants/tables.js';

/** One country of a channel entry (`channels: { google: { countries: { SE: … } } }`). */
export interface CountryChoice {
  /** ISO 3166-1 alpha-2 code, upper case (`SE`). */
  code: string;
  /** The currency every price of this country's feed must be in (`SEK`), when set. */
  currency?: string;
  /** The feed's language (ISO 639-1, `sv`), when set. */
  language?: string;
}

/** The countries a channel entry lists, in the mapping's order (none: one feed, no country). */
export function channelCountries(
  settings: ChannelSettings,
): Array<CountryChoice & { settings: CountrySettings }> {
  return Object.entries(settings.countries ?? {}).map(([code, given]) => {
    const country = given ?? {};
    return {
      code,
      ...(country.currency !== undefined ? { currency: country.currency } : {}),
      ...(country.language !== undefined ? { language: country.language } : {}),
      settings: country,
    };
  });
}

/**
 * The country's own fields seen as a mapping of their own: they read the supplier's columns
 * (a price column per country), prices without a currency are read in the country's
 * currency, and positions point into the real file. Undefined when the country has no fields.
 */
export function countryView(loaded: LoadedYaml, entry: string, code: string): LoadedYaml | undefined {
  const mapping = loaded.value as MappingFile;
  const settings = (Array.isArray(mapping.channels) ? undefined : mapping.channels?.[entry]) ?? undefined;
  const country = settings?.countries?.[code] ?? undefined;
  if (country?.fields === undefined || Object.keys(country.fields).length === 0) return undefined;
  const base: YamlPath = ['channels', entry, 'countries', code];
  const source = {
    ...mapping.source,
    ...(country.currency !== undefined ? { currency: country.currency } : {}),
  };
  return {
    path: loaded.path,
    text: loaded.text,
    value: { source, fields: country.fields },
    positionOf: (path, part) =>
      path[0] === 'fields' ? loaded.positionOf([...base, ...path], part) : loaded.positionOf(path, part),
  };
}

/** Every country view of a mapping, for listing and checking the columns they read. */
export function countryViews(loaded: LoadedYaml): LoadedYaml[] {
  const channels = (loaded.value as MappingFile).channels;
  if (channels === undefined || Array.isArray(channels)) return [];
  return Object.entries(channels).flatMap(([entry, settings]) =>
    Object.keys(settings?.countries ?? {}).flatMap((code) => {
      const view = countryView(loaded, entry, code);
      return view === undefined ? [] : [view];
    }),
  );
}

/** Check (and, for mappings that name their columns, collect) what each country's fields read. */
export function checkCountries(
  loaded: LoadedYaml,
  columns: readonly string[] | OpenColumns | undefined,
  data: MappingData = NO_MAPPING_DATA,
): void {
  for (const view of countryViews(loaded)) compileMapping(view, columns, undefined, data);
}

/** A country's values applied to each mapped record of its feed. */
export interface CompiledCountry {
  /** The country, its currency and language. */
  choice: CountryChoice;
  /**
   * The record as this country's feed sees it: the country's own fields mapped from the row
   * over the shared ones, `target_countries` set to the country, and every price not in the
   * country's currency left out with a `wrong-currency` issue (never relabelled).
   */
  apply(
    row: Row,
    product: CanonicalProduct,
    issues: RecordIssue[] | undefined,
  ): { product: CanonicalProduct; issues: RecordIssue[] | undefined };
}

const MONEY_FIELDS = CANONICAL_FIELD_NAMES.filter((field) => CANONICAL_FIELDS[field] === 'money');

/** Compile one country of a channel entry against the input's columns. */
export function compileCountry(
  loaded: LoadedYaml,
  entry: string,
  country: CountryChoice,
  columns: readonly string[],
  tables?: GroupTables,
  data: MappingData = NO_MAPPING_DATA,
): CompiledCountry {
  const view = countryView(loaded, entry, country.code);
  const own: CompiledMapping | undefined =
    view === undefined ? undefined : compileMapping(view, columns, tables, data);
  const filled = own === undefined ? [] : [...own.fields];
  const targets = [country.code];
  const setsTargets = !filled.includes('target_countries');
  const currency = country.currency;
  const expected = `${currency} (the ${country.code} feed's currency)`;
  return {
    choice: country,
    apply(row, product, issues) {
      const next: Record<string, unknown> = { ...product };
      let found = issues;
      if (own !== undefined) {
        const mapped = own.map(row);
        for (const field of filled) next[field] = (mapped.product as Record<string, unknown>)[field];
        if (mapped.issues !== undefined) found = [...(found ?? []), ...mapped.issues];
      }
      if (setsTargets) next.target_countries = targets;
      if (currency !== undefined) {
        for (const field of MONEY_FIELDS) {
          const money = next[field] as Money | undefined;
          if (money === undefined || money.currency === currency) continue;
          next[field] = undefined;
          found = [...(found ?? []), { type: 'wrong-currency', field, value: formatMoney(money), expected }];
        }
      }
      return { product: next as CanonicalProduct, issues: found };
    },
  };
}
