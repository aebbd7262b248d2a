import type { ChangeSample, ChannelChanges, RejectedSample } from '../report/changes.js';
import { SAMPLES_PER_FIELD } from '../report/changes.js';
import { LineCursor } from './line-reader.js';
import { SNAPSHOT_MAGIC, unescapeCell, VALUE_FIELDS } from './snapshot-line.js';

import type { SortedLines } from './sorter.js';
import { type TextFile, textFile } from './text-file.js';

const idOf = (line: string) => {
  const tab = line.indexOf('\t');
  return tab < 0 ? line : line.slice(0, tab);
};

/** What {@link writeAndCompare} needs. */
export interface CompareInputs {
  /** This run's snapshot lines, sorted. */
  current: SortedLines;
  /** This run's rejected items' lines (`rejectedLine` in snapshot-line.ts), sorted. */
  rejected: SortedLines;
  /** The header line of this run's snapshot (the column names). */
  columns: string;
  /** Where this run's snapshot goes. */
  target: string;
  /** The earlier snapshot's file; undefined or missing: nothing to compare with. */
  previous: string | undefined;
  /** What the report says it compared with. */
  against: string;
  /** Shares of the earlier price a fall is counted beyond, besides 0.1, 0.5 and 0.9 (a rule's `by`). */
  falls?: readonly number[];
  /**
   * Where to write the change list a delta output is made from, in id order: `A\t<id>` added,
   * `C\t<id>\t<column>…` changed (the snapshot columns that differ), `R\t<id>\t<title>`
   * removed (ids and values escaped as in the snapshot). Only with an earlier snapshot.
   */
  changeList?: string;
}

/**
 * Write this run's snapshot (its sorted lines, less the items rejected after they were
 * accepted) and, in the same pass, compare it with the earlier snapshot as a merge-join on
 * the id: both are sorted, so memory stays flat however many items a channel has. Returns the
 * changes, or undefined when there is no earlier snapshot.
 */
export async function writeAndCompare(inputs: CompareInputs): Promise<ChannelChanges | undefined> {
  const { current, rejected } = inputs;
  const out = textFile(inputs.target, 1 << 20);
  out.write(`${SNAPSHOT_MAGIC}\n${inputs.columns}\n`);
  const before = inputs.previous === undefined ? undefined : await LineCursor.open(inputs.previous);
  let diff: Differ | undefined;
  let list: TextFile | undefined;
  if (before !== undefined && before.head === SNAPSHOT_MAGIC) {
    await before.next();
    diff = new Differ(
      (before.head ?? '').split('\t'),
      inputs.columns.split('\t'),
      inputs.against,
      inputs.falls,
    );
    await before.next();
    if (inputs.changeList !== undefined) list = textFile(inputs.changeList);
  }
  // The rejected lines of one id (asked in rising order): dropped after it was accepted, and why.
  let rejectedId: string | undefined;
  let rejection = undefined as { late: boolean; reason: string } | undefined;
  const rejectionOf = async (id: string) => {
    if (rejectedId === id) return rejection;
    rejectedId = id;
    let found: { late: boolean; reason: string } | undefined;
    while (rejected.head !== undefined && idOf(rejected.head) < id) await rejected.next();
    while (rejected.head !== undefined && idOf(rejected.head) === id) {
      const [, flag, why] = rejected.head.split('\t');
      found = { late: flag === 'L' || found?.late === true, reason: found?.reason ?? why ?? '' };
      await rejected.next();
    }
    rejection = found;
    return found;
  };
  // Whether `id` may have rejected lines: only then is the (awaiting) lookup needed.
  const mayReject = (id: string) =>
    rejectedId === id ? rejection !== undefined : rejected.head !== undefined && idOf(rejected.head) <= id;
  let wait: Promise<void> | void | undefined;
  for (;;) {
    const line = current.head;
    const old = diff === undefined ? undefined : before?.head;
    if (line === undefined && old === undefined) break;
    const id = line === undefined ? undefined : idOf(line);
    const oldId = old === undefined ? undefined : idOf(old);
    if (oldId !== undefined && (id === undefined || oldId < id)) {
      (diff as Differ).remove(oldId, mayReject(oldId) ? (await rejectionOf(oldId))?.reason : undefined);
      if (list !== undefined) await list.write(`R\t${oldId}\t${(old as string).split('\t', 5)[4] ?? ''}\n`);
      wait = (before as LineCursor).next();
      if (wait !== undefined) await wait;
      continue;
    }
    // A product rejected once its members were accepted leaves the feed, so the snapshot too.
    if (mayReject(id as string) && (await rejectionOf(id as string))?.late === true) {
      wait = current.next();
      if (wait !== undefined) await wait;
      continue;
    }
    if (diff !== undefined) {
      if (oldId === id) {
        const changed = diff.compare(old as string, line as string);
        if (changed.length > 0 && list !== undefined) await list.write(`C\t${id}\t${changed.join('\t')}\n`);
        wait = (before as LineCursor).next();
        if (wait !== undefined) await wait;
      } else {
        diff.add(line as string);
        if (list !== undefined) await list.write(`A\t${id}\n`);
      }
    }
    wait = out.write(`${line as string}\n`);
    if (wait !== undefined) await wait;
    wait = current.next();
    if (wait !== undefined) await wait;
  }
  await out.end();
  await list?.end();
  await before?.close();
  return diff?.finish();
}

