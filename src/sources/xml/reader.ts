import { SaxesParser, type SaxesStartTagNS, type SaxesTagNS } from 'saxes';
import { FeedkitError } from '../../model/errors.js';
import {
  type Column,
  type CompiledFeatures,
  compileColumns,
  compileRecordPath,
  nameMatches,
  recordValues,
} from './columns.js';
import { DocumentValues } from './document-values.js';
import { type EncodingSource, XmlDecoder, type XmlEncoding } from './encoding.js';
import {
  definedOnly,
  documentTooLarge,
  recordTooLarge,
  spanTooLong,
  tooDeep,
  tooManyElements,
  XML_LIMITS,
  type XmlLimits,
} from './limits.js';
import { noMatchError, type ShapeEntry } from './no-match.js';
import type { XmlReaderOptions, XmlReaderStats, XmlRecord } from './options.js';
import type { ElementStep } from './path.js';
import { endOfInput, here, malformed, type ParseState } from './saxes-errors.js';
import { XmlNode } from './tree.js';

/** Characters handed to saxes at once, so the size limits are checked while text arrives. */
const SLICE = 1 << 16;
/** Characters kept from before the current slice, to quote an end tag or entity cut by a chunk. */
const RECENT = 256;

/** Names below the root kept to guess the records when the record path matches nothing. */
const SHAPE_NAMES = 200;

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
  readonly stats: XmlReaderStats = { records: 0, undeclaredEntities: 0 };

  private readonly file: string | undefined;
  private readonly limits: Required<XmlLimits>;
  private readonly parser: SaxesParser<{ xmlns: true }>;
  private readonly decoder: XmlDecoder;

  private readonly recordSteps: ElementStep[];
  private readonly recordDone: number;
  private readonly columns: Column[];
  private readonly features: CompiledFeatures | undefined;
  /** Local names worth a node in the record tree; undefined keeps every element. */
  private readonly keep: Set<string> | undefined;

  private out: XmlRecord[] = [];
  private failed: unknown;
  private ended = false;
  private ending = false;
  private endErrors: string[] = [];

  // Where the next `<` is when no text comes first: just after the last event.
  private markLine = 1;
  private markCol = 1;
  private markPos = 0;
  private inStartTag = false;
  private tagName = '';
  private tagLine = 1;
  private tagCol = 1;
  private tagPos = 0;
  private closeLine = 1;
  private closeCol = 1;
  private lastClosed = '';
  private rootSeen = false;
  /** Position of the last `<` read before the root element (-1 for none). */
  private lastOpen = -1;

  // The text slice being parsed, to find positions saxes does not give.
  private slice = '';
  /** The slice with up to {@link RECENT} characters before it, for what an error quotes. */
  private recent = '';
  private recentStart = 0;
  /** Where the last text event's run started and ended. */
  private textStartPos = -1;
  private textEndPos = -1;
  /** Characters handed to saxes so far (its `position` is only right inside a handler). */
  private fed = 0;
  private sliceStart = 0;
  private sliceLine = 1;
  private sliceCol = 1;

  private depth = 0;
  private readonly openNames: string[] = [];
  private readonly openLines: number[] = [];
  private readonly openLocal: string[] = [];
  private readonly openUri: string[] = [];
  /** Per depth outside the records: the record-path steps matched so far, as bits. */
  private readonly masks: number[] = [1];

  private recordDepth = 0;
  private recordLine = 0;
  private recordCol = 0;
  private recordPos = 0;
  private root: XmlNode | undefined;
  private texts: string[] = [];
  private kept: XmlNode[] = [];
  private readonly seqs: number[] = [];
  private seq = 0;

  private readonly document: DocumentValues;
  /** The record path as the mapping wrote it, for the message when nothing matches it. */
  private readonly recordPath: string;
  /** Records started so far. */
  private records = 0;
  /** The document's root element, as written. */
  private rootName = '';
  /**
   * Until the first record: elements below the root (depth 2 to 4) by name, with the
   * shallowest depth seen and their count, to say what the records look like when the record
   * path matches nothing. Bounded: at most {@link SHAPE_NAMES} names.
   */
  private readonly shape = new Map<string, ShapeEntry>();

  constructor(options: XmlReaderOptions) {
    const namespaces = options.namespaces ?? {};
    this.file = options.file;
    this.recordPath = options.record;
    this.limits = { ...XML_LIMITS, ...definedOnly(options.limits) };
    this.decoder = new XmlDecoder(options.encoding ?? 'auto', options.file);

    this.recordSteps = compileRecordPath(options.record, namespaces);
    this.recordDone = 1 << this.recordSteps.length;

    const compiled = compileColumns(options, this.recordSteps);
    this.columns = compiled.columns;
    this.features = compiled.features;
    this.keep = compiled.keep;
    this.document = new DocumentValues(compiled.documentPaths, this.limits.recordChars, () =>
      documentTooLarge(this.limits.recordChars, { file: this.file, line: this.markLine, col: this.markCol }),
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
      this.feed(this.decoder.push(chunk));
      this.checkDecoder();
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
      this.feed(this.decoder.end());
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

  private feed(text: string): void {
    const { parser } = this;
    for (let i = 0; i < text.length; i += SLICE) {
      const slice = i === 0 && text.length <= SLICE ? text : text.slice(i, i + SLICE);
      const before = this.recent.length > RECENT ? this.recent.slice(-RECENT) : this.recent;
      this.recent = before + slice;
      this.recentStart = this.fed - before.length;
      this.slice = slice;
      this.sliceStart = this.fed;
      this.sliceLine = parser.line;
      this.sliceCol = parser.column + 1;
      if (!this.rootSeen) {
        const open = slice.lastIndexOf('<');
        if (open >= 0) this.lastOpen = this.fed + open;
      }
      parser.write(slice);
      this.fed += slice.length;
      const position = this.fed;
      this.checkSpan(position);
      if (this.recordDepth > 0 && position - this.recordPos > this.limits.recordChars)
        throw this.recordTooLarge();
    }
  }

  private checkDecoder(): void {
    const { error } = this.decoder;
    if (error === undefined) return;
    const truncated = error.message.startsWith('the input ends');
    throw new FeedkitError(truncated ? 'input-truncated' : 'input-malformed', error.message, {
      ...this.here(1),
      found: error.found,
    });
  }

  private close(): void {
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
      rootSeen: this.rootSeen,
      lastOpen: this.lastOpen,
      markPos: this.markPos,
      open:
        this.depth === 0
          ? undefined
          : {
              name: this.openNames[this.depth - 1] as string,
              line: this.openLines[this.depth - 1] as number,
            },
      recordLine: this.recordDepth > 0 ? this.recordLine : undefined,
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
    return noMatchError(this.recordPath, this.rootName, this.shape, this.file);
  }

  // saxes events

  private onOpenTagStart(tag: SaxesStartTagNS): void {
    const { parser } = this;
    const position = parser.position;
    this.checkSpan(position);
    this.tagName = tag.name;
    // saxes has read `<`, the name and one more character: unless that was a line break,
    // the `<` is on this line, just before the name.
    const column = parser.column;
    if (column > tag.name.length) {
      this.tagLine = parser.line;
      this.tagCol = column - tag.name.length - 1;
    } else {
      this.tagLine = this.markLine;
      this.tagCol = this.markCol;
    }
    this.tagPos = position - tag.name.length - 2;
    this.markPos = position;
    this.inStartTag = true;
    if (this.depth >= this.limits.depth) {
      throw tooDeep(this.limits.depth, { file: this.file, line: this.tagLine, col: this.tagCol });
    }
  }

  private onOpenTag(tag: SaxesTagNS): void {
    const parser = this.parser;
    this.checkSpan(parser.position);
    this.inStartTag = false;
    this.markLine = parser.line;
    this.markCol = parser.column + 1;
    this.markPos = parser.position;
    if (!this.rootSeen) this.rootName = tag.name;
    else if (this.records === 0 && this.recordDepth === 0 && this.depth <= 3) {
      const seen = this.shape.get(tag.name);
      if (seen !== undefined) seen.count++;
      else if (this.shape.size < SHAPE_NAMES) {
        const path = `/${this.openNames.slice(0, this.depth).join('/')}/${tag.name}`;
        this.shape.set(tag.name, { depth: this.depth + 1, count: 1, path });
      }
    }
    this.rootSeen = true;
    const index = this.depth++;
    this.openNames[index] = tag.name;
    this.openLines[index] = this.tagLine;

    if (this.recordDepth > 0) {
      this.openInRecord(tag, this.depth - this.recordDepth);
      return;
    }
    this.openLocal[index] = tag.local;
    this.openUri[index] = tag.uri;
    const parentMask = this.masks[index] as number;
    let mask = 0;
    if (parentMask !== 0) {
      const steps = this.recordSteps;
      for (let k = 0; k < steps.length; k++) {
        if ((parentMask & (1 << k)) === 0) continue;
        const step = steps[k] as ElementStep;
        if (step.axis === 'descendant') mask |= 1 << k;
        if (nameMatches(step, tag.local, tag.uri)) mask |= 1 << (k + 1);
      }
    }
    this.masks[index + 1] = mask;
    if ((mask & this.recordDone) !== 0) {
      this.startRecord(tag);
      return;
    }
    if (this.document.paths.length > 0) this.document.open(tag, this.depth, this.openLocal, this.openUri);
  }

  private onCloseTag(tag: SaxesTagNS): void {
    const parser = this.parser;
    this.checkSpan(parser.position);
    this.closeLine = this.markLine;
    this.closeCol = this.markCol;
    this.lastClosed = tag.name;
    this.markLine = parser.line;
    this.markCol = parser.column + 1;
    this.markPos = parser.position;
    const depth = this.depth--;
    if (this.recordDepth > 0) {
      const r = depth - this.recordDepth;
      if (r === 0) {
        this.endRecord();
        return;
      }
      const node = this.kept[r] as XmlNode;
      if (node.depth === r) node.textEnd = this.texts.length;
      return;
    }
    if (this.document.captures.length > 0) this.document.close(depth);
  }

  private onText(text: string): void {
    const parser = this.parser;
    this.checkSpan(parser.position);
    this.textStartPos = this.markPos;
    this.textEndPos = parser.position;
    // saxes reports text when it meets the `<` after it: that `<` is the last character read.
    this.markLine = parser.line;
    this.markCol = parser.column;
    this.markPos = parser.position;
    if (this.recordDepth > 0) this.texts.push(text);
    else if (this.document.captures.length > 0) this.document.text(text);
  }

  private onCdata(text: string): void {
    const parser = this.parser;
    this.checkSpan(parser.position);
    this.markLine = parser.line;
    this.markCol = parser.column + 1;
    this.markPos = parser.position;
    if (this.recordDepth > 0) this.texts.push(text);
    else if (this.document.captures.length > 0) this.document.text(text);
  }

  private onError(error: Error): void {
    const message = error.message.replace(/^\d+:\d+: /, '');
    if (message === 'undefined entity.') {
      const { stats, parser } = this;
      if (stats.undeclaredEntities++ === 0) {
        // saxes has just read the `;`; the name is back to the `&`.
        const end = parser.position - this.recentStart - 1;
        const amp = this.recent.lastIndexOf('&', end);
        stats.firstUndeclaredEntity =
          amp < 0
            ? { name: '', line: parser.line, col: Math.max(1, parser.column) }
            : {
                name: this.recent.slice(amp + 1, end),
                line: parser.line,
                col: Math.max(1, parser.column - (end - amp)),
              };
      }
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
    this.records++;
    const open = this.document.captures[0];
    if (open !== undefined) {
      throw new FeedkitError(
        'invalid-path',
        `the column "${open.target.source}" reads an element that contains the records (record <${tag.name}> at line ${this.tagLine}); point it at an element outside the records`,
        { found: open.target.source },
      );
    }
    this.recordDepth = this.depth;
    this.recordLine = this.tagLine;
    this.recordCol = this.tagCol;
    this.recordPos = this.tagPos;
    this.seq = 0;
    this.seqs[0] = 0;
    const root = new XmlNode(tag.local, tag.uri, tag.attributes, 0, 0, -1, 0);
    this.root = root;
    this.kept = [root];
  }

  private openInRecord(tag: SaxesTagNS, r: number): void {
    if (this.parser.position - this.recordPos > this.limits.recordChars) throw this.recordTooLarge();
    const seq = ++this.seq;
    if (seq > this.limits.recordElements) {
      throw tooManyElements(this.limits.recordElements, this.openNames[this.recordDepth - 1], {
        file: this.file,
        line: this.recordLine,
        col: this.recordCol,
      });
    }
    const parentSeq = this.seqs[r - 1] as number;
    this.seqs[r] = seq;
    const ancestor = this.kept[r - 1] as XmlNode;
    if (this.keep === undefined || this.keep.has(tag.local)) {
      const node = new XmlNode(tag.local, tag.uri, tag.attributes, r, seq, parentSeq, this.texts.length);
      if (ancestor.children === undefined) ancestor.children = [node];
      else ancestor.children.push(node);
      this.kept[r] = node;
    } else {
      this.kept[r] = ancestor;
    }
  }

  private endRecord(): void {
    if (this.parser.position - this.recordPos > this.limits.recordChars) throw this.recordTooLarge();
    const root = this.root as XmlNode;
    const texts = this.texts;
    root.textEnd = texts.length;
    const values = recordValues(this.columns, this.features, root, texts);
    this.out.push({ line: this.recordLine, col: this.recordCol, values });
    this.stats.records++;
    this.recordDepth = 0;
    this.root = undefined;
    this.kept = [];
    this.texts = [];
  }

  // errors

  /** Throws when more than `textChars` characters passed since the last event. */
  private checkSpan(position: number): void {
    const { textChars } = this.limits;
    if (position - this.markPos <= textChars) return;
    if (this.inStartTag)
      throw spanTooLong(textChars, this.tagName, { file: this.file, line: this.tagLine, col: this.tagCol });
    throw spanTooLong(textChars, undefined, { file: this.file, line: this.markLine, col: this.markCol });
  }

  private recordTooLarge(): FeedkitError {
    return recordTooLarge(this.limits.recordChars, this.openNames[this.recordDepth - 1], {
      file: this.file,
      line: this.recordLine,
      col: this.recordCol,
    });
  }

  /** The parser's position: the last character read (`after` 0) or the next one (1). */
  private here(after: 0 | 1): { file: string | undefined; line: number; col: number } {
    const { parser } = this;
    return here({ file: this.file, line: parser.line, column: parser.column }, after);
  }

  /** What {@link malformed} needs to place and quote saxes's error. */
  private parseState(): ParseState {
    const { parser } = this;
    return {
      file: this.file,
      line: parser.line,
      column: parser.column,
      position: parser.position,
      rootSeen: this.rootSeen,
      tagName: this.tagName,
      tagLine: this.tagLine,
      tagCol: this.tagCol,
      lastClosed: this.lastClosed,
      closeLine: this.closeLine,
      closeCol: this.closeCol,
      openLine: this.openLines[this.depth],
      markPos: this.markPos,
      slice: this.slice,
      sliceStart: this.sliceStart,
      sliceLine: this.sliceLine,
      sliceCol: this.sliceCol,
      textStartPos: this.textStartPos,
      textEndPos: this.textEndPos,
      recent: this.recent,
      recentStart: this.recentStart,
    };
  }
}
