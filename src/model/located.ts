/**
 * Where a problem is: the one shape every error, problem and issue with a position uses
 * (FeedkitError, mapping and channel problems, YAML, XML and schema errors). Every part is
 * optional; the more the better.
 */
export interface Located {
  /** File path as the user gave it (relative paths stay relative). */
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  col?: number;
}

/** A place in a text known to the line and column (a YAML node, an XML tag). */
export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}
