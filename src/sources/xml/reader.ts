import { SaxesParser, type SaxesStartTagNS, type SaxesTagNS } from 'saxes';
import { FeedkitError } from '../../model/errors.js';
import type { Place } from '../../model/located.js';
import { compileColumns, compileRecordPath } from './columns.js';
import { DocumentValues } from './document-values.js';
import { type EncodingSource, XmlDecoder, type XmlEncoding } from './encoding.js';
import { DECLINED, FastRecord, type FastRecordContext, INCOMPLETE } from './fast-record.js';
import {
  definedOnly,
  documentTooLarge,
  recordTooLarge,
  spanTooLong,
  tooDeep,
  XML_LIMITS,
  type XmlLimits,
} from './limits.js';
import { Marks } from './marks.js';
import { DocumentShape } from './no-match.js';
import type { XmlReaderOptions, XmlReaderStats, XmlRecord } from './options.js';
import { RecordBuilder } from './record-builder.js';
import { RecordMatcher } from './record-match.js';
import { decodingError, endOfInput, entityAt, here, malformed, type ParseState } from './saxes-errors.js';

/** Characters handed to saxes at once, so the size limits are checked while text arrives. */
const SLICE = 1 << 16;
/**
 * Bytes decoded at once. A string over 128 KiB goes to V8's large-object space, on pages
 * of its own that are new memory each time: decoding a 1 MiB chunk whole costs about three
 * times as much as decoding it in pieces (CHANGELOG).
 */
const PIECE = 1 << 16;
/** Most characters of a record (or of a start tag) held back for the next text. */
const WAIT = 1 << 18;
/** Characters kept from before the current slice, to quote an end tag or entity cut by a chunk. */
const RECENT = 256;

/**
 * Streams XML bytes into records: the elements at the record path, each turned into the
 * values of the column paths. Only the current record is held, as a small tree of the
 * elements the paths name; the tree is dropped at the record's end tag.
 *
 * The parser is saxes: strict XML 1.0 with namespaces. A DOCTYPE is allowed but never
 * read, so no file or URL is ever fetched and no entity declared in it is expanded
 * (such references stay as written, see {@link XmlReaderStats.undeclaredEntities}).
 * Everything else that is not well-formed, or too large for {@link XmlLimits}, throws a
 * {@link FeedkitError} with the file, line and column.
 */

export class XmlRecordReader {
  /** What was seen so far. */
  readonly stats: XmlReaderStats = { records: 0, undeclaredEntities: 0, fastRecords: 0 };

  private readonly file: string | undefined;
  private readonly limits: Required<XmlLimits>;
  private readonly parser: SaxesParser<{ xmlns: true }>;
  private readonly decoder: XmlDecoder;
  private readonly matcher: RecordMatcher;
  /** The record being read ({@link RecordBuilder.depth} is 0 outside one). */
  private readonly record: RecordBuilder;

  private out: XmlRecord[] = [];
  private failed: unknown;
  private ended = false;
  private ending = false;
  private endErrors: string[] = [];

  /** Positions saxes does not track, kept up to date by the event handlers. */
  private readonly at = new Marks();

  private depth = 0;
  private readonly openNames: string[] = [];
  private readonly openLines: number[] = [];
  private readonly openLocal: string[] = [];
  private readonly openUri: string[] = [];

  private readonly document: DocumentValues;
  /** The record path as the mapping wrote it, for the message when nothing matches it. */
  private readonly recordPath: string;
  /** Records started so far. */
  private records = 0;
  private readonly shape = new DocumentShape();

  /** The fast scan of record content; undefined when the record path ends in `*`. */
  private readonly fast: FastRecord | undefined;
  /** Start tags that may open a record: the record path's last name, with any prefix. */
  private readonly candidates: RegExp | undefined;
  /** A record's start tag was read and its content is the fast scan's to read next. */
  private fastOpen = false;
  /** Text not given to saxes yet (see {@link feed}). */
  private carry = '';
  private readonly context: FastRecordContext;

