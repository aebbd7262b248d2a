import { redactText } from '../text/redact.js';
import type { Located } from './located.js';

/**
 * Known errors: problems with the user's command, mapping or input that feedkit
 * explains in one line. Anything else is a bug and keeps its stack trace.
 */

/** Stable codes of known errors, grouped by the exit code they lead to. */
export const ERROR_CODES = {
  /** Exit 2: the command line or the mapping is wrong; no data was read. */
  usage: 2,
  'mapping-syntax': 2,
  'mapping-invalid': 2,
  'unknown-field': 2,
  'unknown-transform': 2,
  'invalid-options': 2,
  'invalid-expression': 2,
  'unsafe-expression': 2,
  'unknown-column': 2,
  'unknown-channel': 2,
  'channel-invalid': 2,
  'invalid-path': 2,
  /** Exit 2 as well: `--baseline <folder>` has no snapshot of a channel the run writes. */
  'baseline-no-snapshot': 2,
  /** Exit 2 as well: the AI readiness rules (`schemas/readiness.yaml`) break their schema. */
  'readiness-invalid': 2,
  /** Exit 3: the input is missing, unreadable or not parseable; nothing was published. */
  'input-missing': 3,
  'input-unreadable': 3,
  'input-empty': 3,
  /** A well-formed XML input with no element at the record path. */
  'input-no-records': 3,
  'input-binary': 3,
  'input-header': 3,
  'input-record-too-large': 3,
  'input-malformed': 3,
  'input-limit': 3,
  /** A worker thread stopped (out of memory on the input, or a bug of ours); nothing was published. */
  'worker-failed': 3,
  /** Exit 2 as well: two outputs would overwrite each other or feedkit's own files. */
  'output-collision': 2,
  /** Exit 3 as well: an output could not be written (a full disk, a failed rename); the previous outputs are kept. */
  'output-failed': 3,
  /**
   * Exit 4, like a refusal of the publish gate: the input is incomplete (a file or download
   * cut off), so nothing of it may replace the published feeds.
   */
  'input-truncated': 4,
  /** Exit 5: another run holds the output folder; nothing was changed. */
  'output-locked': 5,
} as const;

/** A stable, kebab-case code naming what went wrong. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Where a known error happened: see {@link Located}. */
export type ErrorLocation = Located;

/** Details of a known error, all plain data. */
export interface ErrorInit extends ErrorLocation {
  /** What was expected, when that helps (e.g. `a number`). */
  expected?: string;
  /** What was found instead. */
  found?: string;
  /** A close name the user may have meant. */
  suggestion?: string;
}

/** A problem feedkit can explain; rendered by {@link formatError}. */
export class FeedkitError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly expected?: string;
  readonly found?: string;
  readonly suggestion?: string;

  constructor(code: ErrorCode, message: string, init: ErrorInit = {}) {
    super(message);
    this.name = 'FeedkitError';
    this.code = code;
    this.file = init.file;
    this.line = init.line;
    this.col = init.col;
    this.expected = init.expected;
    this.found = init.found;
    this.suggestion = init.suggestion;
  }

  /** The process exit code this error leads to. */
  get exitCode(): number {
    return ERROR_CODES[this.code];
  }
}

/** Several known errors found at once (e.g. every problem in a mapping file). */
export class FeedkitErrors extends Error {
  readonly errors: FeedkitError[];
  constructor(errors: FeedkitError[]) {
    super(errors.map(formatError).join('\n'));
    this.name = 'FeedkitErrors';
    this.errors = errors;
  }
  get exitCode(): number {
    return Math.max(...this.errors.map((e) => e.exitCode));
  }
}

export function isKnownError(error: unknown): error is FeedkitError | FeedkitErrors {
  return error instanceof FeedkitError || error instanceof FeedkitErrors;
}

/** Exit code of an error feedkit did not expect: a bug (the stack trace is printed). */
export const INTERNAL_ERROR_EXIT = 70;

// What the file system says when writing cannot go on: the folder, not feedkit, needs help.
const IO_CODES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EISDIR',
  'ENOTDIR',
  'EACCES',
  'EPERM',
  'EROFS',
  'EXDEV',
  'EIO',
  'EMFILE',
  'ENFILE',
  'ENOTEMPTY',
  'EEXIST',
  'ENAMETOOLONG',
  'ELOOP',
]);

/**
 * A file-system error of reading or writing the output folder as a known error (exit 3 naming
 * the path), or undefined when `error` is no such error.
 */
export function outputError(error: unknown): FeedkitError | undefined {
  const e = error as NodeJS.ErrnoException & { dest?: string };
  if (!(error instanceof Error) || typeof e.code !== 'string' || !IO_CODES.has(e.code)) return undefined;
  const what = e.syscall ?? 'write';
  const where =
    e.path === undefined ? 'an output file' : e.dest === undefined ? e.path : `${e.path} to ${e.dest}`;
  // The path is in the message, whole: the file prefix would name it twice.
  return new FeedkitError(
    'output-failed',
    `cannot ${what} ${where}: ${e.code}${DESCRIPTIONS[e.code] ? ` (${DESCRIPTIONS[e.code]})` : ''}`,
  );
}

const DESCRIPTIONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'a file is in the way of a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
};

/** `file:line:col message (did you mean "x"?) [code]` — the one-line form users see. */
export function formatError(error: FeedkitError): string {
  let where = '';
  if (error.file !== undefined) {
    where = error.file;
    if (error.line !== undefined) where += `:${error.line}`;
    if (error.line !== undefined && error.col !== undefined) where += `:${error.col}`;
    where += ' ';
  }
  let text = `${where}${error.message}`;
  if (error.expected !== undefined && error.found !== undefined) {
    text += ` (expected ${error.expected}, found ${error.found})`;
  } else if (error.expected !== undefined) {
    text += ` (expected ${error.expected})`;
  }
  if (error.suggestion !== undefined) text += ` (did you mean "${error.suggestion}"?)`;
  // A URL's userinfo and query may be credentials, wherever in the text they come from.
  return `${redactText(text)} [${error.code}]`;
}

/** The name in `candidates` closest to `name`, if it is close enough to be a likely typo. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const distance = levenshtein(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
