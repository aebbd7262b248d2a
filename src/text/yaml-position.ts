/**
 * The column of the character at `index` inside the YAML scalar that starts at `at` in
 * `text`: a quoted scalar's opening quote is skipped, so an error points at the character
 * itself (`record: "/BMECAT//"`, the second `/`). Escapes inside quotes are not counted.
 */
export function colInScalar(text: string, at: { line: number; col: number }, index: number): number {
  const rest = (text.split('\n')[at.line - 1] ?? '').slice(at.col - 1);
  return at.col + (/^["']/.test(rest) ? 1 : 0) + index;
}
