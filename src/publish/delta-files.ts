import { realpath, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type FeedFormat, type FeedItem, feedItems } from '../changes/feed-reader.js';
import { LineCursor } from '../changes/line-reader.js';
import { unescapeCell, VALUE_FIELDS } from '../changes/snapshot-line.js';
import { textFile } from '../changes/text-file.js';
import type { ChannelSettings } from '../config/mapping.js';
import type { CompiledChannel } from '../pipeline/process-batch.js';
import type { DeltaSummary } from '../report/changes.js';
import { batchRow, csvRow, removedVariant, supplementalRow, upsertLine } from '../sinks/delta.js';

/**
 * A channel's delta output, written into the run's generation beside its feed (published with
 * it, or removed with it): the change list of the comparison says which items were added,
 * changed (and which fields) or removed; the values come from a second pass over the feed just
 * written, so only the change list is held in memory, never the feed.
 */

/** What a run's change list says, by id (unescaped). */
interface ChangeList {
  added: Set<string>;
  /** Per changed item, the channel fields that changed. */
  changed: Map<string, string[]>;
  /** Removed items with their title in the earlier snapshot. */
  removed: Array<{ id: string; title: string }>;
}

/** One channel whose delta or supplemental file this run writes. */
export interface UpdateChannel {
  compiled: CompiledChannel;
  settings: ChannelSettings;
  /** The feed's files in the generation. */
  feed: readonly string[];
  /** The generation. */
  gen: string;
  /** The change list of its comparison (missing: nothing was compared, no delta). */
  changeList: string | undefined;
  /** The folder whose feed the comparison was against (the output folder, or a `--baseline`). */
  against: string;
}

/** A file's name with `.<kind>` before its first extension, and the extension given. */
const besideName = (file: string, kind: string, extension: string) =>
  `${file.replace(/\..*$/, '')}.${kind}.${extension}`;

/** The update file `<feed>.<kind>.<extension>` opened in the generation; `name` is its path in the output folder. */
function openBeside(channel: UpdateChannel, kind: string, extension: string) {
  const { output } = channel.compiled;
  const name = join(output.folder ?? '', besideName(output.file, kind, extension));
  return { name, out: textFile(join(channel.gen, name), 1 << 20) };
}

/** Whether `file` is a delta or supplemental file beside the feed file `feed` (`google.delta.tsv`). */
export function isUpdateFile(file: string, feed: string): boolean {
  const stem = feed.replace(/\..*$/, '');
  return ['delta', 'supplemental'].some(
    (kind) => file === `${stem}.${kind}.tsv` || file === `${stem}.${kind}.csv`,
  );
}

/** An item's value as a delimited cell: a list joined as the feed joins it. */
function cell(value: unknown, join: string): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(join);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The format the feed-reader reads a channel's files in (acp's products as they are). */
function readFormat(compiled: CompiledChannel): FeedFormat {
  const format = compiled.output.format;
  return format === 'acp' ? 'jsonl' : (format as FeedFormat);
}

async function* itemsOf(channel: UpdateChannel): AsyncGenerator<FeedItem[]> {
  for (const file of channel.feed)
    yield* feedItems(file, readFormat(channel.compiled), channel.compiled.channel.definition);
}

/** Read a change list, its snapshot columns named by the channel's fields. */
async function readChangeList(path: string, compiled: CompiledChannel): Promise<ChangeList | undefined> {
  // No file: nothing was compared (a first run). An empty one: nothing changed.
  if ((await stat(path).catch(() => undefined)) === undefined) return undefined;
  const cursor = await LineCursor.open(path);
  const layout = compiled.snapshot;
  const fieldOf = (column: string) => {
    const name = unescapeCell(column);
    const at = (VALUE_FIELDS as readonly string[]).indexOf(name);
    return at < 0 ? name : (layout.values[at] ?? name);
  };
  const list: ChangeList = { added: new Set(), changed: new Map(), removed: [] };
  for (; cursor.head !== undefined; await cursor.next()) {
    const [kind, id = '', ...rest] = cursor.head.split('\t');
    if (kind === 'A') list.added.add(unescapeCell(id));
    else if (kind === 'C') list.changed.set(unescapeCell(id), rest.map(fieldOf));
    else if (kind === 'R') list.removed.push({ id: unescapeCell(id), title: unescapeCell(rest[0] ?? '') });
  }
  return list;
}

