import { type SaxesAttributeNS, SaxesParser, type SaxesStartTagNS, type SaxesTagNS } from 'saxes';
import type { FeatureSettings } from '../../config/mapping.js';
import type { Field } from '../../model/columns.js';
import { FeedkitError } from '../../model/errors.js';
import { type EncodingSource, XmlDecoder, type XmlEncoding, type XmlEncodingOption } from './encoding.js';
import { type CompiledPath, compilePath, type ElementStep, XmlPathError } from './path.js';
import { evaluate, namesUsed, selectElements, XmlNode } from './tree.js';

/** Limits that keep a hostile or broken document from taking the memory of the process. */
export interface XmlLimits {
  /** Deepest element nesting in the document. Default 1000. */
  depth?: number;
  /**
   * Longest record, in characters of decoded text from its start tag to its end tag (for
   * mostly-ASCII feeds, about its size in bytes). Also bounds the document-level values
   * kept outside the records. Default 16 Mi.
   */
  recordChars?: number;
  /**
   * Most elements in one record. Each element a path names costs a node in the record's
   * tree (a few hundred bytes), so this bounds the memory that `recordChars` alone would
   * not: 16 Mi characters of `<a/>` are 4 Mi elements. Default 200,000.
   */
  recordElements?: number;
  /**
   * Longest run of text, start tag with its attributes, comment, CDATA section or DOCTYPE,
   * in characters. Checked while the text arrives, so a file of text without tags fails
   * early. Default 8 Mi.
   */
  textChars?: number;
}

/** Default {@link XmlLimits}. */
export const XML_LIMITS: Readonly<Required<XmlLimits>> = {
  depth: 1000,
  recordChars: 16 << 20,
  recordElements: 200_000,
  textChars: 8 << 20,
};

/** What the XML reader needs from the mapping. */
export interface XmlReaderOptions {
  /**
   * Where the records are: absolute child steps (`/BMECAT/T_NEW_CATALOG/PRODUCT`), with `//`
   * for any depth (`//item`). Records do not nest: inside a record, the path is not looked for.
   */
  record: string;
  /**
   * The values each record gives, in order (see `path.ts` for the language): paths relative
   * to the record (`SUPPLIER_PID`, `MIME_INFO/MIME[MIME_PURPOSE='normal']/MIME_SOURCE`; a
   * leading `//` searches the record, not the document), absolute paths to document-level
   * values outside the records (`/BMECAT/HEADER/CATALOG/CURRENCY`, given to every record
   * after it), or `feature:<name>`.
   */
  columns: readonly string[];
  /** Namespace prefixes the paths use, prefix → URI (`g: http://base.google.com/ns/1.0`). */
  namespaces?: Readonly<Record<string, string>>;
  /** Where a record's features are; needed by `feature:<name>` columns. */
  features?: FeatureSettings;
  /**
   * Text encoding; `auto` (default) reads the BOM, then the XML declaration, else UTF-8.
   * ISO-8859-1 (`latin1`) is read as windows-1252.
   */
  encoding?: XmlEncodingOption;
  /** See {@link XmlLimits}. */
  limits?: XmlLimits;
  /** Input path as the user gave it, for messages. */
  file?: string;
}

/** One record, its values aligned to {@link XmlReaderOptions.columns}. */
export interface XmlRecord {
  /** 1-based line of the record's start tag. */
  line: number;
  /** 1-based column of the `<` of the record's start tag. */
  col: number;
  /** One value per column: text, a list (several matches), or undefined (none). */
  values: Field[];
}

/** What the reader saw, for the report. */
export interface XmlReaderStats {
  /** Records read so far. */
  records: number;
  /**
   * References to entities the parser does not define (`&nbsp;`, or ones declared in a
   * DTD), which stay in the text as written. The `decode_entities` transform turns HTML
   * names into characters.
   */
  undeclaredEntities: number;
  /** The first of those: its name and where its `&` is. */
  firstUndeclaredEntity?: { name: string; line: number; col: number };
}

/** Characters handed to saxes at once, so the size limits are checked while text arrives. */
const SLICE = 1 << 16;
/** Characters kept from before the current slice, to quote an end tag or entity cut by a chunk. */
const RECENT = 256;

type Column =
  | { kind: 'path'; path: CompiledPath }
  | { kind: 'document'; target: DocumentPath }
  | { kind: 'feature'; name: string };

interface NameTest {
  local: string | undefined;
  uri: string | undefined;
}

