import { builtinChannelNames, type Channel, loadChannel } from '../channels/definition.js';
import type { LoadedYaml } from '../config/load.js';
import type { ChannelSettings } from '../config/mapping.js';
import { FeedkitError, FeedkitErrors } from '../model/errors.js';

/**
 * `delta` and `supplemental` only on channels that take them (their definition's `updates`):
 * Klarna, OpenAI's flat feed and the others take full feeds only, a mapping error (exit 2) with
 * the setting's position.
 */
export function checkUpdates(
  loaded: LoadedYaml,
  choices: ReadonlyArray<{ entry: string; channel: string; settings: ChannelSettings }>,
  channels: Readonly<Record<string, Channel>> = {},
): void {
  const errors: FeedkitError[] = [];
  const takers = (kind: 'delta' | 'supplemental') =>
    builtinChannelNames()
      .filter((name) => loadChannel(name).definition.updates?.[kind] !== undefined)
      .join(', ');
  const seen = new Set<string>();
  for (const choice of choices) {
    if (seen.has(choice.entry)) continue;
    seen.add(choice.entry);
    const updates = (channels[choice.channel] ?? loadChannel(choice.channel)).definition.updates;
    for (const kind of ['delta', 'supplemental'] as const) {
      const set =
        kind === 'delta' ? choice.settings.delta === true : choice.settings.supplemental !== undefined;
      if (!set || (kind === 'delta' ? updates?.delta !== undefined : updates?.supplemental === true))
        continue;
      errors.push(
        new FeedkitError(
          'mapping-invalid',
          `channel "${choice.entry}" takes full feeds only: it has no ${kind === 'delta' ? 'delta' : 'supplemental'} form`,
          {
            file: loaded.path,
            ...loaded.positionOf(['channels', choice.entry, kind], 'key'),
            expected: `${kind} on a channel that takes it (${takers(kind)})`,
          },
        ),
      );
    }
  }
  for (const choice of choices.filter((c, i) => choices.findIndex((d) => d.entry === c.entry) === i)) {
    const { definition } = channels[choice.channel] ?? loadChannel(choice.channel);
    const known = new Set(definition.fields.map((f) => f.from as string));
    for (const [i, field] of (choice.settings.supplemental ?? []).entries())
      if (!known.has(field))
        errors.push(
          new FeedkitError('mapping-invalid', `channel "${choice.entry}" has no field from ${field}`, {
            file: loaded.path,
            ...loaded.positionOf(['channels', choice.entry, 'supplemental', i]),
            expected: `canonical fields the channel writes: ${[...known].join(', ')}`,
          }),
        );
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new FeedkitErrors(errors);
}
