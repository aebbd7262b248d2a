import { SaxesParser, type SaxesStartTagNS, type SaxesTagNS } from 'saxes';

/** The events the XML reader takes from saxes. */
export interface ParserEvents {
  openTagStart(tag: SaxesStartTagNS): void;
  openTag(tag: SaxesTagNS): void;
  closeTag(tag: SaxesTagNS): void;
  text(text: string): void;
  cdata(text: string): void;
  error(error: Error): void;
}

/**
 * saxes as the reader runs it: strict XML 1.0 with namespaces, a prefix the document uses
 * without declaring it (a feed missing `xmlns:g`) read with the mapping's declaration.
 */
export function createParser(
  namespaces: Readonly<Record<string, string>>,
  events: ParserEvents,
): SaxesParser<{ xmlns: true }> {
  const parser = new SaxesParser({
    xmlns: true,
    resolvePrefix: (prefix: string) => (Object.hasOwn(namespaces, prefix) ? namespaces[prefix] : undefined),
  });
  parser.on('opentagstart', events.openTagStart);
  parser.on('opentag', events.openTag);
  parser.on('closetag', events.closeTag);
  parser.on('text', events.text);
  parser.on('cdata', events.cdata);
  parser.on('error', events.error);
  // No more handlers than these six: each is a property saxes adds to the parser after
  // construction, and a seventh turns it into a dictionary-mode object in V8, which makes all
  // parsing about five times slower. Comments, processing instructions and the DOCTYPE are
  // skipped without an event.
  return parser;
}
