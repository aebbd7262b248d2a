import type { ChangeRules } from '../config/changes.js';
import type { ChangeSample, ChannelChanges } from '../report/changes.js';

/** Default share of the published items a channel may lose (removed, or now rejected). */
export const DEFAULT_MAX_REMOVED = 0.2;

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

/** `by` of a price rule as the key of {@link ChannelChanges.price}'s counts (`0.5` → `50`). */
export const fallKey = (by: number) => String(Math.round(by * 1000) / 10);

/** The thresholds of price falls the comparison counts beside 10, 50 and 90 %: the rule's `by`. */
export function priceThresholds(rules: ChangeRules | undefined): number[] {
  return rules?.max_price_drop === undefined ? [] : [rules.max_price_drop.by];
}

const sampleText = (s: ChangeSample) =>
  s.before === undefined && s.after === undefined ? s.id : `${s.id} ${s.before ?? ''} → ${s.after ?? ''}`;

function samplesOf(changes: ChannelChanges, field: string): string {
  const samples = changes.samples.filter((s) => s.field === field).slice(0, 3);
  return samples.length === 0 ? '' : `: ${samples.map(sampleText).join(', ')}`;
}

/**
 * The change rules a channel's changes break, one sentence each naming the channel, the rule,
 * the figures and a few samples. `maxRemoved` is `max_removed`'s value with its defaults applied.
 */
export function changeReasons(
  name: string,
  changes: ChannelChanges,
  rules: ChangeRules | undefined,
  maxRemoved: number,
): string[] {
  const reasons: string[] = [];
  const { before, removed } = changes;
  const both = changes.changed + changes.unchanged;
  if (before > 0 && removed / before > maxRemoved) {
    const ids = changes.removed_samples.slice(0, 3).join(', ');
    reasons.push(
      `${name}: max_removed: ${removed} of ${before} published items removed (${percent(removed / before)}, max ${percent(maxRemoved)})${ids === '' ? '' : `: ${ids}`}`,
    );
  }
  const drop = rules?.max_price_drop;
  if (drop !== undefined && both > 0) {
    const fell = changes.price.fell[fallKey(drop.by)] ?? 0;
    if (fell / both > drop.share)
      reasons.push(
        `${name}: max_price_drop: ${fell} of ${both} prices fell by more than ${percent(drop.by)} (${percent(fell / both)}, max ${percent(drop.share)})${samplesOf(changes, 'price')}`,
      );
  }
  for (const [field, max] of Object.entries(rules?.max_changed ?? {})) {
    const count = changes.fields[field] ?? 0;
    if (both > 0 && count / both > max)
      reasons.push(
        `${name}: max_changed.${field}: ${count} of ${both} items changed ${field} (${percent(count / both)}, max ${percent(max)})${samplesOf(changes, field)}`,
      );
  }
  for (const field of rules?.protect ?? []) {
    const count = field === 'id' ? removed : (changes.fields[field] ?? 0);
    if (count > 0)
      reasons.push(
        field === 'id'
          ? `${name}: protect id: ${count} published items removed: ${changes.removed_samples.slice(0, 3).join(', ')}`
          : `${name}: protect ${field}: ${count} items changed ${field}${samplesOf(changes, field)}`,
      );
  }
  return reasons;
}
