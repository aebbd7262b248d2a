import { type CanonicalProduct, type DateRange, formatMoney, type Money } from '../model/canonical.js';
import type { RecordIssue } from '../model/issues.js';
import type { ChannelDefinition } from './definition.js';

/**
 * A channel's sale rules compiled for a run: given the record, the reason its sale price is
 * left out of the channel's item, or undefined when the sale price stands (or there is none).
 * `now` is the run's time, taken once per run so every record and channel sees the same one.
 */
export type SaleRule = (product: CanonicalProduct) => RecordIssue | undefined;

/** The channel's sale rule, or undefined when it has none. */
export function compileSaleRule(definition: ChannelDefinition, now: number): SaleRule | undefined {
  const rules = definition.sale;
  if (rules === undefined) return undefined;
  const below = rules.below_price === true;
  const apply = rules.dates === 'apply';
  return (product) => {
    const sale = product.sale_price as Money | undefined;
    if (sale === undefined) return undefined;
    const dates = product.sale_price_effective_date as DateRange | undefined;
    if (dates?.end_ms !== undefined && dates.end_ms < now) {
      return { type: 'sale-expired', field: 'sale_price', value: formatMoney(sale), expected: dates.end };
    }
    if (apply && dates?.start_ms !== undefined && dates.start_ms > now) {
      return {
        type: 'sale-not-started',
        field: 'sale_price',
        value: formatMoney(sale),
        expected: dates.start,
      };
    }
    const price = product.price as Money | undefined;
    if (below && price !== undefined && (sale.currency !== price.currency || sale.amount >= price.amount)) {
      return {
        type: 'sale-not-lower',
        field: 'sale_price',
        value: formatMoney(sale),
        expected: formatMoney(price),
      };
    }
    return undefined;
  };
}
