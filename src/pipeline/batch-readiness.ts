import type { MappedRecord } from '../mapping/compile.js';
import {
  countProvenance,
  emptyProvenance,
  type ProvenanceCounts,
  type RecordSources,
} from '../mapping/provenance.js';
import type { CompiledReadiness } from '../readiness/compile.js';
import type { ReadinessCounts } from '../readiness/counts.js';
import type { GapSheet } from '../readiness/gaps.js';

/** What a batch's readiness adds to its result. */
export interface BatchReadiness {
  /** Per channel, the readiness counts of the batch's records. */
  readiness: ReadinessCounts[];
  /** Per canonical field, its values by source. */
  provenance: ProvenanceCounts;
  /** The fill-in sheet's rows of the batch, when the run writes one. */
  gaps?: { text: string; rows: number };
}

/** A batch's readiness parts: the sources of each record's values, and the fill-in sheet's rows. */
export function batchReadiness(
  sources: RecordSources,
  sheet: GapSheet | undefined,
  readiness: CompiledReadiness,
) {
  const provenance = emptyProvenance();
  const gaps = { text: '', rows: 0 };
  return {
    /** After the record went through every channel (each scored it). */
    record(mapped: MappedRecord): void {
      countProvenance(provenance, sources, mapped.product, mapped.extracted);
      const gap = sheet?.row(mapped.product);
      if (gap) {
        gaps.text += gap;
        gaps.rows++;
      }
    },
    result(): BatchReadiness {
      return { readiness: readiness.take(), provenance, ...(sheet !== undefined ? { gaps } : {}) };
    },
  };
}
