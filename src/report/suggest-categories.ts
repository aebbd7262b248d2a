import { NOT_IN_TAXONOMY } from '../channels/dropped.js';
import type { Report } from './report.js';

/**
 * Give each dropped category's sample the closest category of Google's taxonomy, from the
 * `categories` matcher. Run once on the finished report, so the matcher and its indexes are
 * loaded only by a run that has such a sample (never by the workers, per record).
 */
export async function suggestCategories(report: Report): Promise<void> {
  const samples = Object.values(report.channels).flatMap((channel) =>
    channel.warnings
      .filter((warning) => warning.type === 'dropped-value')
      .flatMap((warning) => warning.samples)
      .filter((sample) => sample.expected === NOT_IN_TAXONOMY && sample.value !== undefined),
  );
  if (samples.length === 0) return;
  const [{ guessLanguage }, { propose }, { googleTaxonomyIndex }] = await Promise.all([
    import('../categories/guess-language.js'),
    import('../categories/match.js'),
    import('../categories/taxonomy-index.js'),
  ]);
  const known = new Map<string, string>();
  for (const sample of samples) {
    const value = sample.value as string;
    let text = known.get(value);
    if (text === undefined) {
      const proposal = propose(googleTaxonomyIndex(guessLanguage([value]).language), { path: value });
      text =
        proposal === undefined
          ? `${NOT_IN_TAXONOMY} (no close category found)`
          : `${NOT_IN_TAXONOMY}; closest: ${proposal.id} ${proposal.path}`;
      known.set(value, text);
    }
    sample.expected = text;
  }
}
