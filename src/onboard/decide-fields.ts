import type { CanonicalField } from '../model/canonical.js';
import { YES_NO_PAIRS } from '../text/yes-no.js';
import { type Choice, NUMERIC } from './choose-columns.js';
import type { ColumnProfile } from './profile-types.js';
import type { FieldBasis, MappedField, PipeStep, ValueMap } from './proposal.js';
import { columnRef } from './shop-export.js';
import { canonicalValue, VALUE_NAMES } from './value-names.js';
import { weightFromValues, weightUnit } from './weight-units.js';

/** What a field's source and transforms are, without the bookkeeping every decision shares. */
type Spec = Pick<MappedField, 'from' | 'value' | 'when' | 'pipe' | 'map' | 'default'>;

/** A mapped field's decision. */
function mapped(
  field: CanonicalField,
  basis: FieldBasis,
  spec: Spec,
  why: string | undefined,
  choice?: Choice,
): MappedField {
  return {
    status: 'mapped',
    field,
    basis,
    ...spec,
    ...(why === undefined ? {} : { why }),
    check: why?.includes('check:') === true,
    ...(choice?.language === undefined ? {} : { language: choice.language }),
    alternatives: choice?.alternatives ?? [],
  };
}

/** `from` for a choice: the column, or the column and its fallbacks. */
function source(choice: Choice): string | string[] {
  return choice.fallbacks.length === 0
    ? choice.column.name
    : [choice.column.name, ...choice.fallbacks.map((c) => c.name)];
}

/** The separator a list column uses, as a regex fragment. */
function separatorPattern(separator: string): string {
  return separator === '|' ? '\\|' : separator === ' ' ? '\\s' : separator;
}

/** How the category path of a column is written: its level separator, and several paths per cell. */
function categoryPipe(column: ColumnProfile): PipeStep[] {
  const samples = column.values?.map((v) => v.value) ?? column.samples;
  const most = (test: (s: string) => boolean) => samples.filter(test).length * 2 > samples.length;
  const pipe: PipeStep[] = [];
  if (most((s) => s.includes('\n'))) return [{ split: '\n' }, { join: ' > ' }];
  const level = most((s) => s.includes('>')) ? '>' : most((s) => s.includes('/')) ? '/' : undefined;
  // `Default Category/Men/Tops,Default Category/Collections` (Magento): several paths; the first is kept.
  if (level !== undefined && most((s) => s.split(',').filter((p) => p.includes(level)).length > 1))
    pipe.push({ regex_replace: { pattern: ',.*$', flags: 's' } });
  if (level === '/') pipe.push({ replace: { from: '/', to: ' > ' } });
  pipe.push('collapse_whitespace');
  return pipe;
}

/** Literal `\n` in a text column's values become line breaks first (`strip_html` then sees them). */
function unescapeNewlines(choice: Choice): PipeStep[] {
  const columns = [choice.column, ...choice.fallbacks];
  return columns.some((c) => c.kinds.escaped_newline > 0) ? [{ replace: { from: '\\n', to: '\n' } }] : [];
}

/** Values of a gender column that are an age group (`Børn`, `Kinder`, `Kids`), not a gender. */
export function ageValues(column: ColumnProfile): string[] {
  return (column.values ?? [])
    .map((v) => v.value)
    .filter((v) => canonicalValue('gender', v) === undefined && canonicalValue('age_group', v) !== undefined);
}

/** age_group from a gender column's age values: only those rows, mapped to the age group. */
export function ageField(column: ColumnProfile): MappedField {
  const ages = ageValues(column);
  return mapped(
    'age_group',
    'other-field',
    {
      from: column.name,
      when: ages.map((v) => `${columnRef(column.name)} == ${JSON.stringify(v)}`).join(' or '),
      map: {
        known: ages.map((value) => ({ value, canonical: canonicalValue('age_group', value) as string })),
        dropped: [],
        unrecognised: [],
        allowed: Object.keys(VALUE_NAMES.age_group ?? {}),
      },
    },
    `from ${column.name}: ${ages.join(', ')} name an age group there`,
  );
}

