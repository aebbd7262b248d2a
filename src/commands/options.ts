import { InvalidArgumentError } from 'commander';
import { FeedkitError } from '../model/errors.js';
import { renderers } from '../report/render/index.js';

/** `--min-score`, `--max-regression`, `--max-table-mb`: a whole number 0–100. */
export function integer(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 100)
    throw new InvalidArgumentError('expected 0–100');
  return number;
}

/** A number above 0 (`--download-timeout`, `--max-download-mb`). */
export function positive(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number above 0');
  return number;
}

/** `--threads`: 1–64. */
export function threadCount(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 64) throw new InvalidArgumentError('expected 1–64');
  return number;
}

/** A repeatable option: each value once more in the list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--join stock=/data/stock.csv` → { stock: '/data/stock.csv' }. */
export function parseJoins(values: string[]): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const joins: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0 || eq === value.length - 1) {
      throw new FeedkitError('usage', `--join "${value}" is not "<name>=<path>"`);
    }
    joins[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return joins;
}

/**
 * `-H "Authorization: Bearer x"` → headers. A malformed one is a usage error that names the
 * header by its place and, where it has one, its name: the value is a credential and is never echoed.
 */
export function parseHeaders(values: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  values.forEach((value, index) => {
    const colon = value.indexOf(':');
    const name = colon > 0 ? value.slice(0, colon).trim() : '';
    const which = `--header ${index + 1}${name && /^[!#$%&'*+.^_`|~\w-]+$/.test(name) ? ` (${name})` : ''}`;
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~\w-]+$/.test(name))
      throw new FeedkitError('usage', `${which} is not "Name: value" (a name of letters, digits and -)`);
    const text = value.slice(colon + 1).trim();
    // A CR or LF would end the header early; HTTP/1.1 carries Latin-1 only.
    if (/[\r\n\0]/.test(text)) throw new FeedkitError('usage', `${which} has a line break in its value`);
    if (/[^\t\x20-\x7e\x80-\xff]/.test(text))
      throw new FeedkitError('usage', `${which} has a character HTTP headers cannot carry (outside Latin-1)`);
    headers[name.toLowerCase()] = text;
  });
  return headers;
}

/** `--now 2026-12-01T00:00Z`: an instant with its zone (a date alone is midnight UTC). */
export function instant(value: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i.test(value);
  const date = new Date(value);
  if (!ok || Number.isNaN(date.getTime()))
    throw new InvalidArgumentError(`"${value}" is not an ISO 8601 time with a zone (2026-12-01T00:00Z)`);
  return date;
}

/** `--report-format md,html --report-format junit` → each known format once. */
export function reportFormats(value: string, previous: string[] = []): string[] {
  const known = Object.keys(renderers).filter((name) => !['console', 'summary'].includes(name));
  const out = [...previous];
  for (const name of value.split(',').map((part) => part.trim())) {
    if (!known.includes(name)) {
      throw new InvalidArgumentError(`unknown report format "${name}"; formats: ${known.join(', ')}`);
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** `--probe images,links`: the kinds of URL to probe (`images` → image URLs, `links` → product pages). */
export function probeKinds(value: string, previous: Array<'image' | 'link'> = []): Array<'image' | 'link'> {
  const out = [...previous];
  for (const name of value.split(',').map((part) => part.trim())) {
    const kind = name === 'images' ? 'image' : name === 'links' ? 'link' : undefined;
    if (kind === undefined) throw new InvalidArgumentError(`unknown probe "${name}"; expected images, links`);
    if (!out.includes(kind)) out.push(kind);
  }
  return out;
}

/** `--probe-concurrency`, `--probe-rate`: a whole number 1–1000. */
export function count(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 1000)
    throw new InvalidArgumentError('expected 1–1000');
  return number;
}