  constructor(options: XmlReaderOptions) {
    const namespaces = options.namespaces ?? {};
    this.file = options.file;
    this.recordPath = options.record;
    this.limits = { ...XML_LIMITS, ...definedOnly(options.limits) };
    this.decoder = new XmlDecoder(options.encoding ?? 'auto', options.file);

    const recordSteps = compileRecordPath(options.record, namespaces);
    this.matcher = new RecordMatcher(recordSteps);
    const last = recordSteps[recordSteps.length - 1]?.local;
    if (last !== undefined && options.fast !== false) {
      this.fast = new FastRecord();
      const escaped = last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      this.candidates = new RegExp(`<(?:[^\\s<>/!?=:"']+:)?${escaped}(?=[\\s/>])`, 'g');
    }
    const compiled = compileColumns(options, recordSteps);
    const { columns, features, keep } = compiled;
    this.record = new RecordBuilder(
      columns,
      features,
      keep,
      this.limits.recordElements,
      this.file,
      options.fast !== false,
    );
    this.document = new DocumentValues(compiled.documentPaths, this.limits.recordChars, () =>
      documentTooLarge(this.limits.recordChars, {
        file: this.file,
        line: this.at.markLine,
        col: this.at.markCol,
      }),
    );

    const parser = new SaxesParser({
      xmlns: true,
      // A prefix the document uses without declaring it (a feed missing xmlns:g) is read
      // with the mapping's declaration.
      resolvePrefix: (prefix: string) => (Object.hasOwn(namespaces, prefix) ? namespaces[prefix] : undefined),
    });
    parser.on('opentagstart', (tag) => this.onOpenTagStart(tag));
    parser.on('opentag', (tag) => this.onOpenTag(tag));
    parser.on('closetag', (tag) => this.onCloseTag(tag));
    parser.on('text', (text) => this.onText(text));
    parser.on('cdata', (text) => this.onCdata(text));
    parser.on('error', (error) => this.onError(error));
    // No more handlers than these six: each is a property saxes adds to the parser after
    // construction, and a seventh turns it into a dictionary-mode object in V8, which
    // makes all parsing about five times slower. Comments, processing instructions and
    // the DOCTYPE are skipped without an event.

    this.parser = parser;
    const limits = this.limits;
    this.context = {
      name: '',
      resolve: (prefix) => parser.resolve(prefix),
      depth: 0,
      elements: limits.recordElements,
      span: limits.textChars >> 1,
      chars: limits.recordChars >> 1,
    };
  }

  /** The encoding in use and how it was found; undefined before the first bytes. */
  get encoding(): { name: XmlEncoding; source: EncodingSource } | undefined {
    const { encoding, source } = this.decoder;
    return encoding === undefined || source === undefined ? undefined : { name: encoding, source };
  }

  /** Parse the next bytes; returns the records they completed. */
  write(chunk: Uint8Array): XmlRecord[] {
    this.ready();
    try {
      for (let i = 0; i < chunk.length; i += PIECE) {
        const text = this.decoder.push(
          i === 0 && chunk.length <= PIECE ? chunk : chunk.subarray(i, i + PIECE),
        );
        // Before a decoding error, saxes must have read every character, to place it.
        this.feed(text, this.decoder.error !== undefined);
        this.checkDecoder();
      }
    } catch (error) {
      this.failed = error;
      throw error;
    }
    return this.take();
  }

  /** The input is complete; returns the last records. Throws if the document is not. */
  end(): XmlRecord[] {
    this.ready();
    this.ended = true;
    try {
      this.feed(this.decoder.end(), true);
      this.checkDecoder();
      this.close();
    } catch (error) {
      this.failed = error;
      throw error;
    }
    return this.take();
  }

  private ready(): void {
    if (this.failed !== undefined) throw this.failed;
    if (this.ended) throw new Error('XmlRecordReader: write() or end() after end()');
  }

