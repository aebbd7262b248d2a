import type { CanonicalField } from '../model/canonical.js';
import {
  type ChannelReadiness,
  channelReadiness,
  type ReadinessReport,
  sourcesReport,
} from '../report/readiness.js';
import type { Job } from './job.js';
import type { BatchMerger } from './merge.js';

/** The report's `readiness` from the merged counts, when the run scored readiness. */
export function readinessReport(
  job: Job,
  merger: BatchMerger,
  names: readonly string[],
  options: { gaps?: string; gapsBelow?: number },
): { readiness?: ReadinessReport } {
  const compiled = job.readiness;
  const counts = merger.readiness;
  if (compiled === undefined || counts === undefined) return {};
  const channels: Record<string, ChannelReadiness> = {};
  job.channels.forEach((channel, c) => {
    const carried = new Set<CanonicalField>(channel.channel.definition.fields.map((field) => field.from));
    channels[names[c] as string] = channelReadiness(
      compiled,
      c,
      counts[c] as NonNullable<typeof counts>[number],
      job.mapping.fields,
      carried,
    );
  });
  const gaps = merger.gaps;
  return {
    readiness: {
      good: compiled.rules.good,
      channels,
      sources: sourcesReport(merger.provenance),
      ...(gaps !== undefined && options.gaps !== undefined
        ? {
            gaps: {
              file: options.gaps,
              below: options.gapsBelow ?? compiled.rules.gaps_below,
              products: gaps.rows,
            },
          }
        : {}),
    },
  };
}
