import { deserialize, serialize } from 'node:v8';
import type { SourceSettings } from '../config/mapping.js';
import type { ColumnProblem } from '../model/columns.js';
import type { SourceDef } from './source.js';
import { checkColumn, checkRecordPath, type XmlRecord, XmlRecordReader } from './xml/index.js';

/**
 * One batch of XML records on its way to a worker: lines relative to the batch, values per
 * column. It travels in V8's serialization format, which copies strings as they are held
 * (Latin-1 or UTF-16): half the cost of JSON text encoded to UTF-8 and back, and no string
 * of the whole batch on either side.
 */
interface XmlBatch {
  /** Lines the batch spans (up to its last record's start). */
  lines: number;
  /** Per record: its line relative to the batch, then its values (undefined for none). */
  rows: Array<[number, XmlRecord['values']]>;
}

/** A rough size of a record's values, to cut batches of about `batchBytes`. */
function sizeOf(record: XmlRecord): number {
  let size = 16;
  for (const value of record.values) {
    if (typeof value === 'string') size += value.length + 3;
    else if (value !== undefined) for (const item of value) size += item.length + 3;
  }
  return size;
}

/** The check of one column path, before any input is read. */
function columnCheck(settings: SourceSettings): (name: string) => ColumnProblem | undefined {
  const options = {
    record: settings.record ?? '/',
    namespaces: settings.namespaces,
    features: settings.features,
  };
  return (name): ColumnProblem | undefined => {
    if (name.startsWith('feature:') && settings.features === undefined) {
      return {
        message: '"feature" needs source.features (where a record\'s features are)',
        index: 'feature:'.length,
        code: 'mapping-invalid',
      };
    }
    const error = checkColumn(name, options);
    return error === undefined ? undefined : { message: error.message, index: error.index };
  };
}

/**
 * XML catalogs and feeds: BMEcat, RSS, Atom, ad-hoc exports. The main thread streams the
 * document through saxes and turns each record (the elements at `source.record`) into the
 * values of the paths the mapping reads; batches of those rows go to the workers, which map,
 * validate and write them as they do CSV rows.
 */
export default {
  name: 'xml',
  summary: 'XML (BMEcat, RSS, Atom, ad-hoc) with a record path and field paths.',
  sniff(head) {
    // After an optional BOM (already removed) and blanks, XML starts with `<`.
    for (const byte of head) {
      if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
      return byte === 0x3c;
    }
    return false;
  },
  columnCheck,
  checkSettings(settings) {
    if (settings.record === undefined) {
      return [
        {
          key: 'format',
          code: 'mapping-invalid',
          message: 'an XML input needs source.record, the path of its records',
          expected: 'e.g. record: /BMECAT/T_NEW_CATALOG/PRODUCT or record: //item',
        },
      ];
    }
    const error = checkRecordPath(settings.record, settings.namespaces);
    return error === undefined ? [] : [{ key: 'record', message: error.message, index: error.index }];
  },
  open(input, { settings, path, batchBytes }) {
    // checkSource has refused a mapping without one before any input is opened.
    const record = settings.record as string;
    const namespaces = settings.namespaces ?? {};
    // openInput removed any BOM and transcoded UTF-16 to UTF-8; otherwise the declaration decides.
    const encoding =
      input.info.bom !== undefined || (settings.encoding !== undefined && settings.encoding !== 'auto')
        ? input.info.chunkEncoding
        : 'auto';
    let reader: XmlRecordReader | undefined;
    let base = 0;
    return {
      spec: { format: 'xml', settings: {} },
      checkColumn: columnCheck(settings),
      describe: () => ({
        record,
        ...(reader?.encoding !== undefined
          ? {
              encoding: reader.encoding.name,
              ...(encoding === 'auto'
                ? { encoding_reason: 'the XML declaration (UTF-8 when it names none)' }
                : {}),
            }
          : {}),
        ...(reader !== undefined && reader.stats.undeclaredEntities > 0
          ? { undeclared_entities: reader.stats.undeclaredEntities }
          : {}),
        ...(reader !== undefined
          ? {
              parser: {
                fast: reader.stats.fastRecords,
                saxes: reader.stats.records - reader.stats.fastRecords,
              },
            }
          : {}),
      }),
      async *batches(columns) {
        reader = new XmlRecordReader({
          record,
          columns,
          namespaces,
          features: settings.features,
          encoding,
          file: path,
        });
        let batch: XmlBatch = { lines: 0, rows: [] };
        let size = 0;
        const add = (records: XmlRecord[]) => {
          for (const r of records) {
            batch.rows.push([r.line - base, r.values]);
            batch.lines = r.line - base;
            size += sizeOf(r);
          }
        };
        const flush = () => {
          const bytes = serialize(batch);
          base += batch.lines;
          batch = { lines: 0, rows: [] };
          size = 0;
          return bytes;
        };
        for await (const chunk of input.chunks) {
          add(reader.write(chunk));
          if (size >= batchBytes) yield flush();
        }
        add(reader.end());
        // A document without records is not empty: say what the record path missed.
        const none = reader.noMatch();
        if (none !== undefined) throw none;
        if (batch.rows.length > 0) yield flush();
      },
      consumed() {},
    };
  },
  reader() {
    return {
      read(bytes, _first, onRow) {
        const batch = deserialize(bytes) as XmlBatch;
        for (const [line, values] of batch.rows) onRow(line, values, undefined);
        return batch.lines;
      },
    };
  },
  examples: [
    {
      description: 'BMEcat (record: /BMECAT/T_NEW_CATALOG/PRODUCT)',
      input: '<?xml version="1.0" encoding="UTF-8"?>\n<BMECAT version="2005"><T_NEW_CATALOG><PRODUCT>',
    },
    { description: 'RSS 2.0 (record: /rss/channel/item)', input: '<rss version="2.0"><channel><item>' },
  ],
} satisfies SourceDef;
