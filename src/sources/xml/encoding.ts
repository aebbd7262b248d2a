import { TextDecoder } from 'node:util';
import { FeedkitError } from '../../model/errors.js';
import { createDecoder } from '../decode.js';

/** Encodings the XML reader decodes. */
export type XmlEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** What the mapping may ask for; `auto` reads the BOM and the XML declaration. */
export type XmlEncodingOption = 'auto' | XmlEncoding | 'iso-8859-1' | 'latin1';

/** How the encoding was chosen. */
export type EncodingSource = 'option' | 'bom' | 'declaration' | 'default';

/** Bytes decoded at once by {@link XmlDecoder.pieces}. */
const PIECE = 1 << 16;
/** Bytes the reader waits for, at most, to see the whole XML declaration. */
const DECLARATION_BYTES = 1024;

/**
 * Declared encoding names (lower case) → decoder. ISO-8859-1 and US-ASCII are read as
 * windows-1252, as browsers do: files labelled latin-1 often hold €, „ or – in 0x80–0x9F,
 * where ISO-8859-1 has only control characters, and ASCII is a subset of both.
 * A UTF-16 label on bytes that are not UTF-16 (the sniffed `<?xm` is single-byte) comes
 * from a serializer that wrote its string type's name: the bytes are UTF-8.
 */
const LABELS: Record<string, XmlEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-8',
  'utf-16le': 'utf-8',
  'utf-16be': 'utf-8',
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso_8859_1: 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  l1: 'windows-1252',
  cp819: 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
};

