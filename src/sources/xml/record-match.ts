import { nameMatches } from './columns.js';
import type { ElementStep } from './path.js';

/**
 * Which elements outside the records are records: per open element, the steps of the record
 * path matched so far, as bits (so `//` steps match at any depth without backtracking).
 */
export class RecordMatcher {
  /** Per depth: the matched steps, as bits; the document itself has matched none (bit 0). */
  private readonly masks: number[] = [1];
  /** The bit of the whole path matched. */
  private readonly done: number;

  constructor(private readonly steps: readonly ElementStep[]) {
    this.done = 1 << steps.length;
  }

  /** An element opened at `index` (the root is 0), outside any record: whether it is a record. */
  open(index: number, local: string, uri: string): boolean {
    const parentMask = this.masks[index] as number;
    let mask = 0;
    if (parentMask !== 0) {
      const steps = this.steps;
      for (let k = 0; k < steps.length; k++) {
        if ((parentMask & (1 << k)) === 0) continue;
        const step = steps[k] as ElementStep;
        if (step.axis === 'descendant') mask |= 1 << k;
        if (nameMatches(step, local, uri)) mask |= 1 << (k + 1);
      }
    }
    this.masks[index + 1] = mask;
    return (mask & this.done) !== 0;
  }
}