/** An absolute column path, read outside the records as the document streams by. */
interface DocumentPath {
  source: string;
  elements: NameTest[];
  attribute: NameTest | undefined;
  values: string[];
}

interface Capture {
  target: DocumentPath;
  depth: number;
  start: number;
}

interface CompiledFeatures {
  path: CompiledPath;
  name: CompiledPath;
  value: CompiledPath;
  unit: CompiledPath | undefined;
  wanted: Set<string>;
}

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
/** Names below the root kept to guess the records when the record path matches nothing. */
const SHAPE_NAMES = 200;

export class XmlRecordReader {
  /** What was seen so far. */
  readonly stats: XmlReaderStats = { records: 0, undeclaredEntities: 0 };

  private readonly file: string | undefined;
  private readonly limits: Required<XmlLimits>;
  private readonly parser: SaxesParser<{ xmlns: true }>;
  private readonly decoder: XmlDecoder;

  private readonly recordSteps: ElementStep[];
  private readonly recordDone: number;
  private readonly columns: Column[] = [];
  private readonly documentPaths: DocumentPath[] = [];
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

  private readonly captures: Capture[] = [];
  private documentTexts: string[] = [];
  private documentChars = 0;
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
  private readonly shape = new Map<string, { depth: number; count: number; path: string }>();

  constructor(options: XmlReaderOptions) {
    const namespaces = options.namespaces ?? {};
    this.file = options.file;
    this.recordPath = options.record;
    this.limits = { ...XML_LIMITS, ...definedOnly(options.limits) };
    this.decoder = new XmlDecoder(options.encoding ?? 'auto', options.file);

    this.recordSteps = compileRecordPath(options.record, namespaces);
    this.recordDone = 1 << this.recordSteps.length;

    const relative: CompiledPath[] = [];
    const byPath = new Map<string, DocumentPath>();
    const wanted = new Set<string>();
    for (const column of options.columns) {
      const compiled = compileColumn(column, this.recordSteps, namespaces, options.features !== undefined);
      if (compiled.kind === 'feature') {
        wanted.add(compiled.name);
        this.columns.push(compiled);
      } else if (compiled.kind === 'document') {
        let target = byPath.get(column);
        if (target === undefined) {
          target = compiled.target;
          byPath.set(column, target);
          this.documentPaths.push(target);
        }
        this.columns.push({ kind: 'document', target });
      } else {
        relative.push(compiled.path);
        this.columns.push(compiled);
      }
    }
    if (wanted.size > 0 && options.features !== undefined) {
      const f = options.features;
      this.features = {
        path: compileRelative(f.path, namespaces),
        name: compileRelative(f.name, namespaces),
        value: compileRelative(f.value, namespaces),
        unit: f.unit === undefined || f.unit === '' ? undefined : compileRelative(f.unit, namespaces),
        wanted,
      };
      relative.push(this.features.path, this.features.name, this.features.value);
      if (this.features.unit !== undefined) relative.push(this.features.unit);
    }
    this.keep = namesUsed(relative);

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
    const errors = this.endErrors;
    const cutOff = errors.some((m) => m === 'unexpected end.' || m.startsWith('unclosed tag'));
    if (!this.rootSeen) {
      // A `<` after the last complete event (text events come just after their `<`).
      if (cutOff && this.lastOpen >= 0 && this.lastOpen >= this.markPos - 1) {
        throw new FeedkitError(
          'input-truncated',
          'the input ends in the middle of markup, before the root element',
          end,
        );
      }
      throw new FeedkitError('input-empty', 'the input has no XML element (no root element)', {
        file: this.file,
        line: end.line,
        col: end.col,
      });
    }
    if (cutOff) {
      if (this.depth === 0) {
        throw new FeedkitError(
          'input-truncated',
          'the input ends in the middle of markup after the root element',
          end,
        );
      }
      const name = this.openNames[this.depth - 1] as string;
      const line = this.openLines[this.depth - 1] as number;
      const inRecord =
        this.recordDepth > 0 ? ` inside the record that starts at line ${this.recordLine}` : '';
      throw new FeedkitError(
        'input-truncated',
        `the input ends before the document is complete: <${name}> (line ${line})${inRecord} is not closed; was the file cut off?`,
        { ...end, expected: `</${name}>`, found: 'the end of the input' },
      );
    }
    const first = errors[0];
    if (first !== undefined) throw new FeedkitError('input-malformed', `not well-formed XML: ${first}`, end);
  }

