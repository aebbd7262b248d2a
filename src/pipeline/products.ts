import { FeedkitError } from '../model/errors.js';
import type { RecordIssue } from '../model/issues.js';
import type { FeedWriter } from '../publish/feed-writer.js';
import { MEMBER_MARK, productLine } from '../sinks/acp.js';

/** A product on its way out: a whole line already, or a group still collecting its variants. */
interface Slot {
  /** The product's id (the group's). */
  id: string;
  /** The finished line (a product of one, or a group put together). */
  text?: string;
  /** A group: its first member's product head, each member's variant JSON and absolute line. */
  head?: string;
  variants: string[];
  lines: number[];
  /** The first product-level issues a member brought: the whole product is rejected. */
  issues?: RecordIssue[];
  /** The group's last line in the input (from the pre-pass); Infinity when unknown. */
  last: number;
  done: boolean;
  /** Characters held for it. */
  size: number;
}

/** A member rejected with its product, for the run's accounting and rejects.csv. */
export type ProductReject = (key: string, line: number, issues: RecordIssue[]) => void;

const decoder = new TextDecoder();

/**
 * Puts a nested channel's (acp) records together into products, in the main thread, in input
 * order: a record of its own is a product at once; the members of a group are held until the
 * group's last line (known from the pre-pass) has been merged, however far apart they are.
 * Products leave in the order of their first member. What waits is bounded by `limit`; passing
 * it is an error, never a product split in two.
 */
export class ProductGrouper {
  /** Products written. */
  products = 0;
  /** Variants written in them. */
  variants = 0;
  private readonly open = new Map<string, Slot>();
  private readonly queue: Slot[] = [];
  private head = 0;
  private held = 0;

  constructor(
    private readonly feed: FeedWriter,
    /** Per group id, the input line of its last record; undefined: every group waits to the end. */
    private readonly ends: ReadonlyMap<string, number> | undefined,
    /** Most characters held at once. */
    private readonly limit: number,
    private readonly onReject: ProductReject,
  ) {}

  /** Take items `from` to `to` of a batch (as {@link FeedWriter.append}), `lines` relative to `offset`. */
  async append(
    data: Uint8Array,
    ends: Uint32Array,
    from: number,
    to: number,
    lines: Uint32Array,
    offset: number,
  ): Promise<void> {
    let run = -1;
    const flushRun = async (end: number) => {
      if (run < 0) return;
      await this.feed.append(data, ends, run, end);
      run = -1;
    };
    for (let i = from; i < to; i++) {
      const start = i === 0 ? 0 : (ends[i - 1] as number);
      const end = ends[i] as number;
      if (data[start] !== MEMBER_MARK) {
        this.products++;
        this.variants++;
        // Nothing waits before it: written straight from the batch's bytes.
        if (this.head === this.queue.length) {
          if (run < 0) run = i;
          continue;
        }
        await flushRun(i);
        const text = decoder.decode(data.subarray(start, end));
        this.push({ id: '', text, variants: [], lines: [], last: 0, done: true, size: text.length });
        continue;
      }
      await flushRun(i);
      this.add(decoder.decode(data.subarray(start + 1, end - 1)), offset + (lines[i] as number));
    }
    await flushRun(to);
  }

  /** After a batch: every group whose last line is merged is complete; write what is ready. */
  async settle(merged: number): Promise<void> {
    for (const [id, slot] of this.open) {
      if (slot.last > merged) continue;
      slot.done = true;
      this.open.delete(id);
    }
    await this.write();
  }

  /** At the end of the input: every group is complete. */
  async finish(): Promise<void> {
    for (const slot of this.open.values()) slot.done = true;
    this.open.clear();
    await this.write();
  }

  private add(text: string, line: number): void {
    const [group = '""', issues = '', head = '', variant = ''] = text.split('\x01');
    const id = JSON.parse(group) as string;
    let slot = this.open.get(id);
    if (slot === undefined) {
      slot = {
        id,
        head,
        variants: [],
        lines: [],
        last: this.ends?.get(id) ?? Infinity,
        done: false,
        size: 0,
      };
      this.open.set(id, slot);
      this.push(slot);
    }
    slot.variants.push(variant);
    slot.lines.push(line);
    if (issues !== '' && slot.issues === undefined) slot.issues = JSON.parse(issues) as RecordIssue[];
    this.hold(slot, text.length);
  }

  private push(slot: Slot): void {
    this.queue.push(slot);
    this.hold(slot, slot.size);
  }

  private hold(slot: Slot, size: number): void {
    if (slot.text === undefined) slot.size += size;
    this.held += size;
    if (this.held <= this.limit) return;
    const waiting = this.queue[this.head] as Slot;
    const mb = Math.round(this.limit / (1 << 20));
    throw new FeedkitError(
      'input-limit',
      `acp: products waiting for their last variant passed ${mb} MB (product "${waiting.id}" from line ${waiting.lines[0] ?? '?'} waits for line ${waiting.last === Infinity ? 'the end' : waiting.last}); raise the limit with --max-table-mb`,
      {
        expected: `at most ${mb} MB held, or the members of each item_group_id nearer together in the input`,
      },
    );
  }

  private async write(): Promise<void> {
    let text = '';
    let count = 0;
    while (this.head < this.queue.length && (this.queue[this.head] as Slot).done) {
      const slot = this.queue[this.head] as Slot;
      this.queue[this.head] = undefined as unknown as Slot;
      this.head++;
      this.held -= slot.size;
      if (slot.text !== undefined) {
        text += slot.text;
        count++;
      } else if (slot.issues !== undefined) {
        for (const [m, variant] of slot.variants.entries())
          this.onReject(variantId(variant), slot.lines[m] as number, slot.issues);
      } else {
        text += productLine(slot.head as string, slot.variants);
        count++;
        this.products++;
        this.variants += slot.variants.length;
      }
      if (text.length > 1 << 20) {
        await this.feed.appendText(text, count);
        text = '';
        count = 0;
      }
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    if (count > 0) await this.feed.appendText(text, count);
  }
}

function variantId(variant: string): string {
  return String((JSON.parse(variant) as { id?: unknown }).id ?? '');
}
