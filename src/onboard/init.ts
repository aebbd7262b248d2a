import { builtinChannelNames } from '../channels/definition.js';
import type { CanonicalField } from '../model/canonical.js';
import { FeedkitError } from '../model/errors.js';
import { decideMapping } from './decide.js';
import { writeMappingYaml } from './init-yaml.js';
import { type InputProfile, profileInput } from './profile.js';
import type { MappingProposal } from './proposal.js';

/** What `feedkit init` needs besides the input. */
export interface InitOptions {
  /** Channels the mapping writes (default `google`). */
  channels?: string[];
  /** Where the mapping will be written, for the comment that says how to run it. */
  output?: string;
}

/** A starter mapping and what went into it. */
export interface InitResult {
  /** The mapping, as YAML text with comments. */
  yaml: string;
  /** Canonical fields the mapping fills. */
  mapped: CanonicalField[];
  /** Fields the channels use that no column was found for (each has a comment in the YAML). */
  unmapped: CanonicalField[];
  /** Of `unmapped`, the fields a channel requires: its items are rejected until they are added. */
  missing: CanonicalField[];
  /** The profile the guesses were made from. */
  profile: InputProfile;
  /** The decisions the YAML was written from. */
  proposal: MappingProposal;
}

/**
 * Profile an input and write a starter mapping for it (see `decideMapping` for what is
 * decided, `writeMappingYaml` for how it is written). The mapping passes `feedkit check` and
 * converts the input as it is.
 */
export async function initMapping(input: string, options: InitOptions = {}): Promise<InitResult> {
  const known = builtinChannelNames();
  const channels = options.channels ?? ['google'];
  for (const channel of channels) {
    if (!known.includes(channel))
      throw new FeedkitError('unknown-channel', `unknown channel "${channel}"`, {
        expected: `one of ${known.join(', ')}`,
      });
  }
  const profile = await profileInput(input);
  const proposal = decideMapping(profile, channels);
  const open = proposal.fields.flatMap((f) => (f.status === 'open' ? [f] : []));
  return {
    yaml: writeMappingYaml(proposal, options.output),
    mapped: proposal.fields.filter((f) => f.status !== 'open').map((f) => f.field),
    unmapped: open.map((f) => f.field),
    missing: open.filter((f) => f.group === 'required').map((f) => f.field),
    profile,
    proposal,
  };
}
