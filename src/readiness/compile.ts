import type { CanonicalField, CanonicalProduct } from '../model/canonical.js';
import type { ProbeKind } from '../probe/facts.js';
import type { ChannelProbe } from '../probe/judge.js';
import { type CategoryPlace, type CategoryTable, categoryTable } from './categories.js';
import { CHECKS, type CheckFn, hasValue, NOT_APPLICABLE } from './checks.js';
import { emptyReadinessCounts, type ReadinessCounts } from './counts.js';
import type { ReadinessData } from './load.js';
import type { ReadinessRule, ReadinessRules } from './rules.js';

/** What the score needs of a channel: the canonical fields it carries and its title limit. */
export interface ReadinessChannel {
  /** The channel's fields, each with the canonical field it comes from. */
  fields: ReadonlyArray<{ name: string; from: CanonicalField; values?: Record<string, string> }>;
  /** The channel's JSON Schema (its `title` field's `maxLength` is the title limit). */
  schema: Record<string, unknown>;
  /** The probe's answers as the channel judges them, when the run probed: the probe rules apply then. */
  probe?: ChannelProbe | undefined;
}

/** The checks that read the probe, and the kind of URL each needs probed. */
const PROBE_CHECKS: Partial<Record<ReadinessRule['check'], ProbeKind>> = {
  probe_images: 'image',
  probe_link: 'link',
};

/** The readiness rules compiled for a run's channels: a plain function per record and channel. */
export interface CompiledReadiness {
  /** The rules file's data. */
  rules: ReadinessRules;
  /** Per channel, per rule: true when the channel carries one of the rule's fields. */
  applies: boolean[][];
  /**
   * Score one record for channel `c` (0–100, unrounded) and count it. The checks that do not
   * depend on the channel run once per record object, whatever the number of channels.
   */
  score(c: number, product: CanonicalProduct): number;
  /** Channel `c`'s answers of the record scored last: per rule, 0 passed, > 0 failed, < 0 did not apply. */
  states(c: number): Int32Array;
  /** Per channel, the score of the record scored last in it. */
  scores: Float64Array;
  /** Per channel, the counts since the last call (per batch). */
  take(): ReadinessCounts[];
}