  /**
   * After {@link end}, when the record path matched nothing in the (well-formed) document:
   * the error that says so, naming the root and guessing the records (the most repeated
   * element below it, the shallowest on a tie). Undefined when there were records.
   */
  noMatch(): FeedkitError | undefined {
    if (this.records > 0) return undefined;
    let guess: string | undefined;
    let best = { depth: 0, count: 0 };
    for (const [name, seen] of this.shape) {
      if (seen.count > best.count || (seen.count === best.count && seen.depth < best.depth)) {
        guess = name;
        best = seen;
      }
    }
    const parts = [`no element matches ${this.recordPath}`, `the document's root is <${this.rootName}>`];
    // The path's own element elsewhere in the document (a T_UPDATE_PRICES file read with a
    // T_NEW_CATALOG path) says more than the most repeated one, which may be a header's.
    const last = /([A-Za-z_][\w.-]*)(?:\[[^\]]*\])*\/*$/.exec(this.recordPath)?.[1];
    const same = last === undefined ? undefined : this.shape.get(last);
    if (same !== undefined)
      parts.push(
        `records look like ${same.path} (${same.count === 1 ? 'one record' : `${same.count} of them`})`,
      );
    else if (guess === undefined) parts.push('it has no elements below it');
    else if (best.count > 1) parts.push(`records look like //${guess} (${best.count} of them)`);
    else
      parts.push(
        `below it: ${[...this.shape.keys()]
          .slice(0, 5)
          .map((name) => `<${name}>`)
          .join(', ')}`,
      );
    return new FeedkitError('input-no-records', parts.join('; '), { file: this.file });
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
      throw new FeedkitError('input-limit', `elements nest deeper than ${this.limits.depth} levels`, {
        file: this.file,
        line: this.tagLine,
        col: this.tagCol,
        expected: `at most ${this.limits.depth} levels`,
      });
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
    if (this.documentPaths.length > 0) this.matchDocumentPaths(tag);
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
    if (this.captures.length > 0) this.endCaptures(depth);
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
    else if (this.captures.length > 0) this.captureText(text);
  }

  private onCdata(text: string): void {
    const parser = this.parser;
    this.checkSpan(parser.position);
    this.markLine = parser.line;
    this.markCol = parser.column + 1;
    this.markPos = parser.position;
    if (this.recordDepth > 0) this.texts.push(text);
    else if (this.captures.length > 0) this.captureText(text);
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
    throw this.malformed(message);
  }

  // records

  private startRecord(tag: SaxesTagNS): void {
    this.records++;
    const open = this.captures[0];
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
      const most = this.limits.recordElements;
      throw new FeedkitError(
        'input-limit',
        `the record <${this.openNames[this.recordDepth - 1]}> has more than ${most} elements`,
        {
          file: this.file,
          line: this.recordLine,
          col: this.recordCol,
          expected: `at most ${most} elements per record`,
        },
      );
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
    const columns = this.columns;
    const values = new Array<Field>(columns.length);
    let features: Map<string, string[]> | undefined;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as Column;
      switch (column.kind) {
        case 'path':
          values[c] = toField(evaluate(column.path, root, texts));
          break;
        case 'document': {
          const found = column.target.values;
          values[c] = found.length === 0 ? undefined : found.length === 1 ? found[0] : found.slice();
          break;
        }
        case 'feature': {
          features ??= this.readFeatures(root, texts);
          const found = features.get(column.name);
          values[c] = found === undefined ? undefined : found.length === 1 ? found[0] : found;
          break;
        }
      }
    }
    this.out.push({ line: this.recordLine, col: this.recordCol, values });
    this.stats.records++;
    this.recordDepth = 0;
    this.root = undefined;
    this.kept = [];
    this.texts = [];
  }

  private readFeatures(root: XmlNode, texts: readonly string[]): Map<string, string[]> {
    const f = this.features as CompiledFeatures;
    const found = new Map<string, string[]>();
    for (const node of selectElements(f.path, root, texts)) {
      const name = evaluate(f.name, node, texts)[0];
      if (name === undefined || !f.wanted.has(name)) continue;
      const unit = f.unit === undefined ? '' : (evaluate(f.unit, node, texts)[0] ?? '');
      let list = found.get(name);
      if (list === undefined) {
        list = [];
        found.set(name, list);
      }
      for (const value of evaluate(f.value, node, texts)) {
        list.push(unit !== '' && value !== '' ? `${value} ${unit}` : value);
      }
    }
    return found;
  }

  // document-level values

  private matchDocumentPaths(tag: SaxesTagNS): void {
    const depth = this.depth;
    for (const target of this.documentPaths) {
      const { elements } = target;
      if (elements.length !== depth) continue;
      let d = 0;
      while (d < depth && nameMatches(elements[d] as NameTest, this.openLocal[d], this.openUri[d])) d++;
      if (d < depth) continue;
      if (target.attribute === undefined) {
        this.captures.push({ target, depth, start: this.documentTexts.length });
        continue;
      }
      const value = attributeValue(tag.attributes, target.attribute);
      if (value !== undefined) this.keepDocumentValue(target, value.trim());
    }
  }

  private captureText(text: string): void {
    this.documentTexts.push(text);
    this.documentChars += text.length;
    if (this.documentChars > this.limits.recordChars) throw this.documentTooLarge();
  }

  private endCaptures(depth: number): void {
    const { captures } = this;
    for (let top = captures.at(-1); top !== undefined && top.depth === depth; top = captures.at(-1)) {
      captures.pop();
      this.keepDocumentValue(top.target, this.documentTexts.slice(top.start).join('').trim());
    }
    if (captures.length === 0) this.documentTexts = [];
  }

  private keepDocumentValue(target: DocumentPath, value: string): void {
    // Each value is copied into every later record: count it as more than its text.
    this.documentChars += value.length + 1024;
    if (this.documentChars > this.limits.recordChars) throw this.documentTooLarge();
    target.values.push(value);
  }

  // errors

  /** Throws when more than `textChars` characters passed since the last event. */
  private checkSpan(position: number): void {
    const { textChars } = this.limits;
    if (position - this.markPos <= textChars) return;
    const size = formatSize(textChars);
    if (this.inStartTag) {
      throw new FeedkitError(
        'input-limit',
        `the start tag <${this.tagName}> is longer than ${size} characters`,
        {
          file: this.file,
          line: this.tagLine,
          col: this.tagCol,
          expected: `attributes of at most ${size} characters`,
        },
      );
    }
    throw new FeedkitError(
      'input-limit',
      `a text (or comment, CDATA section, DOCTYPE) is longer than ${size} characters`,
      { file: this.file, line: this.markLine, col: this.markCol, expected: `at most ${size} characters` },
    );
  }

