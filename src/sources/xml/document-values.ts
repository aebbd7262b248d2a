import type { SaxesTagNS } from 'saxes';
import { FeedkitError } from '../../model/errors.js';
import { attributeValue, type DocumentPath, type NameTest, nameMatches } from './columns.js';

/** An element outside the records whose text a document-level path reads, still open. */
export interface Capture {
  target: DocumentPath;
  depth: number;
  start: number;
}

/**
 * The values of absolute column paths (`/BMECAT/HEADER/CATALOG/CURRENCY`), collected outside
 * the records as the document streams by and given to every record after them. Their text
 * counts against `limit` characters; `tooLarge` gives the error when it is passed.
 */
export class DocumentValues {
  /** Open elements being captured, innermost last. */
  readonly captures: Capture[] = [];

  /** Before a record starts (`<name>` at `line`): throws when a capture holds it. */
  recordStarts(name: string, line: number): void {
    const open = this.captures[0];
    if (open === undefined) return;
    throw new FeedkitError(
      'invalid-path',
      `the column "${open.target.source}" reads an element that contains the records (record <${name}> at line ${line}); point it at an element outside the records`,
      { found: open.target.source },
    );
  }
  private texts: string[] = [];
  private chars = 0;

  constructor(
    readonly paths: readonly DocumentPath[],
    private readonly limit: number,
    private readonly tooLarge: () => FeedkitError,
  ) {}

  /** An element opened at `depth` outside the records; `openLocal`/`openUri` name its ancestors and itself. */
  open(tag: SaxesTagNS, depth: number, openLocal: readonly string[], openUri: readonly string[]): void {
    for (const target of this.paths) {
      const { elements } = target;
      if (elements.length !== depth) continue;
      let d = 0;
      while (d < depth && nameMatches(elements[d] as NameTest, openLocal[d], openUri[d])) d++;
      if (d < depth) continue;
      if (target.attribute === undefined) {
        this.captures.push({ target, depth, start: this.texts.length });
        continue;
      }
      const value = attributeValue(tag.attributes, target.attribute);
      if (value !== undefined) this.keep(target, value.trim());
    }
  }

  /** Text inside a captured element. */
  text(text: string): void {
    this.texts.push(text);
    this.chars += text.length;
    if (this.chars > this.limit) throw this.tooLarge();
  }

  /** The element at `depth` closed: captures ending there keep their text. */
  close(depth: number): void {
    const { captures } = this;
    for (let top = captures.at(-1); top !== undefined && top.depth === depth; top = captures.at(-1)) {
      captures.pop();
      this.keep(top.target, this.texts.slice(top.start).join('').trim());
    }
    if (captures.length === 0) this.texts = [];
  }

  private keep(target: DocumentPath, value: string): void {
    // Each value is copied into every later record: count it as more than its text.
    this.chars += value.length + 1024;
    if (this.chars > this.limit) throw this.tooLarge();
    target.values.push(value);
  }
}
