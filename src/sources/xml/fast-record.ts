import type { SaxesAttributeNS } from 'saxes';
import { clean, FORBIDDEN, SPECIAL, type Undeclared } from './fast-text.js';
import type { RecordBuilder } from './record-builder.js';

/** {@link FastRecord.scan}: the record's end tag is not in the text yet. */
export const INCOMPLETE = -1;
/** {@link FastRecord.scan}: something the scan does not take; saxes reads the record. */
export const DECLINED = -2;

/** What the scan needs to know of the record it reads. */
export interface FastRecordContext {
  /** The record element's name as its start tag writes it, which its end tag must repeat. */
  name: string;
  /** The namespace URI a prefix has at the record's start tag (saxes's `resolve`). */
  resolve(prefix: string): string | undefined;
  /** Most levels of elements below the record. */
  depth: number;
  /** Most elements in the record. */
  elements: number;
  /** Most characters in one text run, tag, comment or CDATA section. */
  span: number;
  /** Most characters of the record's content. */
  chars: number;
  /** Whether references to undeclared entities may be kept (see {@link Undeclared}). */
  keepUndeclared: boolean;
}

const ATTRIBUTE =
  /[ \t\r\n]+([A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?)[ \t\r\n]*=[ \t\r\n]*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /[ \t\r\n]*(\/?)>/y;
const END_TAG_REST = /[ \t\r\n]*>/y;
/** Attributes of a start tag that has none, shared (nothing writes to a node's attributes). */
const NO_ATTRIBUTES: Record<string, SaxesAttributeNS> = Object.freeze(Object.create(null));

/** A name as read once: an element's or attribute's qualified name, its prefix and local part. */
interface Name {
  qname: string;
  prefix: string;
  local: string;
}

/** Whether a UTF-16 unit may start a name here (ASCII letters and `_`). */
function nameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

/** Whether a UTF-16 unit may go on a name here (also digits, `.`, `-`). */
function nameChar(c: number): boolean {
  return nameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
}

/**
 * A record's content read without saxes, for the common shape of catalog records: elements
 * with ASCII names, attributes, text with the predefined entities and character references,
 * CDATA and comments, in XML 1.0. It feeds the record builder the events saxes would have
 * given, from just after the record's start tag to its end tag. Anything else (a namespace
 * declaration, a processing instruction, an unknown entity, a name outside ASCII, anything
 * malformed, a limit near) declines, and saxes reads the record as before: the scan never
 * reports an error of its own, so every message and position stays saxes's.
 *
 * Why: saxes reads a character at a time; this scan jumps from `<` to `<` with `indexOf` and
 * sticky expressions, several times faster on record content, which is most of a feed.
 */
export class FastRecord {
  /** After a successful {@link scan}: references to undeclared entities kept as written. */
  get undeclared(): number {
    return this.entities.count;
  }
  private readonly entities: Undeclared = { keep: false, count: 0 };

  /** After a successful {@link scan}: where the record's end tag starts. */
  contentEnd = 0;
  /** After a successful {@link scan}: line breaks in the content (CRLF counts once). */
  breaks = 0;
  /** After a successful {@link scan}: characters (code points) after the content's last line break. */
  tail = 0;

  private readonly cr = new NextIndex(/\r/g);
  private readonly high = new NextIndex(/[\ud800-\udbff]/g);
  /** Names of the elements open inside the record. */
  private readonly open: Name[] = [];
  /** Namespace URIs by prefix, for the record being read. */
  private readonly prefixes = new Map<string, string | undefined>();
  /** Names read so far, by their first and third character: a feed repeats a few dozen names. */
  private readonly names = new Map<number, Name[]>();
  /** After {@link readName}: the index just after the name. */
  private nameEnd = 0;

  /**
   * Read the content of the record opened just before `start` into `builder`. Returns the
   * index just after the record's end tag, {@link INCOMPLETE} when the text stops before it,
   * or {@link DECLINED}. On anything but success, the builder is rewound to the record's start.
   */
  scan(text: string, start: number, builder: RecordBuilder, context: FastRecordContext): number {
    this.entities.keep = context.keepUndeclared;
    this.entities.count = 0;
    const end = this.read(text, start, builder, context);
    this.prefixes.clear();
    this.open.length = 0;
    if (end < 0) {
      builder.rewind();
      return end;
    }
    this.measure(text, start, this.contentEnd);
    return end;
  }

  private read(text: string, start: number, builder: RecordBuilder, context: FastRecordContext): number {
    const open = this.open;
    const limit = Math.min(text.length, start + context.chars);
    let elements = 0;
    let i = start;
    for (;;) {
      const lt = text.indexOf('<', i);
      if (lt < 0 || lt >= limit) return lt < 0 && text.length < start + context.chars ? INCOMPLETE : DECLINED;
      if (lt > i) {
        if (lt - i > context.span) return DECLINED;
        const raw = text.slice(i, lt);
        let value: string | undefined = raw;
        if (SPECIAL.test(raw)) {
          value = clean(raw, 'text', this.entities);
          if (value === undefined) return DECLINED;
        }
        builder.text(value);
      }
      const next = text.charCodeAt(lt + 1);
      if (Number.isNaN(next)) return INCOMPLETE;
      if (next === 0x2f) {
        // `</`: the end tag of the innermost open element, or of the record.
        const expected = open.length === 0 ? context.name : (open[open.length - 1] as Name).qname;
        const after = lt + 2 + expected.length;
        if (!text.startsWith(expected, lt + 2)) return text.length < after ? INCOMPLETE : DECLINED;
        let end = after + 1;
        if (text.charCodeAt(after) !== 0x3e) {
          END_TAG_REST.lastIndex = after;
          if (!END_TAG_REST.test(text)) return text.indexOf('>', after) < 0 ? INCOMPLETE : DECLINED;
          end = END_TAG_REST.lastIndex;
        }
        if (open.length === 0) {
          this.contentEnd = lt;
          return end;
        }
        open.pop();
        builder.close(open.length + 1);
        i = end;
        continue;
      }
      if (next === 0x21) {
        // `<!`: CDATA or a comment; a DOCTYPE or anything else declines.
        if (text.startsWith('<![CDATA[', lt)) {
          const close = text.indexOf(']]>', lt + 9);
          if (close < 0) return text.length - lt < 9 + context.span ? INCOMPLETE : DECLINED;
          if (close - lt > context.span) return DECLINED;
          const value = clean(text.slice(lt + 9, close), 'cdata', this.entities);
          if (value === undefined) return DECLINED;
          builder.text(value);
          i = close + 3;
          continue;
        }
        if (text.startsWith('<!--', lt)) {
          const close = text.indexOf('-->', lt + 4);
          if (close < 0) return text.length - lt < 4 + context.span ? INCOMPLETE : DECLINED;
          const body = text.slice(lt + 4, close);
          if (close - lt > context.span || body.includes('--') || body.endsWith('-') || FORBIDDEN.test(body))
            return DECLINED;
          i = close + 3;
          continue;
        }
        return text.length - lt < 9 ? INCOMPLETE : DECLINED;
      }
      // A start tag (a processing instruction, `<?`, declines: `?` starts no name).
      const name = this.readName(text, lt + 1);
      if (name === undefined) return this.nameEnd >= text.length ? INCOMPLETE : DECLINED;
      if (open.length + 1 > context.depth || ++elements > context.elements) return DECLINED;
      let at = this.nameEnd;
      let attributes = NO_ATTRIBUTES;
      let c = text.charCodeAt(at);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        const found = this.readAttributes(text, at, context);
        if (found === undefined) return DECLINED;
        attributes = found;
        at = this.nameEnd;
        c = text.charCodeAt(at);
      }
      let end: number;
      let empty = false;
      if (c === 0x3e) end = at + 1;
      else if (c === 0x2f && text.charCodeAt(at + 1) === 0x3e) {
        end = at + 2;
        empty = true;
      } else {
        TAG_END.lastIndex = at;
        const tagEnd = TAG_END.exec(text);
        if (tagEnd === null) return text.indexOf('>', at) < 0 ? INCOMPLETE : DECLINED;
        end = TAG_END.lastIndex;
        empty = tagEnd[1] === '/';
      }
      if (end - lt > context.span) return DECLINED;
      const uri = this.resolve(name.prefix, context);
      if (name.prefix !== '' && (uri === undefined || uri === '' || name.prefix === 'xmlns')) return DECLINED;
      const r = open.length + 1;
      builder.open({ local: name.local, uri: uri ?? '', attributes }, r);
      if (empty) builder.close(r);
      else open.push(name);
      i = end;
    }
  }

  /**
   * The name at `at` (ASCII, at most one colon with a part on each side), ended by white
   * space, `/` or `>`; sets {@link nameEnd} (on undefined: where the name stopped, the end
   * of the text when it is cut there).
   */
  private readName(text: string, at: number): Name | undefined {
    // Most names were read before: find them by their first and third character.
    const key = text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 2);
    const list = this.names.get(key);
    if (list !== undefined) {
      for (const name of list) {
        const end = at + name.qname.length;
        if (!text.startsWith(name.qname, at)) continue;
        const c = text.charCodeAt(end);
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e) {
          this.nameEnd = end;
          return name;
        }
      }
    }
    this.nameEnd = at;
    if (!nameStart(text.charCodeAt(at))) return undefined;
    let k = at + 1;
    let colon = -1;
    for (; ; k++) {
      const c = text.charCodeAt(k);
      if (nameChar(c)) continue;
      if (c === 0x3a && colon < 0 && nameStart(text.charCodeAt(k + 1))) {
        colon = k;
        continue;
      }
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e) break;
      // Cut by the end of the text (after the name or its colon): the rest is in the next text.
      this.nameEnd = Number.isNaN(c) || (c === 0x3a && k + 1 >= text.length) ? text.length : k;
      return undefined;
    }
    this.nameEnd = k;
    const qname = text.slice(at, k);
    const name =
      colon < 0
        ? { qname, prefix: '', local: qname }
        : { qname, prefix: qname.slice(0, colon - at), local: qname.slice(colon - at + 1) };
    // A hostile document could name every element differently: keep the cache small.
    if (list === undefined) {
      if (!Number.isNaN(key)) this.names.set(key, [name]);
    } else if (list.length < 8) list.push(name);
    return name;
  }

  /** The attributes from `at` (white space before the first); sets {@link nameEnd} after them. */
  private readAttributes(
    text: string,
    from: number,
    context: FastRecordContext,
  ): Record<string, SaxesAttributeNS> | undefined {
    let attributes: Record<string, SaxesAttributeNS> | undefined;
    let seen: Set<string> | undefined;
    let at = from;
    for (;;) {
      ATTRIBUTE.lastIndex = at;
      const attr = ATTRIBUTE.exec(text);
      if (attr === null) break;
      const qname = attr[1] as string;
      if (qname === 'xmlns' || qname.startsWith('xmlns:')) return undefined;
      const raw = attr[2] ?? (attr[3] as string);
      let value: string | undefined = raw;
      if (SPECIAL.test(raw) || /[\t\n]/.test(raw)) {
        value = clean(raw, 'attribute', this.entities);
        if (value === undefined) return undefined;
      }
      const colon = qname.indexOf(':');
      const prefix = colon < 0 ? '' : qname.slice(0, colon);
      const local = colon < 0 ? qname : qname.slice(colon + 1);
      const uri = colon < 0 ? '' : this.resolve(prefix, context);
      if (uri === undefined || (colon >= 0 && uri === '')) return undefined;
      attributes ??= Object.create(null) as Record<string, SaxesAttributeNS>;
      if (attributes[qname] !== undefined) return undefined;
      // Duplicates are by expanded name, as saxes checks them.
      if (colon >= 0 || seen !== undefined) {
        seen ??= new Set(Object.keys(attributes));
        const expanded = colon < 0 ? qname : `{${uri}}${local}`;
        if (seen.has(expanded)) return undefined;
        seen.add(expanded);
      }
      attributes[qname] = { name: qname, prefix, local, value, uri };
      at = ATTRIBUTE.lastIndex;
    }
    this.nameEnd = at;
    return attributes ?? NO_ATTRIBUTES;
  }

  private resolve(prefix: string, context: FastRecordContext): string | undefined {
    const prefixes = this.prefixes;
    if (prefixes.has(prefix)) return prefixes.get(prefix);
    // saxes's own scope, which binds `xml` too.
    const uri = context.resolve(prefix);
    prefixes.set(prefix, uri);
    return uri;
  }

  /** Line breaks in `text` from `start` to `end`, and the code points after the last one. */
  private measure(text: string, start: number, end: number): void {
    let breaks = 0;
    let last = start - 1;
    for (let k = text.indexOf('\n', start); k >= 0 && k < end; k = text.indexOf('\n', k + 1)) {
      breaks++;
      last = k;
    }
    // A CR alone is a line break too; a CRLF was counted at its LF.
    for (let k = this.cr.from(text, start); k >= 0 && k < end; k = this.cr.from(text, k + 1)) {
      if (text.charCodeAt(k + 1) === 0x0a && k + 1 < end) continue;
      breaks++;
      if (k > last) last = k;
    }
    let tail = end - last - 1;
    // saxes counts a column per code point: a surrogate pair is one.
    for (let k = this.high.from(text, last + 1); k >= 0 && k < end; k = this.high.from(text, k + 1)) tail--;
    this.breaks = breaks;
    this.tail = tail;
  }
}

/**
 * The first of some character at or after a position in a text, searched again only when
 * the position passes it: records are measured in order, and in a text without the
 * character a search per record would run to the text's end each time.
 */
class NextIndex {
  private text = '';
  private at = -1;
  private after = 0;

  constructor(private readonly pattern: RegExp) {}

  from(text: string, position: number): number {
    if (text !== this.text || position < this.after || (this.at >= 0 && this.at < position)) {
      this.text = text;
      this.pattern.lastIndex = position;
      this.at = this.pattern.exec(text)?.index ?? -1;
    }
    this.after = position;
    return this.at;
  }
}