/** Compile the rules for the run's channels (once per job; a worker compiles its own). */
export function compileReadiness(
  data: ReadinessData,
  channels: readonly ReadinessChannel[],
  now: number,
): CompiledReadiness {
  const { rules } = data;
  const list = rules.rules;
  const table: CategoryTable = categoryTable(data.categories);
  const { tops, shared, own, applies } = compileChecks(rules, channels, now);
  const common = new Int32Array(list.length);
  const scratch = channels.map(() => new Int32Array(list.length).fill(NOT_APPLICABLE));
  const scores = new Float64Array(channels.length);
  let counts = channels.map(() => emptyReadinessCounts(list.length));
  let last: CanonicalProduct | undefined;
  let lastCategory: string | undefined;
  let place: CategoryPlace | undefined;

  // Specialised once per job: the rules each channel scores (a rule no channel carries, or a
  // probe rule of a run without the probe, costs nothing per record), and each rule's gates
  // and check in flat arrays the record loop reads without a property lookup.
  const scoredBy = applies.map((apply) => Int32Array.from(apply.flatMap((on, r) => (on ? [r] : []))));
  const anywhere = Int32Array.from(
    list.flatMap((_rule, r) => (applies.some((apply) => apply[r]) ? [r] : [])),
  );
  const whens = list.map((rule) => rule.when);
  const points = Float64Array.from(list, (rule) => rule.points);
  const evaluate = (product: CanonicalProduct) => {
    const category = product.google_product_category;
    if (category !== lastCategory) {
      lastCategory = category;
      place = category === undefined ? undefined : table.place(category);
    }
    for (let i = 0; i < anywhere.length; i++) {
      const r = anywhere[i] as number;
      const within = tops[r];
      const when = whens[r];
      if (
        (within !== undefined && (place === undefined || !within.has(place.top))) ||
        (when !== undefined && !hasValue(product[when]))
      ) {
        common[r] = NOT_APPLICABLE;
        continue;
      }
      const check = shared[r];
      common[r] = check === undefined ? 0 : check(product, place);
    }
  };

  return {
    rules,
    applies,
    score(c, product) {
      if (product !== last) {
        evaluate(product);
        last = product;
      }
      const states = scratch[c] as Int32Array;
      const scored = scoredBy[c] as Int32Array;
      const checks = own[c] as Array<CheckFn | undefined>;
      let total = 0;
      let earned = 0;
      // A rule the channel does not score keeps NOT_APPLICABLE in `states` from the start.
      for (let i = 0; i < scored.length; i++) {
        const r = scored[i] as number;
        let state = common[r] as number;
        const check = checks[r];
        if (state !== NOT_APPLICABLE && check !== undefined) state = check(product, place);
        states[r] = state;
        if (state === NOT_APPLICABLE) continue;
        const worth = points[r] as number;
        total += worth;
        if (state === 0) earned += worth;
      }
      const score = total === 0 ? 100 : (100 * earned) / total;
      scores[c] = score;
      const into = counts[c] as ReadinessCounts;
      into.products++;
      into.total += score;
      const rounded = Math.round(score);
      add(into.buckets, Math.min(9, Math.floor(rounded / 10)), 1);
      if (rounded >= rules.good) into.good++;
      if (earned < total) {
        for (let i = 0; i < scored.length; i++) {
          const r = scored[i] as number;
          const state = states[r] as number;
          if (state <= 0) continue;
          add(into.failed, r, 1);
          add(into.lost, r, (100 * (points[r] as number)) / total);
          add(into.amount, r, state);
        }
      }
      return score;
    },
    states: (c) => scratch[c] as Int32Array,
    scores,
    take() {
      const taken = counts;
      counts = channels.map(() => emptyReadinessCounts(list.length));
      return taken;
    },
  };
}

/**
 * Each rule compiled for the run: its categories as a set of top-level ids, its check (once,
 * or per channel for the checks that read the channel: the title limit, the probe), and per
 * channel whether the rule applies (the channel carries one of its fields; a probe rule only
 * when the run probed that kind).
 */
function compileChecks(rules: ReadinessRules, channels: readonly ReadinessChannel[], now: number) {
  const list = rules.rules;
  const tops = list.map((rule) =>
    rule.categories === undefined
      ? undefined
      : new Set(rule.categories.map((key) => rules.categories[key]?.id as number)),
  );
  const perChannel = (rule: ReadinessRule) =>
    rule.check === 'title_within_limit' || PROBE_CHECKS[rule.check] !== undefined;
  const shared = list.map((rule) =>
    perChannel(rule) ? undefined : CHECKS[rule.check](rule, { titleLimit: undefined, now }),
  );
  const own = channels.map((channel) =>
    list.map((rule) =>
      perChannel(rule)
        ? CHECKS[rule.check](rule, { titleLimit: titleLimit(channel), now, probe: channel.probe })
        : undefined,
    ),
  );
  const applies = channels.map((channel) => {
    const carried = new Set(channel.fields.map((field) => field.from));
    return list.map((rule) => {
      const kind = PROBE_CHECKS[rule.check];
      if (kind !== undefined && channel.probe?.kinds.has(kind) !== true) return false;
      return rule.fields.some((field) => carried.has(field));
    });
  });
  return { tops, shared, own, applies };
}

function add(counts: number[], at: number, by: number): void {
  counts[at] = (counts[at] as number) + by;
}

/** The `maxLength` of the channel's title field in its schema, when it has one. */
function titleLimit(channel: ReadinessChannel): number | undefined {
  const name = channel.fields.find((field) => field.from === 'title')?.name;
  const properties = channel.schema.properties as Record<string, { maxLength?: unknown }> | undefined;
  const limit = name === undefined ? undefined : properties?.[name]?.maxLength;
  return typeof limit === 'number' ? limit : undefined;
}
