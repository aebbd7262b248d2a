import { lstat, stat } from 'node:fs/promises';
import { basename, normalize, resolve, sep } from 'node:path';
import type { ChannelOutput } from '../channels/definition.js';
import type { LoadedYaml } from '../config/load.js';
import { FeedkitError, FeedkitErrors } from '../model/errors.js';
import { shardName } from './feed-writer.js';
import { FEEDKIT_DIR, STATE_NAME } from './generations.js';

/** Names in the output folder that are feedkit's own: a channel's file must not take them. */
const RESERVED = /^(rejects\.csv|report\..+|state\.json)$/i;

/** A channel's output as the collision check sees it. */
export interface NamedOutput {
  /** The channel's name in the report (`google`, `google-se`). */
  name: string;
  /** Its key in the mapping (`channels.<entry>`); default: `name`. */
  entry?: string;
  /** The country of a country's feed (`channels.<entry>.countries.<code>`). */
  country?: { code: string };
  /** Its output: the file name and, when split, the shard size. */
  output: ChannelOutput;
}

/**
 * Refuse outputs that would overwrite each other or feedkit's own files, with the position of
 * the mapping's `output` (else the channel's entry): two channels naming the same file (or one
 * another's shard), a file named like a report or the state, a name with `/`, `\` or `..`, or
 * one starting with a dot (feedkit's own files and temporary files do).
 */
export function checkOutputs(loaded: LoadedYaml, outputs: readonly NamedOutput[]): void {
  const errors: FeedkitError[] = [];
  const where = ({ name, entry, country }: NamedOutput) => {
    const channels = (loaded.value as { channels?: unknown } | undefined)?.channels;
    const base =
      country === undefined
        ? ['channels', entry ?? name]
        : ['channels', entry ?? name, 'countries', country.code];
    let setting: unknown = channels;
    for (const key of base.slice(1)) setting = (setting as Record<string, unknown> | null | undefined)?.[key];
    const output =
      setting !== null && typeof setting === 'object' && !Array.isArray(setting)
        ? (setting as { output?: unknown }).output
        : undefined;
    const path = output !== undefined ? [...base, 'output'] : base;
    return { file: loaded.path, ...loaded.positionOf(path, output !== undefined ? 'value' : 'key') };
  };
  const placed: NamedOutput[] = [];
  for (const named of outputs) {
    const { name, output } = named;
    const file = output.file;
    if (file.includes('/') || file.includes('\\') || file === '..' || file === '.' || file.startsWith('.')) {
      errors.push(
        new FeedkitError(
          'output-collision',
          `channel "${name}" writes "${file}": an output is a plain file name inside --out`,
          { ...where(named), expected: 'a name without /, \\ or .., not starting with a dot', found: file },
        ),
      );
      continue;
    }
    if (RESERVED.test(file) || file === STATE_NAME || file === FEEDKIT_DIR) {
      errors.push(
        new FeedkitError(
          'output-collision',
          `channel "${name}" writes "${file}", a name feedkit's own files use`,
          {
            ...where(named),
            expected: 'a name other than rejects.csv, state.json and report.*',
          },
        ),
      );
      continue;
    }
    const other = placed.find((p) => collide(p.output, output));
    if (other !== undefined) {
      errors.push(
        new FeedkitError(
          'output-collision',
          `channels "${other.name}" and "${name}" both write ${file === other.output.file ? `"${file}"` : `"${file}" and "${other.output.file}" (its shards)`}: one feed would overwrite the other`,
          { ...where(named), expected: 'a file name of its own per channel' },
        ),
      );
      continue;
    }
    placed.push({ name, output });
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new FeedkitErrors(errors);
}

/** True when two outputs write a same file name (case aside: some file systems ignore it). */
function collide(a: ChannelOutput, b: ChannelOutput): boolean {
  const names = (o: ChannelOutput) =>
    o.shard === undefined
      ? [`${o.folder === undefined ? '' : `${o.folder}/`}${o.file}`.toLowerCase()]
      : [shardPattern(o.file)];
  for (const x of names(a)) {
    for (const y of names(b)) {
      if (typeof x === 'string' && typeof y === 'string' ? x === y : matches(x, y)) return true;
    }
  }
  return false;
}

/** The names a sharded feed writes: `openai-0001.jsonl.gz`, `openai-0002.jsonl.gz`, … */
function shardPattern(file: string): RegExp {
  const first = basename(shardName(file, 1));
  const at = first.indexOf('-0001');
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${literal(first.slice(0, at))}-\\d{4,}${literal(first.slice(at + 5))}$`, 'i');
}

function matches(x: string | RegExp, y: string | RegExp): boolean {
  if (typeof x === 'string') return (y as RegExp).test(x);
  if (typeof y === 'string') return x.test(y);
  return x.source.toLowerCase() === y.source.toLowerCase();
}

/**
 * `--out` must be a folder of its own: not a file, not `.` or `..` (the folder the user works
 * in, whose files feedkit would take over), not inside a `.feedkit` folder. A usage error
 * (exit 2) naming the path.
 */
export async function checkOutDir(out: string): Promise<void> {
  const given = normalize(out);
  const parts = resolve(out).split(sep);
  if (given.split(sep).every((part) => part === '.' || part === '..' || part === '')) {
    throw new FeedkitError('usage', `--out ${out} is the working folder or one above it`, {
      file: out,
      expected: 'a folder of its own for the feeds, e.g. --out out',
    });
  }
  if (parts.includes(FEEDKIT_DIR)) {
    throw new FeedkitError(
      'usage',
      `--out ${out} is inside a ${FEEDKIT_DIR} folder, which is feedkit's own`,
      {
        file: out,
        expected: 'the output folder itself, not a folder inside it',
      },
    );
  }
  const info = await stat(out).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) {
    throw new FeedkitError('usage', `--out ${out} is a file, not a folder`, {
      file: out,
      expected: 'a folder (created if missing)',
    });
  }
  if (info === undefined) {
    // A link whose target is gone is no folder to create either.
    const link = await lstat(out).catch(() => undefined);
    if (link?.isSymbolicLink()) {
      throw new FeedkitError('usage', `--out ${out} is a link to a folder that does not exist`, {
        file: out,
        expected: 'a folder (created if missing)',
      });
    }
  }
}
