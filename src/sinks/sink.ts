import type { ChannelOutput } from '../channels/definition.js';
import type { ProjectedField } from '../channels/project.js';
import type { ChannelItem } from '../channels/validate.js';

/**
 * An output format: how a channel's items become bytes. Pure string functions, so a
 * worker thread can serialize its batch and the main thread only writes bytes.
 */
export interface SinkDef {
  /** Name used in channel definitions (`output.format`). */
  name: string;
  /** One line for `feedkit channels` and the README. */
  summary: string;
  /** Text before the first item of each file (a header row, an XML prolog); may be empty. */
  header(fields: readonly ProjectedField[], options: SinkOptions): string;
  /** Compile the per-item serializer once for a channel's fields. */
  compile(fields: readonly ProjectedField[], options: SinkOptions): ItemSerializer;
  /** Text after the last item of each file; may be empty. */
  footer(fields: readonly ProjectedField[], options: SinkOptions): string;
  /**
   * Files the format writes beside the feed, by name, with their text (acp's `metadata.json`);
   * `now` is the run's time in milliseconds.
   */
  besides?(options: SinkOptions, now: number): Record<string, string>;
  /** Examples; run by test/registries.test.ts. */
  examples: SinkExample[];
}

/**
 * One item written as a whole file by a sink: the item's fields in order, with the feed title
 * `Example`, and the file's text (header, the item, footer).
 */
export interface SinkExample {
  /** The item; its keys are the fields, in output order. */
  item: Record<string, string | string[]>;
  /** The whole file's text. */
  output: string;
}

/** Turns one item into its text in the feed. */
export interface ItemSerializer {
  (item: ChannelItem): string;
  /**
   * Outputs that qualify every field (`quote: qualified`): which quotes the last item's values
   * hold, so the run can pick the file's qualifier. Updated by every call.
   */
  quotes?: QuoteTally;
}

/** The quotes in the values of the last serialized item. */
export interface QuoteTally {
  /** A value holds `"`. */
  double: boolean;
  /** A value holds `'`. */
  single: boolean;
  /** The first field whose value holds `"`, and that value. */
  field: string;
  value: string;
}

/** What a sink knows about the feed it writes. Plain data (it travels to worker threads). */
export interface SinkOptions {
  /** The channel output being written. */
  output: ChannelOutput;
  /** About the feed as a whole, for formats that carry it (RSS's channel title, link, description). */
  feed: FeedInfo;
}

/** About a feed as a whole. */
export interface FeedInfo {
  /** Title of the feed (default: the channel's title). */
  title: string;
  /** The shop's home page. */
  link?: string;
  /** One sentence about the feed. */
  description?: string;
  /** The feed's stable id (acp's `metadata.json`). */
  id?: string;
  /** The feed's market, ISO 3166-1 alpha-2 (acp's `metadata.json`). */
  country?: string;
}