/** A value map for an enumerated field, from the values seen; unknown values are left to the user. */
function enumField(
  field: CanonicalField,
  choice: Choice,
  extra: { default?: string; comment?: string; drop?: string[] } = {},
): MappedField {
  const values = (choice.column.values ?? []).filter((v) => !extra.drop?.includes(v.value));
  const allowed = Object.keys(VALUE_NAMES[field] ?? {});
  const known: ValueMap['known'] = [];
  const unrecognised: string[] = [];
  const seen = values.map((v) => v.value);
  // A yes/no column (`In stock?` 1/0) gets both halves, whichever the file happens to hold.
  const pair = YES_NO_PAIRS.find((p) => seen.every((v) => p.includes(v.toLowerCase())));
  if (field === 'availability' && pair !== undefined)
    for (const v of pair) if (!seen.includes(v)) seen.push(v);
  for (const value of seen) {
    const canonical = canonicalValue(field, value);
    if (canonical === undefined) {
      if (!allowed.includes(value)) unrecognised.push(value);
    } else if (canonical !== value) known.push({ value, canonical });
  }
  const dropped = extra.drop ?? [];
  const map =
    known.length + unrecognised.length + dropped.length === 0
      ? undefined
      : { known, dropped, unrecognised, allowed };
  return mapped(
    field,
    choice.note === undefined ? 'column-name' : 'values',
    {
      from: choice.column.name,
      ...(map === undefined ? {} : { map }),
      ...(extra.default === undefined ? {} : { default: extra.default }),
    },
    extra.comment,
    choice,
  );
}

/** A link or image field: resolved against the shop's address, or the column's own host; lists split. */
function linkSpec(field: CanonicalField, choice: Choice): { spec: Spec; where?: string } {
  const column = choice.column;
  const separator = column.list_separator ?? ',';
  // Images often live on a CDN: their relative paths resolve against the host the
  // column's own absolute URLs name, never against the shop's pages.
  const imageHost =
    field !== 'link' && column.kinds.relative_url > 0 && column.url_origin !== undefined
      ? column.url_origin
      : undefined;
  const resolve: PipeStep = imageHost !== undefined ? { absolute_url: imageHost } : 'absolute_url';
  const pipe: PipeStep[] =
    column.type !== 'url_list'
      ? [resolve]
      : field === 'additional_image_link'
        ? [{ split: separator }, resolve]
        : [{ regex_replace: { pattern: `${separatorPattern(separator)}.*$`, flags: 's' } }, resolve];
  const where =
    imageHost !== undefined
      ? `relative paths resolved against ${imageHost}, the host of the column's own URLs`
      : field !== 'link' && column.kinds.relative_url > 0
        ? 'check: relative image paths resolved against source.base_url; no absolute URL in the column says where the images live'
        : undefined;
  return { spec: { from: source(choice), pipe }, ...(where === undefined ? {} : { where }) };
}

/** The language comment of a text taken from one language's columns. */
function languageNote(choice: Choice, withOthers: boolean): string | undefined {
  const language = choice.language;
  if (language === undefined) return undefined;
  const others = withOthers && language.others.length > 0 ? ` (also: ${language.others.join(', ')})` : '';
  return `in ${language.name}, the file's main language${others}`;
}

/** The pipe and comment of a column for one of the fields whose values need a transform of their own. */
function columnSpec(
  field: CanonicalField,
  choice: Choice,
  note: string | undefined,
): { spec: Spec; why?: string } {
  const column = choice.column;
  const html = column.kinds.html > 0;
  const from = source(choice);
  switch (field) {
    case 'title':
      return {
        spec: {
          from,
          pipe: [...unescapeNewlines(choice), html ? 'strip_html' : 'collapse_whitespace', { truncate: 150 }],
        },
        why: languageNote(choice, false) ?? note,
      };
    case 'description':
      return {
        spec: { from, pipe: [...unescapeNewlines(choice), 'strip_html', { truncate: 5000 }] },
        why: languageNote(choice, true) ?? note,
      };
    case 'brand':
    case 'color':
    case 'size':
    case 'material':
    case 'pattern': {
      const pipe: PipeStep[] =
        column.kinds.multiline > 0
          ? [{ split: '\n' }, { join: '/' }]
          : html
            ? ['strip_html']
            : ['collapse_whitespace'];
      return { spec: { from, pipe }, why: note };
    }
    case 'gtin': {
      // Broken GTINs would reject their records in every channel; the items are fine without one.
      const broken = column.kinds.invalid_gtin;
      return broken === 0
        ? { spec: { from, pipe: ['gtin'] }, why: note }
        : {
            spec: { from, pipe: [{ gtin: 'drop' }] },
            why: `check: ${broken} of ${column.filled} fail the GS1 check digit and are left out (keep: the channels reject those records)`,
          };
    }
    case 'price':
    case 'sale_price':
    case 'shipping_cost':
      return { spec: { from, pipe: ['price'] }, why: note };
    case 'link':
    case 'image_link':
    case 'additional_image_link': {
      const { spec, where } = linkSpec(field, choice);
      return { spec, why: note ?? where };
    }
    case 'product_type':
      return { spec: { from, pipe: categoryPipe(column) }, why: note };
    case 'quantity':
      return { spec: { from, pipe: ['number'] }, why: note };
    case 'shipping_weight': {
      const own = weightFromValues(column);
      return own !== undefined
        ? { spec: { from, pipe: own.pipe }, why: own.note }
        : {
            spec: { from, pipe: ['number', { append: ` ${weightUnit(column.name)}` }] },
            why: note ?? `check: the unit from the column's name (${weightUnit(column.name)})`,
          };
    }
    default:
      return { spec: { from }, why: note };
  }
}

