import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { checkChannelSchema } from '../channels/check-schema.js';
import { builtinChannelNames, type Channel, chooseOutput, loadChannel } from '../channels/definition.js';
import type { LoadedYaml } from '../config/load.js';
import { loadYamlFile } from '../config/load-file.js';
import type { ChannelSettings, MappingFile } from '../config/mapping.js';
import { checkMappingStructure } from '../mapping/check-structure.js';
import { type CountryChoice, channelCountries } from '../mapping/countries.js';
import { FeedkitError, suggest } from '../model/errors.js';
import { checkOutDir, checkOutputs } from '../publish/outputs.js';
import { type BaselineSnapshots, baselineSnapshots } from '../publish/snapshots.js';
import type { Report } from '../report/report.js';
import { checkSource } from '../sources/index.js';
import { type Bundle, loadBundle } from './bundle.js';
import { checkUpdates } from './check-updates.js';
import type { ChannelSpec } from './job.js';
import type { ConvertOptions } from './options.js';

/** What a run will do, decided before any input is read: step 1 of {@link convert}. */
export interface RunPlan {
  loaded: LoadedYaml;
  mapping: MappingFile;
  /** The channels as chosen, in output order. */
  channelList: ChannelChoice[];
  /** The job's view of them. */
  specs: ChannelSpec[];
  /** The mapping and everything it names, loaded once (the load phase). */
  bundle: Bundle;
  /** The output folder. */
  out: string;
  /** The earlier report to compare with, when `baseline` is a report or a folder holding one. */
  baseline?: Report;
  /** The snapshots to compare with instead of the published ones, when `baseline` is a folder. */
  baselineSnapshots?: BaselineSnapshots;
}

/**
 * Load and check the mapping, choose the channels and their outputs, check the output folder
 * and read the baseline: every usage problem shows before anything is read or written.
 */
export async function planRun(options: ConvertOptions): Promise<RunPlan> {
  if (options.gaps !== undefined && options.readiness === false)
    throw new FeedkitError('usage', '--gaps needs the readiness score: leave out --no-readiness');
  if (options.gapsBelow !== undefined && options.gaps === undefined)
    throw new FeedkitError('usage', '--gaps-below needs --gaps <file>');
  const { loaded, mapping } = await loadMapping(options.mapping);
  const channelList = resolveChannels(mapping, options.channels, options.mapping);
  const out = options.out ?? 'out';
  checkSource(loaded);
  const channels: Record<string, Channel> = {};
  const specs = channelSpecs(channelList, channels, mapping);
  checkOutputs(loaded, specs);
  checkUpdates(loaded, channelList, channels);
  await checkOutDir(out);
  const given = options.baseline;
  const folder = given !== undefined && (await stat(given).catch(() => undefined))?.isDirectory() === true;
  const snapshots = folder
    ? await baselineSnapshots(
        given,
        channelList.map((c) => c.name),
      )
    : undefined;
  // A folder's report.json, when it has one, compares the totals as a report given alone does.
  const reportPath = folder ? join(given, 'report.json') : given;
  const baseline =
    reportPath === undefined || (folder && (await stat(reportPath).catch(() => undefined)) === undefined)
      ? undefined
      : await readBaseline(reportPath);
  const bundle = loadBundle(
    loaded,
    specs.map((spec) => spec.channel),
    channels,
    options.readiness !== false,
  );
  return {
    loaded,
    mapping,
    channelList,
    specs,
    bundle,
    out,
    ...(baseline !== undefined ? { baseline } : {}),
    ...(snapshots !== undefined ? { baselineSnapshots: snapshots } : {}),
  };
}

/** Read the mapping and check its structure (exit 2 on problems). */
export async function loadMapping(path: string): Promise<{ loaded: LoadedYaml; mapping: MappingFile }> {
  const loaded = await loadYamlFile(path);
  const mapping = checkMappingStructure(loaded);
  return { loaded, mapping };
}

/** A channel a run writes, as the mapping and the command line ask for it. */
export interface ChannelChoice {
  /** Name in the report and on the command line (`google`, or `google-se` for a country's feed). */
  name: string;
  /** Bundled channel name, or the path of the user's own `.channel.yaml`. */
  channel: string;
  /** The mapping's settings for it (a country's merged over its channel's). */
  settings: ChannelSettings;
  /** The channel's key in the mapping's `channels` (where its settings and overrides are). */
  entry: string;
  /** The country this feed is for, when the entry lists `countries`. */
  country?: CountryChoice;
}

