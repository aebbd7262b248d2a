/** Spaces that may surround a number or group its thousands: space, NBSP, narrow NBSP, tab. */
function isBlank(c: number): boolean {
  return c === 32 || c === 160 || c === 0x202f || c === 9 || c === 10 || c === 13;
}

/** Exact powers of ten for the fraction digits a double can hold. */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * Read a number written the way suppliers write them: `1.299,95`, `1,299.95`, `1 299,95`,
 * `12,5`, `-3,5`, `+42`, `1.299,-`. Blanks around the number are allowed; anything else (a
 * currency, a unit, an exponent like `5.70123E+12`) makes it no number (undefined).
 *
 * The decimal separator is `decimal`; the other one, a space or `'` may group thousands, and
 * then the groups must be 3 digits (`12.5.2024` is no number). With `auto`: when both `.` and
 * `,` occur the last one is the decimal separator; a separator that occurs more than once
 * groups thousands (`1.299.000`); a lone one is the decimal separator, even before exactly
 * three digits: `1.299` is 1.299 and `1,299` is 1.299, since `12,5` and `0.450` are far more
 * common in supplier files than thousands without decimals. Set `decimal` to read `1.299`
 * as 1299.
 *
 * One pass over the characters and no substrings: it runs on every price of every record.
 */
export function parseNumber(text: string, decimal: 'auto' | ',' | '.'): number | undefined {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  let negative = false;
  const sign = text.charCodeAt(start);
  if (sign === 45 /* - */ || sign === 43 /* + */) {
    negative = sign === 45;
    start++;
  }
  // `1.299,-`: Danish for a whole amount; the separator before the dash is the decimal one.
  let whole = 0;
  if (
    end - start >= 3 &&
    text.charCodeAt(end - 1) === 45 &&
    (text.charCodeAt(end - 2) === 44 || text.charCodeAt(end - 2) === 46)
  ) {
    whole = text.charCodeAt(end - 2);
    end -= 2;
  }
  if (start >= end) return undefined;

  // First pass: which separators occur, and that nothing else does.
  let dots = 0;
  let commas = 0;
  let lastDot = -1;
  let lastComma = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 46) {
      dots++;
      lastDot = i;
    } else if (c === 44) {
      commas++;
      lastComma = i;
    } else if (c !== 39 /* ' */ && c !== 32 && c !== 160 && c !== 0x202f) return undefined;
  }
  let dec: number;
  if (decimal === ',') dec = 44;
  else if (decimal === '.') dec = 46;
  else if (dots > 0 && commas > 0) dec = lastDot > lastComma ? 46 : 44;
  else if (dots === 1) dec = 46;
  else if (commas === 1) dec = 44;
  else dec = dots > 1 ? 44 : 46;
  if (whole !== 0) {
    if (decimal === 'auto') dec = whole;
    if (dec !== whole || (dec === 46 ? dots : commas) > 0) return undefined;
  }
  if ((dec === 46 ? dots : commas) > 1) return undefined;

  // Second pass: digits in groups of three after a thousands separator, then the fraction.
  let mantissa = 0;
  let digits = 0;
  let fraction = -1; // digits after the decimal separator, -1 before it
  let group = 0; // digits in the current group
  let grouped = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      group++;
      if (fraction >= 0) fraction++;
    } else if (c === dec) {
      if (grouped ? group !== 3 : false) return undefined;
      fraction = 0;
    } else {
      // A thousands separator: only between digits of the whole part.
      if (fraction >= 0 || group === 0 || (grouped ? group !== 3 : group > 3)) return undefined;
      grouped = true;
      group = 0;
    }
  }
  if (digits === 0 || fraction === 0 || (grouped && fraction < 0 && group !== 3)) return undefined;
  let value: number;
  if (digits <= 15) value = fraction > 0 ? mantissa / (POW10[fraction] as number) : mantissa;
  else {
    // Beyond 15 digits the running integer is no longer exact: let Number round the text.
    let plain = '';
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) plain += text[i];
      else if (c === dec) plain += '.';
    }
    value = Number(plain);
  }
  return negative ? -value : value;
}
