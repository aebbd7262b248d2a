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
  /** Text before the first item (a header row, an XML prolog); may be empty. */
  header(fields: readonly ProjectedField[]): string;
  /** Compile the per-item serializer once for a channel's fields. */
  compile(fields: readonly ProjectedField[]): (item: ChannelItem) => string;
  /** Text after the last item; may be empty. */
  footer(fields: readonly ProjectedField[]): string;
}
