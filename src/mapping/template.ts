import type { Row } from '../model/columns.js';
import { isEmpty, type Value } from './value.js';

/** `{{ Column }}` placeholders; the rest is literal. Compiled into a list of parts once. */
export function compileTemplate(
  template: string,
  column: (name: string, at: number) => (row: Row) => Value,
): (row: Row) => Value {
  const parts: Array<string | ((row: Row) => Value)> = [];
  const pattern = /\{\{\s*(.+?)\s*\}\}/g;
  let last = 0;
  for (let match = pattern.exec(template); match !== null; match = pattern.exec(template)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    // `{{ A || B }}`: the first of the columns that has a value. Each name is located in the
    // template, for messages that point at it.
    const inner = match[1] as string;
    const start = match.index + match[0].indexOf(inner);
    const names = inner.split('||');
    const reads: Array<(row: Row) => Value> = [];
    let at = start;
    for (const name of names) {
      const trimmed = name.trim();
      reads.push(column(trimmed, at + name.indexOf(trimmed)));
      at += name.length + 2;
    }
    parts.push(
      reads.length === 1
        ? (reads[0] as (row: Row) => Value)
        : (row) => {
            for (let i = 0; i < reads.length; i++) {
              const value = (reads[i] as (row: Row) => Value)(row);
              if (!isEmpty(value)) return value;
            }
            return undefined;
          },
    );
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return (row) => {
    let out = '';
    let filled = false;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string | ((row: Row) => Value);
      if (typeof part === 'string') out += part;
      else {
        const value = part(row);
        if (!isEmpty(value)) {
          filled = true;
          out += Array.isArray(value) ? value.join(',') : String(value);
        }
      }
    }
    // A template whose placeholders are all empty has no value (not just its literal text).
    return filled ? out.trim() : undefined;
  };
}