/** The decision for a field a column was chosen for: the column, its transforms or value map, and why. */
export function fieldFromColumn(field: CanonicalField, choice: Choice): MappedField {
  const column = choice.column;
  const basis: FieldBasis = choice.note === undefined ? 'column-name' : 'values';
  const note = choice.note === undefined ? undefined : `check: ${choice.note}`;
  switch (field) {
    case 'availability':
      return NUMERIC.has(column.type) && (column.values === undefined || column.values.length > 2)
        ? mapped(field, basis, { from: column.name, pipe: ['stock'] }, 'in_stock from 1 unit on', choice)
        : enumField(field, choice);
    case 'condition':
      return enumField(field, choice, { default: 'new' });
    case 'gender': {
      // Børn, Kinder, Kids in a gender column are an age group: not a gender, see age_group.
      const ages = ageValues(column);
      return enumField(field, choice, {
        drop: ages,
        ...(ages.length > 0 ? { comment: `${ages.join(', ')}: an age group, given as age_group` } : {}),
      });
    }
    case 'age_group':
      return enumField(field, choice);
    default: {
      const { spec, why } = columnSpec(field, choice, note);
      return mapped(field, basis, spec, why, choice);
    }
  }
}

/** A link built from a part of the shop's URL (`url_key`, `Handle`): the shop's address around it. */
export function fieldFromUrlPart(
  field: CanonicalField,
  part: { column: ColumnProfile; prefix: string; suffix?: string },
  base: string,
): MappedField {
  const pipe: PipeStep[] = [];
  if (field === 'additional_image_link') pipe.push({ split: part.column.list_separator ?? ',' });
  pipe.push({ prepend: `${base}${part.prefix}` });
  if (part.suffix !== undefined) pipe.push({ append: part.suffix });
  return mapped(
    field,
    'url-shape',
    { from: part.column.name, pipe },
    `built from ${part.column.name} (the shop's URL shape)`,
  );
}

/** What fills a field no column was chosen for from another field's column or a constant, if anything. */
export function fieldWithoutColumn(
  field: CanonicalField,
  others: {
    quantity: Choice | undefined;
    ageSource: ColumnProfile | undefined;
    imageList: ColumnProfile | undefined;
    usesCondition: boolean;
  },
): MappedField | undefined {
  const { quantity, ageSource, imageList } = others;
  if (field === 'availability' && quantity !== undefined)
    return mapped(
      field,
      'other-field',
      { from: quantity.column.name, pipe: ['stock'] },
      'in_stock from 1 unit on',
    );
  if (field === 'age_group' && ageSource !== undefined) return ageField(ageSource);
  if (field === 'condition' && others.usesCondition)
    return mapped(
      field,
      'constant',
      { value: 'new' },
      'no condition column; Google reads a missing condition as new',
    );
  if (field === 'additional_image_link' && imageList !== undefined) {
    const separator = imageList.list_separator ?? ',';
    return mapped(
      field,
      'other-field',
      {
        from: imageList.name,
        pipe: [
          { regex_replace: { pattern: `^[^${separatorPattern(separator)}]*` } },
          { split: separator },
          'absolute_url',
        ],
      },
      undefined,
    );
  }
  return undefined;
}