/** Counts what differs between the earlier snapshot's lines and this run's, item by item. */
class Differ {
  readonly result: ChannelChanges;
  /** Per field name, its column in the earlier and in this run's lines (-1: not there). */
  private readonly columns: Array<{ name: string; escaped: string; before: number; after: number }>;
  private readonly priceAt: number;
  private readonly prices: Array<ChangeSample & { fall: number }> = [];

  /** The shares a move is counted beyond, and their keys in the report (`0.5` → `50`). */
  private readonly steps: Array<{ share: number; key: string }>;

  constructor(
    beforeColumns: string[],
    afterColumns: string[],
    against: string,
    falls: readonly number[] = [],
  ) {
    const shares = [...new Set([0.1, 0.5, 0.9, ...falls])].sort((a, b) => a - b);
    this.steps = shares.map((share) => ({ share, key: String(Math.round(share * 1000) / 10) }));
    const names = [...new Set([...afterColumns.slice(1), ...beforeColumns.slice(1)])];
    this.columns = names.map((name) => ({
      name: unescapeCell(name),
      escaped: name,
      before: beforeColumns.indexOf(name),
      after: afterColumns.indexOf(name),
    }));
    this.priceAt = this.columns.findIndex((c) => c.name === 'price');
    this.result = {
      against,
      before: 0,
      after: 0,
      added: 0,
      removed: 0,
      changed: 0,
      unchanged: 0,
      fields: {},
      price: {
        fell: Object.fromEntries(this.steps.map(({ key }) => [key, 0])),
        rose: { '10': 0, '50': 0, '90': 0 },
      },
      rejected: { count: 0, samples: [] },
      added_samples: [],
      removed_samples: [],
      samples: [],
    };
  }

  add(line: string): void {
    this.result.after++;
    this.result.added++;
    if (this.result.added_samples.length < SAMPLES_PER_FIELD)
      this.result.added_samples.push(unescapeCell(idOf(line)));
  }

  remove(id: string, reason: string | undefined): void {
    this.result.before++;
    this.result.removed++;
    if (this.result.removed_samples.length < SAMPLES_PER_FIELD)
      this.result.removed_samples.push(unescapeCell(id));
    if (reason === undefined) return;
    this.result.rejected.count++;
    const samples: RejectedSample[] = this.result.rejected.samples;
    if (samples.length < SAMPLES_PER_FIELD) samples.push({ id: unescapeCell(id), reason });
  }

  /** Count one item in both; returns the (escaped) columns whose values differ. */
  compare(oldLine: string, line: string): string[] {
    this.result.before++;
    this.result.after++;
    if (oldLine === line) {
      this.result.unchanged++;
      return [];
    }
    const was = oldLine.split('\t');
    const now = line.split('\t');
    const id = unescapeCell(now[0] as string);
    const changed: string[] = [];
    for (const [i, column] of this.columns.entries()) {
      const a = column.before < 0 ? '' : (was[column.before] ?? '');
      const b = column.after < 0 ? '' : (now[column.after] ?? '');
      if (a === b) continue;
      changed.push(column.escaped);
      const fields = this.result.fields;
      const count = (fields[column.name] ?? 0) + 1;
      fields[column.name] = count;
      const valued = (VALUE_FIELDS as readonly string[]).includes(column.name);
      const sample: ChangeSample = valued
        ? { id, field: column.name, before: unescapeCell(a), after: unescapeCell(b) }
        : { id, field: column.name };
      if (i === this.priceAt) this.price(sample, a, b);
      else if (count <= SAMPLES_PER_FIELD) this.result.samples.push(sample);
    }
    if (changed.length > 0) this.result.changed++;
    else this.result.unchanged++;
    return changed;
  }

  /** A price change: counted by how far it moved; the largest falls are kept as samples. */
  private price(sample: ChangeSample, before: string, after: string): void {
    const a = Number.parseFloat(before);
    const b = Number.parseFloat(after);
    let fall = Number.NEGATIVE_INFINITY;
    if (Number.isFinite(a) && Number.isFinite(b) && a > 0) {
      const move = (b - a) / a;
      const side = move < 0 ? this.result.price.fell : this.result.price.rose;
      const size = Math.abs(move);
      for (const { share, key } of this.steps)
        if (size > share && side[key] !== undefined) side[key] = (side[key] as number) + 1;
      fall = -move;
    }
    const prices = this.prices;
    if (prices.length === SAMPLES_PER_FIELD && fall <= (prices.at(-1) as { fall: number }).fall) return;
    prices.push({ ...sample, fall });
    prices.sort((x, y) => y.fall - x.fall);
    if (prices.length > SAMPLES_PER_FIELD) prices.pop();
  }

  /** The samples, price samples first (the largest falls), then the other fields' in id order. */
  finish(): ChannelChanges {
    const prices = this.prices.map(({ fall: _, ...sample }) => sample);
    this.result.samples = [...prices, ...this.result.samples];
    return this.result;
  }
}
