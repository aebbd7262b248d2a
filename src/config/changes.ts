/**
 * The mapping's `changes` section: how much a channel's feed may change against the last
 * published run before the gate refuses it (exit 4, the published feed kept; `--force`
 * publishes anyway). Shares are of the items of the earlier snapshot (`max_removed`) or of the
 * items in both runs (the others).
 */
export interface ChangeRules {
  /**
   * Largest share of the published items a channel may lose, removed or now rejected (default
   * 0.2; `gate.max_drop` is its older name). Without a snapshot, the share of accepted items
   * lost against the published count.
   */
  max_removed?: number;
  /** Refuse when more than `share` of the items in both runs had their price fall by more than `by`. */
  max_price_drop?: {
    /** Largest share of the items in both runs (0–1). */
    share: number;
    /** How far a price must fall to count, as a share of the earlier price (0.5: by more than half). */
    by: number;
  };
  /** Per field, the largest share of the items in both runs whose value may change (`title: 0.3`). */
  max_changed?: Record<string, number>;
  /**
   * Fields no item may change (`gtin`); `id` refuses any removed item. Fields are named as in
   * the snapshot: `price`, `sale_price`, `availability`, `title`, or the channel's field name.
   */
  protect?: string[];
}