  private take(): XmlRecord[] {
    const out = this.out;
    if (out.length > 0) this.out = [];
    return out;
  }

  /**
   * Text to saxes, with the content of each record it can take read by {@link FastRecord}
   * instead: saxes reads the document around the records and each record's start and end
   * tag, so what it reports is unchanged. Text that may hold a record's start tag cut short,
   * or a record whose end is not here yet, waits for the next text (`final`: there is none).
   */
  private feed(text: string, final: boolean): void {
    if (this.fast === undefined) {
      this.parse(text);
      return;
    }
    const buffer = this.carry.length === 0 ? text : this.carry + text;
    this.carry = '';
    const n = buffer.length;
    const record = this.record;
    let pos = 0;
    while (pos < n) {
      if (this.fastOpen) {
        const end = this.fast.scan(buffer, pos, record, this.fastContext());
        // A record longer than WAIT is saxes's: scanning it again for every slice would not end.
        if (end === INCOMPLETE && !final && n - pos <= WAIT) {
          this.carry = buffer.slice(pos);
          return;
        }
        this.fastOpen = false;
        if (end === DECLINED || end === INCOMPLETE) continue;
        this.skipContent(this.fast);
        this.parse(buffer.slice(this.fast.contentEnd, end));
        this.stats.fastRecords++;
        pos = end;
        continue;
      }
      if (record.depth > 0) {
        // saxes reads this record: up to an end tag of its name, then look again.
        const close = buffer.indexOf(`</${record.name}`, pos);
        const gt = close < 0 ? -1 : buffer.indexOf('>', close);
        const to = gt < 0 ? n : gt + 1;
        this.parse(buffer.slice(pos, to));
        pos = to;
        continue;
      }
      const candidate = this.candidates as RegExp;
      candidate.lastIndex = pos;
      const start = candidate.exec(buffer)?.index ?? -1;
      if (start < 0) {
        // A start tag may be cut at the end of the text: keep its `<` for the next text.
        const last = final ? -1 : buffer.lastIndexOf('<');
        const cut = last >= pos && n - last < 256 && mayOpen(buffer, last) ? last : n;
        this.parse(buffer.slice(pos, cut));
        this.carry = buffer.slice(cut);
        return;
      }
      const tagEnd = endOfTag(buffer, start);
      if (tagEnd < 0) {
        const wait = !final && n - start <= WAIT;
        const to = wait ? start : n;
        this.parse(buffer.slice(pos, to));
        if (wait) this.carry = buffer.slice(start);
        return;
      }
      const records = this.records;
      const tagAt = this.at.fed + start - pos;
      this.parse(buffer.slice(pos, tagEnd));
      pos = tagEnd;
      // The tag opened a record and did not close it at once: read its content fast. The record
      // must start at this tag: saxes may have held the start of another one, cut by a text's end.
      this.fastOpen =
        this.records !== records &&
        record.depth > 0 &&
        record.pos === tagAt &&
        this.parser.xmlDecl.version !== '1.1';
    }
  }

  /** What the fast scan may take of the record just opened. */
  private fastContext(): FastRecordContext {
    const context = this.context;
    context.name = this.record.name;
    // Kept well inside saxes's limits, so a record near one is saxes's to judge.
    context.depth = this.limits.depth - this.depth - 2;
    return context;
  }

  /**
   * saxes does not see a record's content read fast: move its line and column past it, as
   * if it had read it, before it reads the record's end tag.
   */
  private skipContent(fast: FastRecord): void {
    const parser = this.parser as SaxesParser<{ xmlns: true }> & { line: number; column: number };
    if (fast.breaks > 0) {
      parser.line += fast.breaks;
      parser.column = fast.tail;
    } else {
      parser.column += fast.tail;
    }
  }

