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

/** A place known to the line and column, in a file when one is known (an XML parser's position). */
export interface Place extends Position {
  /** File path as the user gave it; undefined for an input without a name (stdin). */
  file: string | undefined;
}
