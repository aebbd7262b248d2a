import type { SaxesParser, SaxesStartTagNS, SaxesTagNS } from 'saxes';
import { FeedkitError } from '../../model/errors.js';
import type { Place } from '../../model/located.js';
import { compileColumns, compileRecordPath } from './columns.js';
import { DocumentValues } from './document-values.js';
import { type EncodingSource, XmlDecoder, type XmlEncoding } from './encoding.js';
import { FastFeed } from './fast-feed.js';
import {
  checkSpan,
  definedOnly,
  documentTooLarge,
  recordTooLarge,
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
import { createParser } from './saxes-parser.js';

/** Characters handed to saxes at once, so the size limits are checked while text arrives. */
const SLICE = 1 << 16;
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

  /** The fast reading of record content; undefined when the record path ends in `*`. */
  private readonly fast: FastFeed | undefined;

  constructor(options: XmlReaderOptions) {
    const namespaces = options.namespaces ?? {};
    this.file = options.file;
    this.recordPath = options.record;
    this.limits = { ...XML_LIMITS, ...definedOnly(options.limits) };
    this.decoder = new XmlDecoder(options.encoding ?? 'auto', options.file);

    const recordSteps = compileRecordPath(options.record, namespaces);
    this.matcher = new RecordMatcher(recordSteps);
    const compiled = compileColumns(options, recordSteps);
    this.record = new RecordBuilder(compiled, this.limits.recordElements, this.file, options.fast !== false);
    this.document = new DocumentValues(compiled.documentPaths, this.limits.recordChars, () =>
      documentTooLarge(this.limits.recordChars, {
        file: this.file,
        line: this.at.markLine,
        col: this.at.markCol,
      }),
    );

    const parser = createParser(namespaces, {
      openTagStart: (tag) => this.onOpenTagStart(tag),
      openTag: (tag) => this.onOpenTag(tag),
      closeTag: (tag) => this.onCloseTag(tag),
      text: (text) => this.onText(text),
      cdata: (text) => this.onCdata(text),
      error: (error) => this.onError(error),
    });
    this.parser = parser;
    const last = recordSteps[recordSteps.length - 1]?.local;
    if (last !== undefined && options.fast !== false) {
      this.fast = new FastFeed(last, this.limits, {
        parser,
        record: this.record,
        stats: this.stats,
        parse: (text) => this.parse(text),
        fed: () => this.at.fed,
      });
    }
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
      for (const text of this.decoder.pieces(chunk)) {
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

  /** Text to saxes, each record's content read fast where it can be ({@link FastFeed}). */
  private feed(text: string, final: boolean): void {
    if (this.fast === undefined) this.parse(text);
    else this.fast.feed(text, final);
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
    this.document.recordStarts(tag.name, at.tagLine);
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
    checkSpan(this.at, this.limits.textChars, this.file, position);
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