  /** Text to saxes, a slice at a time, keeping the marks the errors need. */
  private parse(text: string): void {
    const at = this.at;
    const { parser } = this;
    for (let i = 0; i < text.length; i += SLICE) {
      const slice = i === 0 && text.length <= SLICE ? text : text.slice(i, i + SLICE);
      const before = at.recent.length > RECENT ? at.recent.slice(-RECENT) : at.recent;
      at.recent = before + slice;
      at.recentStart = at.fed - before.length;
      at.slice = slice;
      at.sliceStart = at.fed;
      at.sliceLine = parser.line;
      at.sliceCol = parser.column + 1;
      if (!at.rootSeen) {
        const open = slice.lastIndexOf('<');
        if (open >= 0) at.lastOpen = at.fed + open;
      }
      parser.write(slice);
      at.fed += slice.length;
      const position = at.fed;
      this.checkSpan(position);
      if (this.record.depth > 0 && position - this.record.pos > this.limits.recordChars)
        throw this.recordTooLarge();
    }
  }

  private checkDecoder(): void {
    const { error } = this.decoder;
    if (error !== undefined) throw decodingError(error, this.here(1));
  }

  private close(): void {
    const at = this.at;
    if (this.decoder.bytes === 0) {
      throw new FeedkitError('input-empty', 'the input is empty', { file: this.file });
    }
    const end = this.here(1);
    this.ending = true;
    this.parser.close();
    this.ending = false;
    const error = endOfInput(this.endErrors, {
      file: this.file,
      end,
      rootSeen: at.rootSeen,
      lastOpen: at.lastOpen,
      markPos: at.markPos,
      open:
        this.depth === 0
          ? undefined
          : {
              name: this.openNames[this.depth - 1] as string,
              line: this.openLines[this.depth - 1] as number,
            },
      recordLine: this.record.depth > 0 ? this.record.line : undefined,
    });
    if (error !== undefined) throw error;
  }

  /**
   * After {@link end}, when the record path matched nothing in the (well-formed) document:
   * the error that says so, naming the root and guessing the records (the most repeated
   * element below it, the shallowest on a tie). Undefined when there were records.
   */
  noMatch(): FeedkitError | undefined {
    if (this.records > 0) return undefined;
    return this.shape.error(this.recordPath, this.file);
  }

  // saxes events

  private onOpenTagStart(tag: SaxesStartTagNS): void {
    const at = this.at;
    const { parser } = this;
    const position = parser.position;
    this.checkSpan(position);
    at.tagName = tag.name;
    // saxes has read `<`, the name and one more character: unless that was a line break,
    // the `<` is on this line, just before the name.
    const column = parser.column;
    if (column > tag.name.length) {
      at.tagLine = parser.line;
      at.tagCol = column - tag.name.length - 1;
    } else {
      at.tagLine = at.markLine;
      at.tagCol = at.markCol;
    }
    at.tagPos = position - tag.name.length - 2;
    at.markPos = position;
    at.inStartTag = true;
    if (this.depth >= this.limits.depth) {
      throw tooDeep(this.limits.depth, { file: this.file, line: at.tagLine, col: at.tagCol });
    }
  }

  private onOpenTag(tag: SaxesTagNS): void {
    const at = this.at;
    const parser = this.parser;
    this.checkSpan(parser.position);
    at.inStartTag = false;
    at.markLine = parser.line;
    at.markCol = parser.column + 1;
    at.markPos = parser.position;
    if (!at.rootSeen) this.shape.rootName = tag.name;
    else if (this.records === 0 && this.record.depth === 0 && this.depth <= 3)
      this.shape.see(tag.name, this.depth, this.openNames);
    at.rootSeen = true;
    const index = this.depth++;
    this.openNames[index] = tag.name;
    this.openLines[index] = at.tagLine;

    const record = this.record;
    if (record.depth > 0) {
      if (parser.position - record.pos > this.limits.recordChars) throw this.recordTooLarge();
      record.open(tag, this.depth - record.depth);
      return;
    }
    this.openLocal[index] = tag.local;
    this.openUri[index] = tag.uri;
    if (this.matcher.open(index, tag.local, tag.uri)) {
      this.startRecord(tag);
      return;
    }
    if (this.document.paths.length > 0) this.document.open(tag, this.depth, this.openLocal, this.openUri);
  }

