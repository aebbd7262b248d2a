import type { SourceSettings } from '../config/mapping.js';
import type { ColumnProblem, RowHandler } from '../model/columns.js';
import type { ErrorCode } from '../model/errors.js';
import type { OpenedInput } from './input.js';

/**
 * A source format (`csv`, `xml`) as a definition object: how to recognise it, how to read it
 * on the main thread into batches, and how a worker turns a batch into rows. Rows are field
 * values aligned to the source's columns (the CSV header, or the XML paths the mapping reads).
 */
export interface SourceDef {
  /** Name users type in `source.format`. */
  name: string;
  /** One line for `feedkit --help` and the README. */
  summary: string;
  /** True when the first bytes of the input look like this format (for `format: auto`). */
  sniff(head: Buffer): boolean;
  /**
   * For sources whose columns the mapping names (XML paths): the check of one name, usable
   * before any input is read (`feedkit check`).
   */
  columnCheck?(settings: SourceSettings): (name: string) => ColumnProblem | undefined;
  /** Problems in the source settings themselves (a bad record path), each at a settings key. */
  checkSettings?(settings: SourceSettings): SettingsProblem[];
  /** Start reading an opened input (main thread). */
  open(input: OpenedInput, options: SourceOptions): OpenedSource;
  /** Build the batch reader a worker uses; `spec` is what {@link OpenedSource.spec} gave. */
  reader(spec: SourceSpec, columns: readonly string[]): BatchReader;
  /** Examples; test/registries.test.ts checks that sniffing picks this format for each. */
  examples: SourceExample[];
}

/** The start of an input of this format, as a supplier sends it. */
export interface SourceExample {
  /** What the input is. */
  description: string;
  /** The input's first bytes, as text. */
  input: string;
}

/** A problem in the mapping's `source` section. */
export interface SettingsProblem {
  /** The key under `source` (`record`). */
  key: string;
  message: string;
  /** 0-based offset in the key's value, when the problem is inside it. */
  index?: number;
  expected?: string;
  /** Error code; default `invalid-path`. */
  code?: ErrorCode;
}

/** What a source needs from the mapping and the command line. */
export interface SourceOptions {
  /** The mapping's `source` section. */
  settings: SourceSettings;
  /** Input path as the user gave it, for messages. */
  path: string;
  /** Target batch size in bytes. */
  batchBytes: number;
}

/** Plain, structured-clonable data a worker needs to read batches of one input. */
export interface SourceSpec {
  /** The source's name. */
  format: string;
  /** Format-specific settings (e.g. the CSV dialect). */
  settings: Record<string, unknown>;
}

/** A source being read on the main thread. */
export interface OpenedSource {
  /** For workers: see {@link SourceSpec}. */
  spec: SourceSpec;
  /** Columns the input declares (a CSV header); undefined when the mapping names them (XML paths). */
  columns?: string[];
  /**
   * When `columns` is undefined: check a column name the mapping uses; returns what is wrong
   * with it (and where in the name), or undefined when it is fine.
   */
  checkColumn?(name: string): ColumnProblem | undefined;
  /** Facts for the report's `source` section, known once reading started. */
  describe(): Partial<
    Pick<
      SourceReport,
      'delimiter' | 'line_ends' | 'record' | 'encoding' | 'encoding_reason' | 'undeclared_entities' | 'parser'
    >
  >;
  /** Batches of the input, each a fresh transferable buffer, given the final column list. */
  batches(columns: readonly string[]): AsyncIterable<Uint8Array>;
  /** The merger has consumed a batch spanning `lines` lines (for positions in later errors). */
  consumed(lines: number): void;
}

/** Turns one batch into rows (in a worker). */
export interface BatchReader {
  /** Read a batch; `first` is true for the input's first batch. Returns the lines it spans. */
  read(bytes: Uint8Array, first: boolean, onRow: RowHandler): number;
  /**
   * Records of the last batch read by the reference parser (csv-parse) rather than by the fast
   * cut, for a source that has both; the report says which parser ran.
   */
  referenceRecords?(): number;
}

/** What was read, and how. */
export interface SourceReport {
  /** Input path as given (`-` for stdin). */
  path: string;
  /** Input format (`csv`, `xml`). */
  format: string;
  /** Encoding the input was read with. */
  encoding: string;
  /**
   * Why that encoding: `set in the mapping`, a byte-order mark, `valid UTF-8`, `ASCII only`,
   * `mostly UTF-8: …` (a few bad bytes, their records rejected as `bad-encoding`) or `not UTF-8: …`.
   */
  encoding_reason?: string;
  /** True when the input was gzip-compressed. */
  gzip: boolean;
  /** Field delimiter of delimited text (`\t` for tab). */
  delimiter?: string;
  /**
   * `cr` when the lines of delimited text end with CR alone (Excel's "CSV (Macintosh)"): read
   * as line ends, line numbers counted by them. Absent for LF and CRLF.
   */
  line_ends?: 'cr';
  /**
   * Which parser read the records. Delimited text: feedkit's fast cut (records of the plain
   * shape) and csv-parse, the reference parser, which reads a batch on from its first record
   * of another shape (a quote inside an unquoted field, text after a closing quote, a bare CR).
   * XML: the fast scan of record content, and saxes, which reads every record the scan does
   * not take (a namespace declaration or processing instruction inside it, the document's first
   * entity XML does not predefine, a name outside ASCII, anything malformed) and everything
   * around the records.
   */
  parser?: { fast: number; csv_parse: number } | { fast: number; saxes: number };
  /** Path of the records in an XML input (`/BMECAT/T_NEW_CATALOG/PRODUCT`). */
  record?: string;
  /**
   * XML: references to entities the document does not define (`&nbsp;`, or ones declared in a
   * DTD, which is never read); they stay as written, and `decode_entities` decodes HTML names.
   */
  undeclared_entities?: number;
  /** Column names of the header; for XML, the paths the mapping reads. */
  columns: string[];
  /** Records read (the header not counted; empty lines skipped). */
  records: number;
  /** Lines read, header included. */
  lines: number;
  /** Wall-clock seconds for the whole run. */
  seconds: number;
}
