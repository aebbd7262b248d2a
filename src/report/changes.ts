/**
 * The report's change section: what changed per channel since the last published run, item by
 * item, from the run's snapshot and the published one (`<out>/.feedkit/snapshot/<channel>`).
 */

/** Per channel, by channel name; absent when no channel had a snapshot to compare with. */
export type ChangesReport = Record<string, ChannelChanges>;

/** One item's change of one field. */
export interface ChangeSample {
  /** The item's id. */
  id: string;
  /** The field: `price`, `sale_price`, `availability`, `title` or the channel's field name. */
  field: string;
  /** The value before (for price, sale_price, availability and title; other fields are compared by hash). */
  before?: string;
  /** The value now (as `before`). */
  after?: string;
}

/** An item the last published run accepted that this run rejected. */
export interface RejectedSample {
  /** The item's id. */
  id: string;
  /** Why it was rejected: the first issue's type and field (`invalid-gtin gtin`). */
  reason: string;
}

/**
 * How many items' prices moved by more than 10 %, 50 % and 90 % of the price before, keyed by
 * the percentage (each count includes the larger moves: an item that fell by 95 % counts in
 * all three); `fell` also has the `by` of a `max_price_drop` rule (`30` for 0.3). Items present
 * in both runs with a number in both prices.
 */
export interface PriceMoves {
  /** Items whose price fell by more than the key's percentage. */
  fell: Record<string, number>;
  /** Items whose price rose by more than the key's percentage. */
  rose: Record<string, number>;
}

/** One channel's changes against the snapshot it was compared with. */
export interface ChannelChanges {
  /** What was compared with: `published` (the last published run) or the `--baseline` path. */
  against: string;
  /** Items in the earlier snapshot. */
  before: number;
  /** Items accepted now (this run's snapshot). */
  after: number;
  /** Items accepted now whose id the earlier snapshot lacks. */
  added: number;
  /** Items of the earlier snapshot whose id is not accepted now (rejected ones included). */
  removed: number;
  /** Items in both with at least one field changed. */
  changed: number;
  /** Items in both with every field alike. */
  unchanged: number;
  /** Per field, the items in both whose value changed (a field filled or emptied counts); fields with none are left out. */
  fields: Record<string, number>;
  /** How prices moved. */
  price: PriceMoves;
  /** Items the earlier run accepted that this run rejected: how many, and the first few. */
  rejected: { count: number; samples: RejectedSample[] };
  /** The first added ids, in id order. */
  added_samples: string[];
  /** The first removed ids, in id order. */
  removed_samples: string[];
  /** Per field, the first changed items in id order (at most {@link SAMPLES_PER_FIELD} each); for price the largest falls first. */
  samples: ChangeSample[];
  /** The change rules this channel broke, one sentence each (set by the gate; empty when it passed). */
  failed?: string[];
  /** The delta output published with the feed (`delta: true`), and what it holds. */
  delta?: DeltaSummary;
}

/** A delta output: its file and the items it adds, changes and removes. */
export interface DeltaSummary {
  /** The file, relative to the output folder. */
  file: string;
  /** Items it creates (Meta CREATE rows; acp: variants new to the feed). */
  added: number;
  /** Items it updates. */
  changed: number;
  /** Items it removes (Meta DELETE rows; acp: variants marked unavailable). */
  removed: number;
}

/** Most samples the report keeps per field, and of added, removed and rejected ids. */
export const SAMPLES_PER_FIELD = 5;