  private onCloseTag(tag: SaxesTagNS): void {
    const at = this.at;
    const parser = this.parser;
    this.checkSpan(parser.position);
    at.closeLine = at.markLine;
    at.closeCol = at.markCol;
    at.lastClosed = tag.name;
    at.markLine = parser.line;
    at.markCol = parser.column + 1;
    at.markPos = parser.position;
    const depth = this.depth--;
    const record = this.record;
    if (record.depth > 0) {
      const r = depth - record.depth;
      if (r === 0) this.endRecord();
      else record.close(r);
      return;
    }
    if (this.document.captures.length > 0) this.document.close(depth);
  }

  private onText(text: string): void {
    const at = this.at;
    const parser = this.parser;
    this.checkSpan(parser.position);
    at.textStartPos = at.markPos;
    at.textEndPos = parser.position;
    // saxes reports text when it meets the `<` after it: that `<` is the last character read.
    at.markLine = parser.line;
    at.markCol = parser.column;
    at.markPos = parser.position;
    if (this.record.depth > 0) this.record.text(text);
    else if (this.document.captures.length > 0) this.document.text(text);
  }

  private onCdata(text: string): void {
    const at = this.at;
    const parser = this.parser;
    this.checkSpan(parser.position);
    at.markLine = parser.line;
    at.markCol = parser.column + 1;
    at.markPos = parser.position;
    if (this.record.depth > 0) this.record.text(text);
    else if (this.document.captures.length > 0) this.document.text(text);
  }

  private onError(error: Error): void {
    const at = this.at;
    const message = error.message.replace(/^\d+:\d+: /, '');
    if (message === 'undefined entity.') {
      const { stats, parser } = this;
      if (stats.undeclaredEntities++ === 0) stats.firstUndeclaredEntity = entityAt(parser, at);
      return;
    }
    if (this.ending) {
      this.endErrors.push(message);
      return;
    }
    throw malformed(message, this.parseState());
  }

  // records

  private startRecord(tag: SaxesTagNS): void {
    const at = this.at;
    this.records++;
    const open = this.document.captures[0];
    if (open !== undefined) {
      throw new FeedkitError(
        'invalid-path',
        `the column "${open.target.source}" reads an element that contains the records (record <${tag.name}> at line ${at.tagLine}); point it at an element outside the records`,
        { found: open.target.source },
      );
    }
    this.record.start(tag, this.depth, at.tagLine, at.tagCol, at.tagPos);
  }

  private endRecord(): void {
    const record = this.record;
    if (this.parser.position - record.pos > this.limits.recordChars) throw this.recordTooLarge();
    const { line, col } = record;
    this.out.push({ line, col, values: record.end() });
    this.stats.records++;
  }

  // errors

  /** Throws when more than `textChars` characters passed since the last event. */
  private checkSpan(position: number): void {
    const at = this.at;
    const { textChars } = this.limits;
    if (position - at.markPos <= textChars) return;
    if (at.inStartTag)
      throw spanTooLong(textChars, at.tagName, { file: this.file, line: at.tagLine, col: at.tagCol });
    throw spanTooLong(textChars, undefined, { file: this.file, line: at.markLine, col: at.markCol });
  }

  private recordTooLarge(): FeedkitError {
    return recordTooLarge(this.limits.recordChars, this.record.name, this.record.where());
  }

  /** The parser's position: the last character read (`after` 0) or the next one (1). */
  private here(after: 0 | 1): Place {
    const { parser } = this;
    return here({ file: this.file, line: parser.line, column: parser.column }, after);
  }

  /** What {@link malformed} needs to place and quote saxes's error. */
  private parseState(): ParseState {
    const { parser } = this;
    const { line, column, position } = parser;
    return { ...this.at, file: this.file, line, column, position, openLine: this.openLines[this.depth] };
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