  private recordTooLarge(): FeedkitError {
    const size = formatSize(this.limits.recordChars);
    return new FeedkitError(
      'input-limit',
      `the record <${this.openNames[this.recordDepth - 1]}> is longer than ${size} characters`,
      {
        file: this.file,
        line: this.recordLine,
        col: this.recordCol,
        expected: `at most ${size} characters per record`,
      },
    );
  }

  private documentTooLarge(): FeedkitError {
    const size = formatSize(this.limits.recordChars);
    return new FeedkitError(
      'input-limit',
      `the document-level values (absolute paths) hold more than ${size} characters`,
      {
        file: this.file,
        line: this.markLine,
        col: this.markCol,
        expected: `at most ${size} characters`,
      },
    );
  }

  /** The parser's position: the last character read (`after` 0) or the next one (1). */
  private here(after: 0 | 1): { file: string | undefined; line: number; col: number } {
    const { parser } = this;
    return { file: this.file, line: parser.line, col: Math.max(1, parser.column + after) };
  }

  private malformed(message: string): FeedkitError {
    const at = this.here(0);
    let text = `not well-formed XML: ${message.replace(/\.$/, '')}`;
    let expected: string | undefined;
    let found: string | undefined;
    switch (message) {
      case 'text data outside of root node.': {
        const where = this.firstTextInRun();
        at.line = where.line;
        at.col = where.col;
        found = JSON.stringify(where.char);
        if (this.rootSeen) {
          text = 'not well-formed XML: text after the end of the root element';
          expected = 'nothing after the root element';
        } else {
          text = 'not XML: text before the first element';
          expected = "'<'";
        }
        break;
      }
      case 'documents may contain only one root.':
        text = `not well-formed XML: a second root element <${this.tagName}> after the end of the document`;
        at.line = this.tagLine;
        at.col = this.tagCol;
        break;
      case 'unexpected close tag.': {
        const open = this.lastClosed;
        const line = this.openLines[this.depth];
        text = `not well-formed XML: the end tag does not match <${open}>${line === undefined ? '' : ` (line ${line})`}`;
        at.line = this.closeLine;
        at.col = this.closeCol;
        expected = `</${open}>`;
        found = this.endTagBefore();
        break;
      }
      case 'disallowed character.': {
        const ch = this.charBefore();
        if (ch !== undefined) {
          const code = ch.codePointAt(0) as number;
          text = `not well-formed XML: character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`;
        }
        break;
      }
      default: {
        const unbound = /^unbound namespace prefix: "(.*)"\.$/.exec(message);
        if (unbound !== null) {
          text = `not well-formed XML: namespace prefix "${unbound[1]}" is not declared (declare it in the document, or under namespaces in the mapping)`;
        }
      }
    }
    return new FeedkitError('input-malformed', text, { ...at, expected, found });
  }

