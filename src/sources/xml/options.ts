import type { FeatureSettings } from '../../config/mapping.js';
import type { Field } from '../../model/columns.js';
import type { Position } from '../../model/located.js';
import type { XmlEncodingOption } from './encoding.js';
import type { XmlLimits } from './limits.js';

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
  /**
   * Read record content with the fast scan where it can, and the columns that name one child
   * in one pass (default true); false gives every character to saxes and evaluates every
   * column's path, the reference the differential test compares with.
   */
  fast?: boolean;
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
  firstUndeclaredEntity?: Position & { name: string };
  /** Records whose content the fast scan read (the rest saxes read character by character). */
  fastRecords: number;
}