const DECLARED = /^<\?xml[\s\S]*?\sencoding\s*=\s*(["'])([^"'<>?]*)\1/;

/** A byte the decoder could not read, reported after the text before it was parsed. */
export interface DecodeError {
  message: string;
  found: string;
}

/**
 * Bytes → text for the XML reader, one chunk at a time. Finds the encoding from the option,
 * the BOM or the XML declaration (buffering the first bytes until it knows), removes the BOM,
 * and carries a character split between chunks over to the next one. Invalid bytes end the
 * text before them and set {@link XmlDecoder.error}.
 */
export class XmlDecoder {
  /** The encoding in use; undefined until the first bytes are seen. */
  encoding: XmlEncoding | undefined;
  /** How {@link XmlDecoder.encoding} was chosen. */
  source: EncodingSource | undefined;
  /** Set when a chunk held bytes invalid in the encoding; the returned text stops before them. */
  error: DecodeError | undefined;
  /** Bytes seen so far. */
  bytes = 0;

  private readonly option: XmlEncodingOption;
  private readonly file: string | undefined;
  private head: Uint8Array = new Uint8Array(0);
  private pending: Uint8Array | undefined;
  private decodeBytes: ((bytes: Uint8Array) => string) | undefined;

  constructor(option: XmlEncodingOption = 'auto', file?: string) {
    this.option = option;
    this.file = file;
  }

  /**
   * Text of the bytes, a piece at a time. A string over 128 KiB goes to V8's large-object
   * space, on pages of its own that are new memory each time: decoding a 1 MiB chunk whole
   * costs about twice as much as decoding it in 64 KiB pieces (CHANGELOG).
   */
  *pieces(chunk: Uint8Array): Generator<string> {
    for (let i = 0; i < chunk.length; i += PIECE) {
      yield this.push(i === 0 && chunk.length <= PIECE ? chunk : chunk.subarray(i, i + PIECE));
    }
  }

  /** Text of the bytes so far ('' while the encoding is not known yet). */
  push(chunk: Uint8Array): string {
    this.bytes += chunk.length;
    if (this.encoding === undefined) {
      this.head = concat(this.head, chunk);
      if (!this.sniff(false)) return '';
      const head = this.head;
      this.head = new Uint8Array(0);
      return this.decode(head);
    }
    return this.decode(chunk);
  }

  /** Text of whatever is left at the end of the input. */
  end(): string {
    let text = '';
    if (this.encoding === undefined) {
      if (this.head.length === 0) return '';
      this.sniff(true);
      text = this.decode(this.head);
      this.head = new Uint8Array(0);
    }
    if (this.error === undefined && this.pending !== undefined) {
      const name = this.encoding === 'utf-8' ? 'UTF-8' : 'UTF-16';
      this.error = {
        message: `the input ends in the middle of a ${name} character`,
        found: hex(this.pending),
      };
    }
    return text;
  }

  /** Decide the encoding from the head; false while more bytes are needed. */
  private sniff(atEnd: boolean): boolean {
    const h = this.head;
    if (this.option !== 'auto') {
      const encoding =
        this.option === 'iso-8859-1' || this.option === 'latin1' ? 'windows-1252' : this.option;
      if (h.length < 3 && !atEnd) return false;
      const bom = bomOf(h);
      this.choose(encoding, 'option', bom !== undefined && bom.encoding === encoding ? bom.length : 0);
      return true;
    }
    if (h.length < 4 && !atEnd) return false;
    const bom = bomOf(h);
    if (bom !== undefined) {
      this.choose(bom.encoding, 'bom', bom.length);
      return true;
    }
    if (h[0] === 0x3c && h[1] === 0x00 && h[2] === 0x3f && h[3] === 0x00) {
      this.choose('utf-16le', 'declaration', 0);
      return true;
    }
    if (h[0] === 0x00 && h[1] === 0x3c && h[2] === 0x00 && h[3] === 0x3f) {
      this.choose('utf-16be', 'declaration', 0);
      return true;
    }
    if (!(h[0] === 0x3c && h[1] === 0x3f && h[2] === 0x78 && h[3] === 0x6d)) {
      this.choose('utf-8', 'default', 0);
      return true;
    }
    // `<?xm`: wait for the end of the declaration (or give up looking after a while).
    const end = indexOfDeclarationEnd(h);
    if (end < 0 && h.length < DECLARATION_BYTES && !atEnd) return false;
    const declaration = Buffer.from(h.buffer, h.byteOffset, end < 0 ? h.length : end).toString('latin1');
    const match = DECLARED.exec(declaration);
    if (match === null) {
      this.choose('utf-8', 'default', 0);
      return true;
    }
    const label = match[2] as string;
    const encoding = LABELS[label.toLowerCase()];
    if (encoding === undefined) {
      throw new FeedkitError(
        'input-unreadable',
        `the XML declaration names encoding "${label}", which feedkit cannot read; convert the file to UTF-8, or set source.encoding if the label is wrong`,
        {
          file: this.file,
          line: 1,
          col: declaration.indexOf(label, match.index) + 1,
          expected: 'UTF-8, UTF-16, ISO-8859-1, windows-1252 or US-ASCII',
          found: label,
        },
      );
    }
    this.choose(encoding, 'declaration', 0);
    return true;
  }

  private choose(encoding: XmlEncoding, source: EncodingSource, skip: number): void {
    this.encoding = encoding;
    this.source = source;
    if (skip > 0) this.head = this.head.subarray(skip);
    switch (encoding) {
      case 'utf-8':
        this.decodeBytes = utf8Decoder();
        break;
      case 'utf-16le':
      case 'utf-16be':
        this.decodeBytes = utf16Decoder(encoding);
        break;
      case 'windows-1252':
        this.decodeBytes = createDecoder('windows-1252');
        break;
    }
  }

  private decode(chunk: Uint8Array): string {
    if (this.error !== undefined) return '';
    let bytes = chunk;
    if (this.pending !== undefined) {
      bytes = concat(this.pending, chunk);
      this.pending = undefined;
    }
    if (bytes.length === 0) return '';
    const decode = this.decodeBytes as (bytes: Uint8Array) => string;
    const encoding = this.encoding as XmlEncoding;
    const cut =
      encoding === 'utf-8'
        ? utf8Cut(bytes)
        : encoding === 'windows-1252'
          ? bytes.length
          : utf16Cut(bytes, encoding);
    if (cut < bytes.length) this.pending = bytes.slice(cut);
    const whole = cut < bytes.length ? bytes.subarray(0, cut) : bytes;
    try {
      return decode(whole);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw error;
      this.pending = undefined;
      const bad =
        encoding === 'utf-8'
          ? firstInvalidUtf8(whole)
          : firstInvalidUtf16(whole, encoding as 'utf-16le' | 'utf-16be');
      let width = encoding === 'utf-8' ? 1 : 2;
      while (encoding === 'utf-8' && width < 4 && ((whole[bad + width] ?? 0) & 0xc0) === 0x80) width++;
      const name = encoding === 'utf-8' ? 'UTF-8' : encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
      this.error = {
        message: `invalid ${name} bytes; if the file is in another encoding, set source.encoding (e.g. windows-1252)`,
        found: hex(whole.subarray(bad, bad + width)),
      };
      return decode(whole.subarray(0, bad));
    }
  }
}

function bomOf(h: Uint8Array): { encoding: XmlEncoding; length: number } | undefined {
  if (h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (h[0] === 0xff && h[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (h[0] === 0xfe && h[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

function indexOfDeclarationEnd(h: Uint8Array): number {
  for (let i = 0; i < h.length - 1; i++) if (h[i] === 0x3f && h[i + 1] === 0x3e) return i + 2;
  return -1;
}

function utf8Decoder(): (bytes: Uint8Array) => string {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return (bytes) => decoder.decode(bytes);
}

function utf16Decoder(encoding: 'utf-16le' | 'utf-16be'): (bytes: Uint8Array) => string {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  return (bytes) => decoder.decode(bytes);
}

/** Length of the bytes that end on a whole UTF-8 character (the rest waits for the next chunk). */
function utf8Cut(b: Uint8Array): number {
  const n = b.length;
  let k = n - 1;
  while (k >= 0 && k > n - 4 && ((b[k] as number) & 0xc0) === 0x80) k--;
  if (k < 0) return n;
  const lead = b[k] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return n - k < need && lead <= 0xf4 ? k : n;
}

/** Length of the bytes that end on a whole UTF-16 character (even, no dangling high surrogate). */
function utf16Cut(b: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): number {
  const even = b.length & ~1;
  if (even < 2) return even;
  const unit =
    encoding === 'utf-16le'
      ? (b[even - 2] as number) | ((b[even - 1] as number) << 8)
      : ((b[even - 2] as number) << 8) | (b[even - 1] as number);
  return unit >= 0xd800 && unit <= 0xdbff ? even - 2 : even;
}

/** Offset of the first byte that does not start a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const next = b[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (next & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}

/** Offset of the first unpaired surrogate. */
function firstInvalidUtf16(b: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): number {
  const unit = (i: number) =>
    encoding === 'utf-16le'
      ? (b[i] as number) | ((b[i + 1] as number) << 8)
      : ((b[i] as number) << 8) | (b[i + 1] as number);
  for (let i = 0; i + 1 < b.length; i += 2) {
    const u = unit(i);
    if (u >= 0xdc00 && u <= 0xdfff) return i;
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 3 < b.length ? unit(i + 2) : -1;
      if (next < 0xdc00 || next > 0xdfff) return i;
      i += 2;
    }
  }
  return b.length & ~1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
}