  /**
   * Position of the stray text saxes complained about: its first non-space character, after
   * the last markup (`>`) in the slice or the last event. saxes complains at the end of the
   * slice where that character is, or at the `<` after it, having reported the text first.
   */
  private firstTextInRun(): { line: number; col: number; char: string } {
    const { slice, parser } = this;
    const error = Math.min(slice.length, parser.position - this.sliceStart);
    const from = parser.position === this.textEndPos ? this.textStartPos : this.markPos;
    let start = Math.max(slice.lastIndexOf('>', error - 1) + 1, from - this.sliceStart, 0);
    while (start < error && /\s/.test(slice[start] as string)) start++;
    let line = this.sliceLine;
    let col = this.sliceCol;
    for (let i = 0; i < start; i++) {
      const ch = slice.charCodeAt(i);
      if (ch === 0x0a || (ch === 0x0d && slice.charCodeAt(i + 1) !== 0x0a)) {
        line++;
        col = 1;
      } else if (ch !== 0x0d && (ch < 0xdc00 || ch > 0xdfff)) {
        col++;
      }
    }
    return { line, col, char: String.fromCodePoint(slice.codePointAt(start) ?? 0x20) };
  }

  private charBefore(): string | undefined {
    const { recent } = this;
    const index = this.parser.position - this.recentStart - 1;
    const low = recent.charCodeAt(index);
    if (Number.isNaN(low)) return undefined;
    if (low >= 0xdc00 && low <= 0xdfff && index > 0) return recent.slice(index - 1, index + 1);
    return recent[index];
  }

  /** The end tag just read, unless it is too long to quote. */
  private endTagBefore(): string | undefined {
    const end = this.parser.position - this.recentStart;
    const start = this.recent.lastIndexOf('</', end - 2);
    return start < 0 || end - start > 200 ? undefined : this.recent.slice(start, end);
  }
}

/**
 * Check one column the way {@link XmlRecordReader} will read it, without reading anything:
 * the error carries the position in the column (`index`, `col`). Document-level paths are
 * checked against the record path too, when that is valid.
 */
export function checkColumn(
  column: string,
  options: Pick<XmlReaderOptions, 'record' | 'namespaces' | 'features'>,
): XmlPathError | undefined {
  const namespaces = options.namespaces ?? {};
  let record: ElementStep[] = [];
  try {
    record = compileRecordPath(options.record, namespaces);
  } catch {
    // The record path has its own error; check the column on its own.
  }
  try {
    compileColumn(column, record, namespaces, options.features !== undefined);
    return undefined;
  } catch (error) {
    if (error instanceof XmlPathError) return error;
    throw error;
  }
}

/** Check the record path; the error carries the position in it. */
export function checkRecordPath(
  record: string,
  namespaces: Readonly<Record<string, string>> = {},
): XmlPathError | undefined {
  try {
    compileRecordPath(record, namespaces);
    return undefined;
  } catch (error) {
    if (error instanceof XmlPathError) return error;
    throw error;
  }
}

function compileColumn(
  column: string,
  record: readonly ElementStep[],
  namespaces: Readonly<Record<string, string>>,
  hasFeatures: boolean,
): Column {
  if (column.startsWith('feature:')) {
    const name = column.slice('feature:'.length).trim();
    if (name === '') throw new XmlPathError(column, 8, 'a feature column needs a name: feature:NAME');
    if (!hasFeatures)
      throw new XmlPathError(column, 0, 'feature columns need source.features (path, name, value)');
    return { kind: 'feature', name };
  }
  const path = compilePath(column, namespaces);
  const first = path.steps[0];
  if (path.absolute && first?.kind === 'element' && first.axis === 'child') {
    return { kind: 'document', target: documentPath(path, record) };
  }
  return { kind: 'path', path };
}