/**
 * Write a channel's delta file into the generation, in its update form; undefined when the
 * run compared with nothing. The change list is removed either way.
 */
export async function writeDelta(channel: UpdateChannel): Promise<DeltaSummary | undefined> {
  const { compiled, changeList } = channel;
  if (changeList === undefined) return undefined;
  try {
    const list = await readChangeList(changeList, compiled);
    if (list === undefined) return undefined;
    const form = compiled.channel.definition.updates?.delta;
    if (form === 'supplemental') return await supplementalDelta(channel, list);
    if (form === 'batch') return await batchDelta(channel, list);
    if (form === 'upsert') return await upsertDelta(channel, list);
    return undefined;
  } finally {
    await rm(changeList, { force: true });
  }
}

/** Google: id and the attributes that changed, for the items that changed (a supplemental feed adds and removes nothing). */
async function supplementalDelta(channel: UpdateChannel, list: ChangeList): Promise<DeltaSummary> {
  const { compiled } = channel;
  const changedFields = new Set([...list.changed.values()].flat());
  const columns = compiled.fields
    .map((f) => f.field)
    .filter((f) => f.name === compiled.key || changedFields.has(f.name));
  const { name, out } = openBeside(channel, 'delta', 'tsv');
  await out.write(supplementalRow(columns.map((f) => f.name)));
  let changed = 0;
  // Nothing changed: the header alone, without reading the feed again.
  if (list.changed.size > 0)
    for await (const items of itemsOf(channel))
      for (const item of items) {
        if (!list.changed.has(String(item[compiled.key]))) continue;
        changed++;
        await out.write(supplementalRow(columns.map((f) => cell(item[f.name], f.join ?? ','))));
      }
  await out.end();
  return { file: name, added: 0, changed, removed: 0 };
}

/** Meta: CREATE and UPDATE rows with the whole item, in feed order, then DELETE rows with the id. */
async function batchDelta(channel: UpdateChannel, list: ChangeList): Promise<DeltaSummary> {
  const { compiled } = channel;
  const columns = compiled.fields.map((f) => f.field);
  const { name, out } = openBeside(channel, 'delta', 'csv');
  await out.write(
    batchRow(
      'method',
      columns.map((f) => f.name),
    ),
  );
  const counts: DeltaSummary = {
    file: name,
    added: 0,
    changed: 0,
    removed: list.removed.length,
  };
  if (list.added.size + list.changed.size > 0)
    for await (const items of itemsOf(channel))
      for (const item of items) {
        const id = String(item[compiled.key]);
        const method = list.added.has(id) ? 'CREATE' : list.changed.has(id) ? 'UPDATE' : undefined;
        if (method === undefined) continue;
        if (method === 'CREATE') counts.added++;
        else counts.changed++;
        await out.write(
          batchRow(
            method,
            columns.map((f) => cell(item[f.name], f.join ?? ',')),
          ),
        );
      }
  for (const { id } of list.removed)
    await out.write(
      batchRow(
        'DELETE',
        columns.map((f) => (f.name === compiled.key ? id : '')),
      ),
    );
  await out.end();
  return counts;
}

type Product = Record<string, unknown> & { id?: unknown; title?: unknown; variants?: unknown };
const variantsOf = (product: Product) =>
  Array.isArray(product.variants) ? (product.variants as Array<Record<string, unknown>>) : [];

/**
 * acp: every product with an added or changed variant, or one that lost a variant, whole (an
 * upsert replaces the product); removed variants are sent marked unavailable (`discontinued`),
 * with their product when the earlier feed tells it, else as a product of their own.
 */
