import type { SourceSettings } from '../config/mapping.js';
import { MAX_RECORD_BYTES, RecordCutter } from './csv/cutter.js';
import { readHeader } from './csv/header.js';
import { CsvBatchParser } from './csv/parse-batch.js';
import { type CsvDialect, lfLineEnds, sniffCsv } from './csv/sniff.js';
import type { SourceDef } from './source.js';

/** What a mapping's `delimiter` setting (of the source or a join file) names; undefined: sniff it. */
export function delimiterSetting(setting: SourceSettings['delimiter']): string | undefined {
  if (setting === undefined || setting === 'auto') return undefined;
  return setting === 'tab' ? '\t' : setting;
}

/**
 * Delimited text: the main thread cuts the bytes at record boundaries, workers parse each
 * batch with csv-parse. The first record is the header.
 */
export default {
  name: 'csv',
  summary: 'Delimited text (CSV, TSV, semicolons, pipes) with a header row.',
  // Anything that is not recognisably another format is read as delimited text.
  sniff: () => true,
  open(raw, { settings, path, batchBytes }) {
    const delimiter = delimiterSetting(settings.delimiter);
    const input = lfLineEnds(raw);
    const { head, crOnly } = input;
    const dialect = sniffCsv(head, input.info.chunkEncoding, { delimiter }, path);
    const columns = readHeader(head, dialect.delimiter, dialect.encoding, path);
    const cutter = new RecordCutter(dialect.delimiter.charCodeAt(0), batchBytes, MAX_RECORD_BYTES, path);
    return {
      spec: { format: 'csv', settings: { ...dialect } },
      columns,
      describe: () => ({ delimiter: dialect.delimiter, ...(crOnly ? { line_ends: 'cr' as const } : {}) }),
      async *batches() {
        for await (const chunk of input.chunks) yield* cutter.push(chunk);
        const last = cutter.end();
        if (last !== undefined) yield last;
      },
      consumed: () => undefined,
    };
  },
  reader(spec, columns) {
    const parser = new CsvBatchParser(spec.settings as unknown as CsvDialect, columns);
    let reference = 0;
    return {
      read(bytes, first, onRow) {
        let header = first;
        reference = 0;
        return parser.parse(bytes, (line, fields, issue) => {
          if (header) header = false;
          else {
            if (parser.byReference) reference++;
            onRow(line, fields, issue);
          }
        });
      },
      referenceRecords: () => reference,
    };
  },
  examples: [
    { description: 'comma-separated with a header row', input: 'sku,title,price\nA1,Shoe,19.90\n' },
    {
      description: 'semicolons, as a German Excel writes them',
      input: 'Artikelnummer;Bezeichnung;Preis\nA1;Schuh;19,90\n',
    },
  ],
} satisfies SourceDef;
