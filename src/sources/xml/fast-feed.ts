import type { SaxesParser } from 'saxes';
import { DECLINED, FastRecord, type FastRecordContext, INCOMPLETE } from './fast-record.js';
import type { XmlLimits } from './limits.js';
import type { XmlReaderStats } from './options.js';
import type { RecordBuilder } from './record-builder.js';

/** Most characters of a record (or of a start tag) held back for the next text. */
const WAIT = 1 << 18;

/** What {@link FastFeed} needs of the XML reader it feeds. */
export interface FastFeedHost {
  readonly parser: SaxesParser<{ xmlns: true }>;
  /** The record being read; its `depth` is 0 outside one. */
  readonly record: RecordBuilder;
  readonly stats: XmlReaderStats;
  /** Text to saxes, as the reader gives it (its marks kept). */
  parse(text: string): void;
  /** Characters given to saxes so far. */
  fed(): number;
}

/**
 * Between the decoded text and saxes: finds the start tags that may open a record, gives
 * saxes everything up to and including each, and when one opened a record, has
 * {@link FastRecord} read its content and saxes only its end tag. Text that may hold a start
 * tag cut short, or a record whose end is not here yet, waits for the next text.
 */
export class FastFeed {
  private readonly scan = new FastRecord();
  /** Start tags that may open a record: the record path's last name, with any prefix. */
  private readonly candidates: RegExp;
  /** A record's start tag was read and its content is the fast scan's to read next. */
  private open = false;
  /** Text not given to saxes yet. */
  private carry = '';
  /** The scan's limits and names, one object updated per record. */
  private readonly scanContext: FastRecordContext;
  private readonly maxDepth: number;

  constructor(
    /** The local name of the record path's last step. */
    local: string,
    limits: Required<XmlLimits>,
    private readonly host: FastFeedHost,
  ) {
    const escaped = local.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.candidates = new RegExp(`<(?:[^\\s<>/!?=:"']+:)?${escaped}(?=[\\s/>])`, 'g');
    this.maxDepth = limits.depth;
    const { parser } = host;
    this.scanContext = {
      name: '',
      resolve: (prefix) => parser.resolve(prefix),
      depth: 0,
      elements: limits.recordElements,
      span: limits.textChars >> 1,
      chars: limits.recordChars >> 1,
      keepUndeclared: false,
    };
  }

  /**
   * Text to saxes, with the content of each record it can take read by {@link FastRecord}
   * instead: saxes reads the document around the records and each record's start and end
   * tag, so what it reports is unchanged. Text that may hold a record's start tag cut short,
   * or a record whose end is not here yet, waits for the next text (`final`: there is none).
   */
  feed(text: string, final: boolean): void {
    const host = this.host;
    const buffer = this.carry.length === 0 ? text : this.carry + text;
    this.carry = '';
    const n = buffer.length;
    const record = host.record;
    let pos = 0;
    while (pos < n) {
      if (this.open) {
        const end = this.scan.scan(buffer, pos, record, this.context());
        // A record longer than WAIT is saxes's: scanning it again for every slice would not end.
        if (end === INCOMPLETE && !final && n - pos <= WAIT) {
          this.carry = buffer.slice(pos);
          return;
        }
        this.open = false;
        if (end === DECLINED || end === INCOMPLETE) continue;
        this.skipContent();
        host.parse(buffer.slice(this.scan.contentEnd, end));
        host.stats.fastRecords++;
        host.stats.undeclaredEntities += this.scan.undeclared;
        pos = end;
        continue;
      }
      if (record.depth > 0) {
        // saxes reads this record: up to an end tag of its name, then look again.
        const close = buffer.indexOf(`</${record.name}`, pos);
        const gt = close < 0 ? -1 : buffer.indexOf('>', close);
        const to = gt < 0 ? n : gt + 1;
        host.parse(buffer.slice(pos, to));
        pos = to;
        continue;
      }
      const candidate = this.candidates;
      candidate.lastIndex = pos;
      const start = candidate.exec(buffer)?.index ?? -1;
      if (start < 0) {
        // A start tag may be cut at the end of the text: keep its `<` for the next text.
        const last = final ? -1 : buffer.lastIndexOf('<');
        const cut = last >= pos && n - last < 256 && mayOpen(buffer, last) ? last : n;
        host.parse(buffer.slice(pos, cut));
        this.carry = buffer.slice(cut);
        return;
      }
      const tagEnd = endOfTag(buffer, start);
      if (tagEnd < 0) {
        const wait = !final && n - start <= WAIT;
        const to = wait ? start : n;
        host.parse(buffer.slice(pos, to));
        if (wait) this.carry = buffer.slice(start);
        return;
      }
      const tagAt = host.fed() + start - pos;
      host.parse(buffer.slice(pos, tagEnd));
      pos = tagEnd;
      // The tag opened a record and did not close it at once: read its content fast. The record
      // must start at this tag: saxes may have held the start of another one, cut by a text's end.
      this.open = record.depth > 0 && record.pos === tagAt && host.parser.xmlDecl.version !== '1.1';
    }
  }

  /** What the fast scan may take of the record just opened. */
  private context(): FastRecordContext {
    const context = this.scanContext;
    context.name = this.host.record.name;
    context.keepUndeclared = this.host.stats.undeclaredEntities > 0;
    // Kept well inside saxes's limits, so a record near one is saxes's to judge.
    context.depth = this.maxDepth - this.host.record.depth - 2;
    return context;
  }

  /**
   * saxes does not see a record's content read fast: move its line and column past it, as
   * if it had read it, before it reads the record's end tag.
   */
  private skipContent(): void {
    const fast = this.scan;
    const parser = this.host.parser as SaxesParser<{ xmlns: true }> & { line: number; column: number };
    if (fast.breaks > 0) {
      parser.line += fast.breaks;
      parser.column = fast.tail;
    } else {
      parser.column += fast.tail;
    }
  }
}

/** Index just after the `>` that ends the tag starting at `start` (quoted values skipped), or -1. */
function endOfTag(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e) return i + 1;
    if (c === 0x22 || c === 0x27) {
      const close = text.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

/** Whether the text from `start` (a `<`) to its end could be the beginning of a start tag. */
function mayOpen(text: string, start: number): boolean {
  const next = text.charCodeAt(start + 1);
  if (next === 0x2f || next === 0x21 || next === 0x3f) return false;
  return !/[\s>]/.test(text.slice(start + 1));
}