async function upsertDelta(channel: UpdateChannel, list: ChangeList): Promise<DeltaSummary> {
  const { compiled } = channel;
  const removedIds = new Map(list.removed.map((r) => [r.id, r.title]));
  // The earlier feed tells each removed variant's product (read only for the removed ids).
  const lost = new Map<string, { title: unknown; variants: Array<Record<string, unknown>> }>();
  const earlier = await realpath(
    join(channel.against, compiled.output.folder ?? '', compiled.output.file),
  ).catch(() => undefined);
  const placed = new Set<string>();
  if (earlier !== undefined && removedIds.size > 0)
    for await (const products of feedItems(earlier, 'jsonl', compiled.channel.definition))
      for (const product of products as Product[])
        for (const variant of variantsOf(product)) {
          const id = String(variant.id);
          const title = removedIds.get(id);
          if (title === undefined) continue;
          const key = String(product.id);
          const entry = lost.get(key) ?? { title: product.title, variants: [] };
          entry.variants.push(removedVariant(id, title));
          lost.set(key, entry);
          placed.add(id);
        }
  for (const { id, title } of list.removed)
    if (!placed.has(id)) lost.set(id, { title, variants: [removedVariant(id, title)] });
  const { name, out } = openBeside(channel, 'delta', 'jsonl');
  const counts: DeltaSummary = {
    file: name,
    added: list.added.size,
    changed: list.changed.size,
    removed: list.removed.length,
  };
  for await (const products of itemsOf(channel))
    for (const product of products as Product[]) {
      const key = String(product.id);
      const gone = lost.get(key);
      const touched = variantsOf(product).some(
        (v) => list.added.has(String(v.id)) || list.changed.has(String(v.id)),
      );
      if (!touched && gone === undefined) continue;
      lost.delete(key);
      await out.write(
        upsertLine(
          gone === undefined ? product : { ...product, variants: [...variantsOf(product), ...gone.variants] },
        ),
      );
    }
  for (const [id, { title, variants }] of lost)
    await out.write(upsertLine({ id, ...(typeof title === 'string' ? { title } : {}), variants }));
  await out.end();
  return counts;
}

/**
 * The update files of the channels this run publishes, into the generation: each channel's
 * delta (`delta: true`), noted in its change report. Every change list is removed, a refused
 * channel's too (its feed is not this run's, so neither may its delta be).
 */
export async function writeUpdateFiles(
  channels: readonly UpdateChannel[],
  publishing: ReadonlySet<string>,
  changes: Record<string, { delta?: DeltaSummary }> | undefined,
): Promise<void> {
  for (const channel of channels) {
    const name = channel.compiled.name;
    if (!publishing.has(name)) {
      if (channel.changeList !== undefined) await rm(channel.changeList, { force: true });
      continue;
    }
    if (channel.settings.delta === true) {
      const delta = await writeDelta(channel);
      const entry = changes?.[name];
      if (delta !== undefined && entry !== undefined) entry.delta = delta;
    }
    if (channel.settings.supplemental !== undefined) await writeSupplemental(channel);
  }
}

/**
 * A supplemental feed of the channel's fields from the `supplemental` canonical fields (and
 * the id) for every accepted item, in feed order, in the feed's delimited format (TSV for an
 * XML feed): `google.supplemental.tsv`, the inventory job between full feeds. Returns its name.
 */
export async function writeSupplemental(channel: UpdateChannel): Promise<string> {
  const { compiled } = channel;
  const wanted = new Set<string>(channel.settings.supplemental ?? []);
  const columns = compiled.fields
    .map((f) => f.field)
    .filter((f) => f.name === compiled.key || wanted.has(f.from));
  const csv = compiled.output.format === 'csv';
  const row = csv ? csvRow : supplementalRow;
  const { name, out } = openBeside(channel, 'supplemental', csv ? 'csv' : 'tsv');
  await out.write(row(columns.map((f) => f.name)));
  for await (const items of itemsOf(channel))
    for (const item of items) await out.write(row(columns.map((f) => cell(item[f.name], f.join ?? ','))));
  await out.end();
  return name;
}
