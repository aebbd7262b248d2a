import { FeedkitError } from '../../model/errors.js';
import type { Located, Place, Position } from '../../model/located.js';
import type { DecodeError } from './encoding.js';

/**
 * What the reader knows when saxes reports an error: the parser's position and the reader's
 * own marks, to say where the problem is and quote it (saxes gives neither exactly).
 */
export interface ParseState {
  file: string | undefined;
  /** The parser's line, column (of the last character read) and position. */
  line: number;
  column: number;
  position: number;
  rootSeen: boolean;
  /** The last start tag: its name and where its `<` is. */
  tagName: string;
  tagLine: number;
  tagCol: number;
  /** The last end tag's name and where it starts. */
  lastClosed: string;
  closeLine: number;
  closeCol: number;
  /** Line of the start tag of the element just closed (undefined at the root). */
  openLine: number | undefined;
  /** Where the next `<` is when no text comes first: just after the last event. */
  markPos: number;
  /** The text slice being parsed, where it starts (characters, line, column). */
  slice: string;
  sliceStart: number;
  sliceLine: number;
  sliceCol: number;
  /** Where the last text event's run started and ended. */
  textStartPos: number;
  textEndPos: number;
  /** The slice with some characters before it, and where that starts. */
  recent: string;
  recentStart: number;
}

/** The parser's position: the last character read (`after` 0) or the next one (1). */
export function here(state: Pick<ParseState, 'file' | 'line' | 'column'>, after: 0 | 1): Place {
  return { file: state.file, line: state.line, col: Math.max(1, state.column + after) };
}

/** saxes's message for a document that is not well-formed, as a located error in our words. */
export function malformed(message: string, state: ParseState): FeedkitError {
  const at = here(state, 0);
  let text = `not well-formed XML: ${message.replace(/\.$/, '')}`;
  let expected: string | undefined;
  let found: string | undefined;
  switch (message) {
    case 'text data outside of root node.': {
      const where = firstTextInRun(state);
      at.line = where.line;
      at.col = where.col;
      found = JSON.stringify(where.char);
      if (state.rootSeen) {
        text = 'not well-formed XML: text after the end of the root element';
        expected = 'nothing after the root element';
      } else {
        text = 'not XML: text before the first element';
        expected = "'<'";
      }
      break;
    }
    case 'documents may contain only one root.':
      text = `not well-formed XML: a second root element <${state.tagName}> after the end of the document`;
      at.line = state.tagLine;
      at.col = state.tagCol;
      break;
    case 'unexpected close tag.': {
      const open = state.lastClosed;
      const line = state.openLine;
      text = `not well-formed XML: the end tag does not match <${open}>${line === undefined ? '' : ` (line ${line})`}`;
      at.line = state.closeLine;
      at.col = state.closeCol;
      expected = `</${open}>`;
      found = endTagBefore(state);
      break;
    }
    case 'disallowed character.': {
      const ch = charBefore(state);
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

/** Where the input ended, and what was open then. */
export interface EndState {
  file: string | undefined;
  /** The position just after the last character. */
  end: Place;
  rootSeen: boolean;
  /** Position of the last `<` read before the root element (-1 for none). */
  lastOpen: number;
  markPos: number;
  /** The innermost open element: name and line of its start tag; undefined when none is open. */
  open: { name: string; line: number } | undefined;
  /** Line of the record the input ended in, if it ended in one. */
  recordLine: number | undefined;
}

/** The error for what saxes reported when the input ended (`errors`), or undefined when all is well. */
export function endOfInput(errors: readonly string[], state: EndState): FeedkitError | undefined {
  const { end } = state;
  const cutOff = errors.some((m) => m === 'unexpected end.' || m.startsWith('unclosed tag'));
  if (!state.rootSeen) {
    // A `<` after the last complete event (text events come just after their `<`).
    if (cutOff && state.lastOpen >= 0 && state.lastOpen >= state.markPos - 1) {
      return new FeedkitError(
        'input-truncated',
        'the input ends in the middle of markup, before the root element',
        end,
      );
    }
    return new FeedkitError('input-empty', 'the input has no XML element (no root element)', {
      file: state.file,
      line: end.line,
      col: end.col,
    });
  }
  if (cutOff) {
    if (state.open === undefined) {
      return new FeedkitError(
        'input-truncated',
        'the input ends in the middle of markup after the root element',
        end,
      );
    }
    const { name, line } = state.open;
    const inRecord =
      state.recordLine !== undefined ? ` inside the record that starts at line ${state.recordLine}` : '';
    return new FeedkitError(
      'input-truncated',
      `the input ends before the document is complete: <${name}> (line ${line})${inRecord} is not closed; was the file cut off?`,
      { ...end, expected: `</${name}>`, found: 'the end of the input' },
    );
  }
  const first = errors[0];
  return first === undefined
    ? undefined
    : new FeedkitError('input-malformed', `not well-formed XML: ${first}`, end);
}

/**
 * Position of the stray text saxes complained about: its first non-space character, after
 * the last markup (`>`) in the slice or the last event. saxes complains at the end of the
 * slice where that character is, or at the `<` after it, having reported the text first.
 */
function firstTextInRun(state: ParseState): { line: number; col: number; char: string } {
  const { slice, position } = state;
  const error = Math.min(slice.length, position - state.sliceStart);
  const from = position === state.textEndPos ? state.textStartPos : state.markPos;
  let start = Math.max(slice.lastIndexOf('>', error - 1) + 1, from - state.sliceStart, 0);
  while (start < error && /\s/.test(slice[start] as string)) start++;
  let line = state.sliceLine;
  let col = state.sliceCol;
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

function charBefore(state: ParseState): string | undefined {
  const { recent } = state;
  const index = state.position - state.recentStart - 1;
  const low = recent.charCodeAt(index);
  if (Number.isNaN(low)) return undefined;
  if (low >= 0xdc00 && low <= 0xdfff && index > 0) return recent.slice(index - 1, index + 1);
  return recent[index];
}

/** The end tag just read, unless it is too long to quote. */
function endTagBefore(state: ParseState): string | undefined {
  const end = state.position - state.recentStart;
  const start = state.recent.lastIndexOf('</', end - 2);
  return start < 0 || end - start > 200 ? undefined : state.recent.slice(start, end);
}

/**
 * Where an undeclared entity reference is, when saxes has just read its `;`: its name and
 * its `&`, found back in the recent text.
 */
export function entityAt(
  parser: { position: number; line: number; column: number },
  at: Pick<ParseState, 'recent' | 'recentStart'>,
): Position & { name: string } {
  const end = parser.position - at.recentStart - 1;
  const amp = at.recent.lastIndexOf('&', end);
  if (amp < 0) return { name: '', line: parser.line, col: Math.max(1, parser.column) };
  return {
    name: at.recent.slice(amp + 1, end),
    line: parser.line,
    col: Math.max(1, parser.column - (end - amp)),
  };
}

/** The decoder's error (bytes that are not the encoding, or a cut character) as a located error. */
export function decodingError(error: DecodeError, at: Located): FeedkitError {
  const truncated = error.message.startsWith('the input ends');
  return new FeedkitError(truncated ? 'input-truncated' : 'input-malformed', error.message, {
    ...at,
    found: error.found,
  });
}
