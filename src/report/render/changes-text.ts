import type { ChannelChanges } from '../changes.js';
import type { Report } from '../report.js';

/** The fields that changed, most first: `price 3, title 1`. */
export function changedFields(c: ChannelChanges): string {
  return Object.entries(c.fields)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([field, n]) => `${field} ${n}`)
    .join(', ');
}

/** The price falls and rises by more than 10, 50 and 90 %, where any: `fell >10 % 3, >50 % 3, >90 % 0`. */
export function priceMoves(c: ChannelChanges): string {
  const side = (word: string, counts: Record<string, number>) => {
    const keys = ['10', '50', '90'];
    if (keys.every((k) => (counts[k] ?? 0) === 0)) return '';
    return `${word} ${keys.map((k) => `>${k} % ${counts[k] ?? 0}`).join(', ')}`;
  };
  return [side('fell', c.price.fell), side('rose', c.price.rose)].filter(Boolean).join('; ');
}

/** One channel's changes in one line (the console's): counts, fields, prices, accepted → rejected. */
export function changesLine(name: string, c: ChannelChanges): string {
  const fields = changedFields(c);
  const prices = priceMoves(c);
  return [
    `${name} changes since ${c.against}: +${c.added} added, -${c.removed} removed, ${c.changed} changed${fields === '' ? '' : ` (${fields})`}`,
    prices === '' ? '' : `prices ${prices}`,
    c.rejected.count > 0 ? `${c.rejected.count} accepted → rejected` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The console's change lines: one per channel compared. */
export function changesConsole(report: Pick<Report, 'changes'>): string[] {
  return Object.entries(report.changes ?? {}).map(([name, c]) => changesLine(name, c));
}

/** Every broken change rule of the run, one sentence each (GitHub annotations). */
export function failedChangeRules(report: Report): string[] {
  return Object.values(report.changes ?? {}).flatMap((c) => c.failed ?? []);
}
