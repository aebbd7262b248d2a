// What feedkit asked of Intl for its own texts, without it: the first `localeCompare` loads
// ICU's collator (~10 ms of a start) and the first `toLocaleString` its number formats
// (~50 ms on the bench machine).

/**
 * Order two identifiers (issue types, rule ids: ASCII) by their code units, the order
 * `localeCompare` gives them.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A whole number with its thousands grouped by commas, as `toLocaleString('en')` writes it. */
export function thousands(n: number): string {
  const digits = String(Math.abs(Math.round(n)));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    out = `${digits.slice(Math.max(0, end - 3), end)}${out === '' ? '' : ','}${out}`;
  }
  return n < 0 && out !== '0' ? `-${out}` : out;
}
