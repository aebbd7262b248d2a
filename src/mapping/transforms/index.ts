import type { TransformDef } from '../transform.js';
import absolute_url from './absolute_url.js';
import append from './append.js';
import collapse_whitespace from './collapse_whitespace.js';
import decode_entities from './decode_entities.js';
import defaultTransform from './default.js';
import gtin from './gtin.js';
import join from './join.js';
import lookup from './lookup.js';
import lower from './lower.js';
import map from './map.js';
import number from './number.js';
import prepend from './prepend.js';
import price from './price.js';
import regex_replace from './regex_replace.js';
import replace from './replace.js';
import split from './split.js';
import stock from './stock.js';
import strip_html from './strip_html.js';
import title_case from './title_case.js';
import trim from './trim.js';
import truncate from './truncate.js';
import unit_measure from './unit_measure.js';
import upper from './upper.js';
import vat from './vat.js';

/** Every transform, by the name users type in a pipe. Explicit: no side-effect registration. */
export const transforms: Record<string, TransformDef<never>> = {
  absolute_url,
  append,
  collapse_whitespace,
  decode_entities,
  default: defaultTransform,
  gtin,
  join,
  lookup,
  lower,
  map,
  number,
  prepend,
  price,
  regex_replace,
  replace,
  split,
  stock,
  strip_html,
  title_case,
  trim,
  truncate,
  unit_measure,
  upper,
  vat,
};
