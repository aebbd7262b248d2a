import { basename } from 'node:path';
import { type FieldGroup, loadBuiltinChannel } from '../channels/definition.js';
import { EXTRACT_FIELDS, EXTRACT_LANGUAGES } from '../config/extract.js';
import { CANONICAL_FIELD_NAMES, type CanonicalField } from '../model/canonical.js';
import { type Choice, chooseColumns, share } from './choose-columns.js';
import { ageValues, fieldFromColumn, fieldFromUrlPart, fieldWithoutColumn } from './decide-fields.js';
import { guessCurrency } from './guess-currency.js';
import { HEADER_NAMES, type HeaderLanguage, URL_PARTS } from './header-names.js';
import { headerLanguage } from './match.js';
import type { ColumnProfile, InputProfile } from './profile-types.js';
import type {
  ExtractProposal,
  FieldProposal,
  MappedField,
  MappingProposal,
  SourceProposal,
} from './proposal.js';
import { decideFilters, decideOptions, decideVariants } from './shop-export.js';

/** Home page used when the file has relative links but no absolute URL to take the address from. */
const PLACEHOLDER_SHOP = 'https://shop.example.com';

const ENUM_FIELDS = new Set<CanonicalField>(['condition', 'gender', 'age_group', 'availability']);

/** A channel's use of a field: the strictest group a channel puts it in, and the channels. */
interface FieldUse {
  group: FieldGroup;
  channels: string[];
}

/** Channel fields (by canonical name) and the group each channel puts them in, best group first. */
function channelFields(channels: string[]): Map<CanonicalField, FieldUse> {
  const order: FieldGroup[] = ['required', 'recommended', 'optional'];
  const out = new Map<CanonicalField, FieldUse>();
  for (const name of channels) {
    const { definition } = loadBuiltinChannel(name);
    for (const field of definition.fields) {
      const from = field.from as CanonicalField;
      if (!CANONICAL_FIELD_NAMES.includes(from) || 'derive' in field) continue;
      const before = out.get(from);
      if (before === undefined) out.set(from, { group: field.group, channels: [name] });
      else {
        before.channels.push(name);
        if (order.indexOf(field.group) < order.indexOf(before.group)) before.group = field.group;
      }
    }
  }
  return out;
}

/** The listed names of a field in the file's language (or English), at most four. */
function namesFor(field: CanonicalField, language: HeaderLanguage | undefined): string[] {
  const names = HEADER_NAMES[field];
  if (names === undefined) return [];
  return [...new Set([...(language ? names[language] : []), ...names.en])].slice(0, 4);
}

/** A link part of a shop export (Magento `url_key`, Shopify `Handle`): the column and the path around it. */
interface UrlPart {
  column: ColumnProfile;
  prefix: string;
  suffix?: string;
}

/**
 * URL parts of shop exports, where no column has the whole URL; each takes its field from
 * the chosen columns.
 */
function urlParts(profile: InputProfile, chosen: Map<CanonicalField, Choice>): Map<CanonicalField, UrlPart> {
  const byName = new Map(profile.columns.map((c) => [c.name, c]));
  const parts = new Map<CanonicalField, UrlPart>();
  for (const [name, part] of Object.entries(URL_PARTS)) {
    const column = byName.get(name);
    if (column === undefined || column.filled === 0) continue;
    const current = chosen.get(part.field);
    if (current !== undefined && !(part.prefix.startsWith('/media') && current.column === column)) continue;
    // Image paths are only prefixed when they are paths; full URLs need no shop address.
    if (part.prefix.startsWith('/media') && share(column, 'relative_url') < 0.5) continue;
    parts.set(part.field, { column, prefix: part.prefix, suffix: part.suffix });
    chosen.delete(part.field);
  }
  return parts;
}

/** The `source:` settings: the dialect and decimal style as sniffed, the base URL, the currency. */
function decideSource(
  profile: InputProfile,
  chosen: Map<CanonicalField, Choice>,
  needsBase: boolean,
  language: HeaderLanguage | undefined,
): SourceProposal {
  // The shop's address is where its product pages are, never an image CDN's.
  const origin = chosen.get('link')?.column.url_origin;
  return {
    encoding: profile.encoding,
    ...(profile.bom === undefined ? {} : { bom: profile.bom }),
    delimiter: profile.delimiter,
    decimal: profile.decimal === ',' || profile.decimal === '.' ? profile.decimal : 'auto',
    decimalSeen: profile.decimal,
    ...(needsBase
      ? { baseUrl: { url: origin ?? PLACEHOLDER_SHOP, from: origin === undefined ? 'placeholder' : 'file' } }
      : {}),
    currency: guessCurrency(profile, chosen.get('price')?.column, language),
  };
}

