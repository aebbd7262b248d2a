import type { ProjectedField } from '../channels/project.js';
import type { ChannelItem } from '../channels/validate.js';
import { xmlText } from '../text/xml-text.js';
import type { SinkDef, SinkOptions } from './sink.js';

/** Element name of a field: its own `element`, or the output's namespace prefix plus its name. */
function elementName(projected: ProjectedField, options: SinkOptions): string {
  const prefix = options.output.namespace?.prefix;
  return (
    projected.field.element ??
    (prefix === undefined ? projected.field.name : `${prefix}:${projected.field.name}`)
  );
}

/**
 * RSS 2.0: a `<channel>` with the feed's title, link and description, one `<item>` per item.
 * Every field is an element on a line of its own (Meta fails XML lines over 5 MB), a list
 * repeats its element once per value, and text is escaped with the characters XML 1.0
 * forbids removed, so a supplier's stray control character never breaks the file.
 */
export default {
  name: 'rss',
  summary: 'RSS 2.0 XML, one element per field, repeated elements for lists (Google, Meta).',
  header(_fields, options) {
    const ns = options.output.namespace;
    const feed = options.feed;
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<rss version="2.0"${ns ? ` xmlns:${ns.prefix}="${xmlText(ns.uri).replaceAll('"', '&quot;')}"` : ''}>`,
      '<channel>',
      `<title>${xmlText(feed.title)}</title>`,
    ];
    if (feed.link !== undefined) lines.push(`<link>${xmlText(feed.link)}</link>`);
    lines.push(`<description>${xmlText(feed.description ?? feed.title)}</description>`);
    return `${lines.join('\n')}\n`;
  },
  compile(fields, options) {
    const names = fields.map((f) => f.field.name);
    const open = fields.map((f) => `<${elementName(f, options)}>`);
    const close = fields.map((f) => `</${elementName(f, options)}>\n`);
    return (item: ChannelItem) => {
      let out = '<item>\n';
      for (let i = 0; i < names.length; i++) {
        const value = item[names[i] as string];
        if (value === undefined) continue;
        if (Array.isArray(value)) {
          for (const element of value) out += `${open[i]}${xmlText(element)}${close[i]}`;
        } else
          out += `${open[i]}${xmlText(typeof value === 'object' ? JSON.stringify(value) : String(value))}${close[i]}`;
      }
      return `${out}</item>\n`;
    };
  },
  footer: () => '</channel>\n</rss>\n',
  examples: [
    {
      item: { id: 'A1', title: 'Shoe & sock' },
      output:
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n<title>Example</title>\n' +
        '<description>Example</description>\n<item>\n<id>A1</id>\n<title>Shoe &amp; sock</title>\n</item>\n' +
        '</channel>\n</rss>\n',
    },
  ],
} satisfies SinkDef;
