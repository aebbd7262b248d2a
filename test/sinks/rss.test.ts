import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { ProjectedField } from '../../src/channels/project.js';
import rssSink from '../../src/sinks/rss.js';
import type { SinkDef, SinkOptions } from '../../src/sinks/sink.js';
import { xmlText } from '../../src/text/xml-text.js';

const rss: SinkDef = rssSink;

const OPTIONS: SinkOptions = {
  output: { format: 'rss', file: 'g.xml', namespace: { prefix: 'g', uri: 'http://base.google.com/ns/1.0' } },
  feed: { title: 'Nordisk Uld & Co', link: 'https://example.dk/?a=1&b=2' },
};

const field = (name: string, element?: string) =>
  ({ field: { name, from: 'id', group: 'optional', element }, project: () => undefined }) as ProjectedField;

/** Parse XML strictly (throws when it is not well-formed) and list the leaf elements with their text. */
function read(xml: string): Array<[string, string]> {
  const parser = new SaxesParser({ xmlns: true });
  const out: Array<[string, string]> = [];
  let text = '';
  let leaf = false;
  parser.on('opentag', () => {
    text = '';
    leaf = true;
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    if (leaf) out.push([tag.name, text]);
    leaf = false;
  });
  parser.write(xml).close();
  return out;
}

describe('rss sink', () => {
  const fields = [field('id'), field('title', 'title'), field('additional_image_link')];
  const item = (values: Record<string, string | string[]>) =>
    rss.header(fields, OPTIONS) + rss.compile(fields, OPTIONS)(values) + rss.footer(fields, OPTIONS);

  it('writes a well-formed RSS 2.0 document with the namespace and the feed header', () => {
    const xml = item({ id: 'A-1', title: 'Hue' });
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">',
      ),
    ).toBe(true);
    expect(read(xml)).toEqual([
      ['title', 'Nordisk Uld & Co'],
      ['link', 'https://example.dk/?a=1&b=2'],
      ['description', 'Nordisk Uld & Co'],
      ['g:id', 'A-1'],
      ['title', 'Hue'],
    ]);
  });

  it('repeats the element for each value of a list, one element per line', () => {
    const xml = rss.compile(
      fields,
      OPTIONS,
    )({ id: '1', additional_image_link: ['https://x/1.jpg', 'https://x/2.jpg'] });
    expect(xml).toBe(
      '<item>\n<g:id>1</g:id>\n<g:additional_image_link>https://x/1.jpg</g:additional_image_link>\n<g:additional_image_link>https://x/2.jpg</g:additional_image_link>\n</item>\n',
    );
  });

  it('escapes markup and drops characters XML 1.0 forbids, so the feed always parses', () => {
    const nasty = 'a<b>&c\u0000\u000b\u001f\ufffe "q" \ud800 tab\tok \u{1f600}';
    const xml = item({ id: 'X', title: nasty });
    expect(read(xml).filter(([name]) => name === 'title')[1]).toEqual([
      'title',
      'a<b>&c "q"  tab\tok \u{1f600}',
    ]);
  });

  it('xmlText leaves clean text as it is', () => {
    expect(xmlText('Strikket cardigan')).toBe('Strikket cardigan');
    expect(xmlText('1 < 2 & 3 > 2')).toBe('1 &lt; 2 &amp; 3 &gt; 2');
  });
});