/**
 * Attributes without a column: proposed as guesses from the product's own text (which the
 * report counts apart from supplier values), in the texts' own language when they were taken
 * from one language's columns.
 */
function decideExtract(
  fields: readonly FieldProposal[],
  chosen: Map<CanonicalField, Choice>,
  language: HeaderLanguage | undefined,
): ExtractProposal | undefined {
  const mapped = fields.filter((f) => f.status !== 'open').map((f) => f.field);
  const guessable = EXTRACT_FIELDS.filter((field) => !mapped.includes(field));
  if (guessable.length === 0 || !(mapped.includes('title') || mapped.includes('description')))
    return undefined;
  const textLocale = (chosen.get('description') ?? chosen.get('title'))?.language?.name.slice(0, 2);
  const textLanguage = (EXTRACT_LANGUAGES as readonly string[]).includes(textLocale ?? '')
    ? textLocale
    : language;
  return { language: textLanguage ?? 'en', languageGuessed: textLanguage === undefined, fields: guessable };
}

/**
 * Decide a starter mapping from an input's profile: the dialect and decimal style as
 * sniffed, a column for each canonical field its name (Danish, German, English, Swedish) or
 * its values suggest, value maps for the enumerations seen, the shop-export sections, and an
 * open entry for each field the channels use that no column was found for. Plain data:
 * `writeMappingYaml` prints it.
 */
export function decideMapping(profile: InputProfile, channels: string[]): MappingProposal {
  const language = headerLanguage(profile.columns.map((c) => c.name));
  const chosen = chooseColumns(profile);
  const parts = urlParts(profile, chosen);
  const image = chosen.get('image_link');
  // One cell of several image URLs (WooCommerce `Images`): the first is the image, the rest more.
  const imageList = image?.column.type === 'url_list' ? image.column : undefined;
  const relative = [...chosen.entries()].some(
    ([field, c]) =>
      ['link', 'image_link', 'additional_image_link'].includes(field) && c.column.kinds.relative_url > 0,
  );
  const source = decideSource(profile, chosen, relative || parts.size > 0, language);
  const id = chosen.get('id')?.column;
  const variants = decideVariants(profile, id);
  const options = decideOptions(profile);
  const filters = decideFilters(
    profile,
    id,
    chosen.get('price')?.column,
    variants?.shape === 'shopify' ? variants.fill : [],
  );
  const used = channelFields(channels);
  // A gender column whose values include an age group (Børn) gives age_group when no column does.
  const genderColumn = chosen.get('gender')?.column;
  const others = {
    quantity: chosen.get('quantity'),
    ageSource: genderColumn !== undefined && ageValues(genderColumn).length > 0 ? genderColumn : undefined,
    imageList,
    usesCondition: used.has('condition'),
  };
  const base = source.baseUrl?.url ?? PLACEHOLDER_SHOP;
  const fields: FieldProposal[] = [];
  for (const field of CANONICAL_FIELD_NAMES) {
    const choice = chosen.get(field);
    const part = parts.get(field);
    const decided: MappedField | undefined =
      part !== undefined
        ? fieldFromUrlPart(field, part, base)
        : choice !== undefined
          ? fieldFromColumn(field, choice)
          : fieldWithoutColumn(field, others);
    if (decided !== undefined) fields.push(decided);
    else if (options.length > 0 && (field === 'color' || field === 'size'))
      fields.push({ status: 'from-options', field });
    else {
      const use = used.get(field);
      if (use === undefined || use.group === 'optional') continue;
      fields.push({
        status: 'open',
        field,
        group: use.group,
        channels: use.channels,
        lookedFor: namesFor(field, language),
        constant: ENUM_FIELDS.has(field) || field === 'brand',
      });
    }
  }
  const taken = new Set(fields.map((f) => f.field));
  const optionalNotFound = [...used]
    .filter(([field, use]) => use.group === 'optional' && !taken.has(field))
    .map(([field]) => field);
  const extract = decideExtract(fields, chosen, language);
  return {
    input: profile.path,
    file: basename(profile.path),
    source,
    channels,
    ...(variants === undefined ? {} : { variants }),
    options,
    filters,
    fields,
    optionalNotFound,
    ...(extract === undefined ? {} : { extract }),
  };
}
