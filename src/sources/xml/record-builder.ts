import type { SaxesTagNS } from 'saxes';
import type { Field } from '../../model/columns.js';
import type { Located } from '../../model/located.js';
import {
  type ChildColumns,
  type Column,
  type CompiledColumns,
  type CompiledFeatures,
  childColumns,
  recordValues,
} from './columns.js';
import { tooManyElements } from './limits.js';
import { XmlNode } from './tree.js';

/**
 * The record being read: from its start tag to its end tag, a small tree of the elements the
 * column paths can reach (see {@link XmlNode}) and the record's text pieces; at the end tag,
 * the column values. Nothing of a record is held after it ends.
 */
export class RecordBuilder {
  /** Depth of the record element in the document; 0 outside a record. */
  depth = 0;
  /** Where the record's start tag is. */
  line = 0;
  col = 0;
  /** Character position of the record's `<`, for the record size limit. */
  pos = 0;
  /** The record element's name as written. */
  name = '';

  private root: XmlNode | undefined;
  private texts: string[] = [];
  /** Per depth below the record: the nearest kept element at or above it. */
  private kept: XmlNode[] = [];
  private readonly seqs: number[] = [];
  private seq = 0;
  private readonly byChild: ChildColumns | undefined;

  private readonly columns: readonly Column[];
  private readonly features: CompiledFeatures | undefined;
  /** Local names worth a node; undefined keeps every element. */
  private readonly keep: Set<string> | undefined;

  constructor(
    compiled: CompiledColumns,
    private readonly maxElements: number,
    private readonly file: string | undefined,
    /** Read the columns that name one child in one pass (false: evaluate every path). */
    fast = true,
  ) {
    this.columns = compiled.columns;
    this.features = compiled.features;
    this.keep = compiled.keep;
    this.byChild = fast ? childColumns(compiled.columns) : undefined;
  }

  /** The record's start tag, at document depth `depth`. */
  start(tag: SaxesTagNS, depth: number, line: number, col: number, pos: number): void {
    this.depth = depth;
    this.name = tag.name;
    this.line = line;
    this.col = col;
    this.pos = pos;
    this.seq = 0;
    this.seqs[0] = 0;
    const root = new XmlNode(tag.local, tag.uri, tag.attributes, 0, 0, -1, 0);
    this.root = root;
    this.kept = [root];
  }

  /** Back to just after the record's start tag: what was read of its content is dropped. */
  rewind(): void {
    const root = this.root as XmlNode;
    root.children = undefined;
    this.seq = 0;
    this.kept = [root];
    this.texts = [];
  }

  /** A start tag inside the record, `r` levels below it. */
  open(tag: Pick<SaxesTagNS, 'local' | 'uri' | 'attributes'>, r: number): void {
    const seq = ++this.seq;
    if (seq > this.maxElements) throw tooManyElements(this.maxElements, this.name, this.where());
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

  /** An end tag inside the record, `r` (> 0) levels below it. */
  close(r: number): void {
    const node = this.kept[r] as XmlNode;
    if (node.depth === r) node.textEnd = this.texts.length;
  }

  /** Text or CDATA inside the record. */
  text(text: string): void {
    this.texts.push(text);
  }

  /** The record's end tag: its column values; the builder is outside a record again. */
  end(): Field[] {
    const root = this.root as XmlNode;
    const texts = this.texts;
    root.textEnd = texts.length;
    const values = recordValues(this.columns, this.features, root, texts, this.byChild);
    this.depth = 0;
    this.root = undefined;
    this.kept = [];
    this.texts = [];
    return values;
  }

  /** The record's start tag as a position. */
  where(): Located {
    return { file: this.file, line: this.line, col: this.col };
  }
}
