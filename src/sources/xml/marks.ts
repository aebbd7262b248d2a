/**
 * Positions the XML reader keeps beside saxes's own line, column and position, to place and
 * quote errors: saxes gives a position only inside a handler, and none for where a tag or a
 * text run started. The reader's event handlers keep these up to date.
 */
export class Marks {
  /** Where the next `<` is when no text comes first: just after the last event. */
  markLine = 1;
  markCol = 1;
  markPos = 0;
  /** Inside a start tag (between its name and its `>`). */
  inStartTag = false;
  /** The last start tag: its name and where its `<` is. */
  tagName = '';
  tagLine = 1;
  tagCol = 1;
  tagPos = 0;
  /** The last end tag's name and where it starts. */
  lastClosed = '';
  closeLine = 1;
  closeCol = 1;
  /** Whether the root element has started. */
  rootSeen = false;
  /** Position of the last `<` read before the root element (-1 for none). */
  lastOpen = -1;
  /** The text slice being parsed, where it starts (characters, line, column). */
  slice = '';
  sliceStart = 0;
  sliceLine = 1;
  sliceCol = 1;
  /** The slice with some characters before it, for what an error quotes, and where that starts. */
  recent = '';
  recentStart = 0;
  /** Where the last text event's run started and ended. */
  textStartPos = -1;
  textEndPos = -1;
  /** Characters handed to saxes so far (its `position` is only right inside a handler). */
  fed = 0;
}