/** Channels to write, from the options or the mapping (default: google). */
export function resolveChannels(
  mapping: MappingFile,
  requested: string[] | undefined,
  mappingPath: string,
): ChannelChoice[] {
  const entries: ChannelChoice[] = Array.isArray(mapping.channels)
    ? mapping.channels.map((name) => ({ name, channel: name, settings: {}, entry: name }))
    : Object.entries(mapping.channels ?? {}).map(([name, settings]) => ({
        name,
        // A user-defined channel's files live beside the mapping that names them.
        channel:
          settings?.definition !== undefined ? resolve(dirname(mappingPath), settings.definition) : name,
        settings: settings ?? {},
        entry: name,
      }));
  const fromMapping = entries.flatMap(perCountry);
  const chosen =
    requested && requested.length > 0
      ? requested.flatMap((name) => {
          const entry = fromMapping.filter((c) => c.entry === name);
          if (entry.length > 0) return entry;
          const one = fromMapping.find((c) => c.name === name);
          if (one !== undefined) return [one];
          return [
            {
              name: name.endsWith('.yaml') ? basename(name, '.yaml').replace(/\.channel$/, '') : name,
              channel: name,
              settings: {},
              entry: name,
            },
          ];
        })
      : fromMapping.length > 0
        ? fromMapping
        : [{ name: 'google', channel: 'google', settings: {}, entry: 'google' }];
  const known = builtinChannelNames();
  for (const { channel } of chosen) {
    if (!channel.endsWith('.yaml') && !known.includes(channel)) {
      throw new FeedkitError(
        'unknown-channel',
        `unknown channel "${channel}"; channels: ${known.join(', ')}`,
        {
          suggestion: suggest(channel, known),
        },
      );
    }
  }
  return chosen;
}

/**
 * A channel entry with `countries` is one feed per country, named `<entry>-<country>`, each
 * with the country's settings over the entry's; an entry without is itself.
 */
function perCountry(choice: ChannelChoice): ChannelChoice[] {
  const countries = channelCountries(choice.settings);
  if (countries.length === 0) return [choice];
  const { countries: _all, ...shared } = choice.settings;
  return countries.map(({ settings, ...country }) => {
    const code = country.code.toLowerCase();
    const template = shared.output;
    const output =
      settings.output ??
      (template === undefined
        ? undefined
        : /\{(country|language)\}/.test(template)
          ? template.replaceAll('{country}', code).replaceAll('{language}', country.language ?? code)
          : withCountry(template, code));
    return {
      ...choice,
      name: `${choice.name}-${code}`,
      settings: {
        ...shared,
        ...(output !== undefined ? { output } : {}),
        ...(settings.title !== undefined ? { title: settings.title } : {}),
        ...(settings.link !== undefined ? { link: settings.link } : {}),
      },
      country,
    };
  });
}

/** `google.tsv` → `google-se.tsv`: the country before the first extension. */
function withCountry(file: string, code: string): string {
  return file.replace(/^([^.]*)/, `$1-${code}`);
}

/**
 * The job's view of the chosen channels: each with the output this run writes. Each channel
 * loaded is put in `loaded` (by name or path), when given, for the run's bundle.
 */
export function channelSpecs(
  choices: readonly ChannelChoice[],
  loaded: Record<string, Channel> = {},
  mapping?: MappingFile,
): ChannelSpec[] {
  return choices.map(({ name, channel, settings, entry, country }) => {
    loaded[channel] ??= loadChannel(channel);
    const { definition, file } = loaded[channel];
    // Bundled schemas are tested; a user's own is compiled strictly here, with positions.
    if (channel.endsWith('.yaml')) checkChannelSchema(resolve(dirname(file), definition.schema));
    const chosen = chooseOutput(definition, settings);
    return {
      name,
      entry,
      channel,
      ...(country !== undefined ? { country } : {}),
      // A country's feed without a name of its own: the channel's with -<country> before the extension.
      // A channel whose files are a folder (acp/) gets a folder per country (acp-dk/).
      output:
        country !== undefined && chosen.folder !== undefined
          ? { ...chosen, folder: `${chosen.folder}-${country.code.toLowerCase()}` }
          : country !== undefined && settings.output === undefined
            ? { ...chosen, file: withCountry(chosen.file, country.code.toLowerCase()) }
            : chosen,
      feed: {
        title: settings.title ?? definition.title,
        ...(settings.link !== undefined ? { link: settings.link } : {}),
        ...(settings.description !== undefined ? { description: settings.description } : {}),
        id: settings.feed_id ?? `feed_${name}`,
        ...feedCountry(
          settings.target_country ?? country?.code,
          settings.fields?.store_country ?? mapping?.fields.store_country,
        ),
      },
    };
  });
}

/** The feed's market: the setting, else a constant `store_country` of two letters. */
function feedCountry(setting: string | undefined, field: unknown): { country?: string } {
  if (setting !== undefined) return { country: setting };
  const value =
    typeof field === 'object' && field !== null ? (field as { value?: unknown }).value : undefined;
  return typeof value === 'string' && /^[A-Za-z]{2}$/.test(value) ? { country: value.toUpperCase() } : {};
}

/** An earlier report.json; unreadable is a usage error (exit 2), before anything is written. */
async function readBaseline(path: string): Promise<Report> {
  try {
    const report = JSON.parse(await readFile(path, 'utf8')) as Report;
    if (typeof report.channels !== 'object' || report.channels === null) throw new Error('no channels in it');
    return report;
  } catch (error) {
    throw new FeedkitError('usage', `cannot use ${path} as a baseline: ${(error as Error).message}`, {
      file: path,
      expected: 'a report.json of an earlier run, or an output folder of one',
    });
  }
}