function compileRecordPath(record: string, namespaces: Readonly<Record<string, string>>): ElementStep[] {
  const path = compilePath(record, namespaces);
  if (!path.absolute) {
    throw new XmlPathError(record, 0, 'the record path is absolute: /ROOT/…/NAME or //NAME', "'/'");
  }
  const steps: ElementStep[] = [];
  for (const step of path.steps) {
    if (step.kind !== 'element') {
      throw new XmlPathError(record, step.index, 'the record path takes element names only');
    }
    const predicate = step.predicates[0];
    if (predicate !== undefined) {
      throw new XmlPathError(record, predicate.index, 'the record path cannot have predicates ([ ])');
    }
    steps.push(step);
  }
  if (steps.length > 30) throw new XmlPathError(record, 0, 'the record path has more than 30 steps');
  return steps;
}

function compileRelative(path: string, namespaces: Readonly<Record<string, string>>): CompiledPath {
  const compiled = compilePath(path, namespaces);
  const first = compiled.steps[0];
  if (compiled.absolute && first?.kind === 'element' && first.axis === 'child') {
    throw new XmlPathError(path, 0, 'feature paths are relative to the record (or to the feature)');
  }
  return compiled;
}

/** An absolute column path: child steps, maybe a final attribute; not at or below the records. */
function documentPath(path: CompiledPath, record: readonly ElementStep[]): DocumentPath {
  const elements: NameTest[] = [];
  let attribute: NameTest | undefined;
  for (const step of path.steps) {
    if (step.kind === 'attribute') {
      attribute = { local: step.local, uri: step.uri };
      continue;
    }
    if (step.kind !== 'element' || step.axis !== 'child' || step.predicates.length > 0) {
      const predicate = step.kind === 'element' ? step.predicates[0] : undefined;
      const at =
        predicate !== undefined
          ? predicate.index
          : step.kind === 'element' && step.axis === 'descendant'
            ? step.index - 2
            : step.index;
      throw new XmlPathError(
        path.source,
        at,
        'absolute paths (document-level values) take child steps and a final @attribute only',
      );
    }
    elements.push({ local: step.local, uri: step.uri });
  }
  const plain = record.length > 0 && record.every((s) => s.axis === 'child' && s.local !== undefined);
  if (plain) {
    let same = 0;
    while (
      same < elements.length &&
      same < record.length &&
      elements[same]?.local === record[same]?.local &&
      elements[same]?.uri === record[same]?.uri
    ) {
      same++;
    }
    if (same === record.length && elements.length > record.length) {
      const rest = path.steps[same] as { index: number };
      throw new XmlPathError(
        path.source,
        rest.index,
        `this is inside the records; paths in a record are relative to it: ${path.source.slice(rest.index)}`,
      );
    }
    if (same === elements.length && attribute === undefined) {
      throw new XmlPathError(
        path.source,
        0,
        'this element contains the records; point at an element outside them',
      );
    }
  }
  return { source: path.source, elements, attribute, values: [] };
}

function nameMatches(test: NameTest, local: string | undefined, uri: string | undefined): boolean {
  return (test.local === undefined || test.local === local) && (test.uri === undefined || test.uri === uri);
}

function attributeValue(attributes: Record<string, SaxesAttributeNS>, test: NameTest): string | undefined {
  for (const name in attributes) {
    const attr = attributes[name] as SaxesAttributeNS;
    if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
    if (nameMatches(test, attr.local, attr.uri)) return attr.value;
  }
  return undefined;
}

function toField(values: string[]): Field {
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}

function formatSize(chars: number): string {
  if (chars >= 1 << 20 && chars % (1 << 20) === 0) return `${chars / (1 << 20)} Mi`;
  if (chars >= 1 << 10 && chars % (1 << 10) === 0) return `${chars / (1 << 10)} Ki`;
  return String(chars);
}

function definedOnly(limits: XmlLimits | undefined): XmlLimits {
  const out: XmlLimits = {};
  if (limits?.depth !== undefined) out.depth = limits.depth;
  if (limits?.recordChars !== undefined) out.recordChars = limits.recordChars;
  if (limits?.recordElements !== undefined) out.recordElements = limits.recordElements;
  if (limits?.textChars !== undefined) out.textChars = limits.textChars;
  return out;
}
