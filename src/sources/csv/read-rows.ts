import type { OpenedInput } from '../input.js';
import { MAX_RECORD_BYTES, RecordCutter } from './cutter.js';
import { CsvBatchParser, type RowHandler } from './parse-batch.js';
import type { CsvDialect } from './sniff.js';

const BATCH_BYTES = 1 << 20;

/**
 * Read delimited text to its end in this thread (a join file, a profiled input): every row
 * after the header, with `line` its first line in the input. Returns the lines read, the
 * header's included.
 */
export async function readCsvRows(
  input: OpenedInput,
  dialect: CsvDialect,
  header: readonly string[],
  path: string,
  onRow: RowHandler,
): Promise<number> {
  const parser = new CsvBatchParser(dialect, header);
  const cutter = new RecordCutter(dialect.delimiter.charCodeAt(0), BATCH_BYTES, MAX_RECORD_BYTES, path);
  let lines = 0;
  let first = true;
  const read = (batch: Uint8Array) => {
    let atHeader = first;
    first = false;
    const offset = lines;
    const spanned = parser.parse(batch, (line, fields, issue) => {
      if (atHeader) atHeader = false;
      else onRow(offset + line, fields, issue);
    });
    lines += spanned;
  };
  for await (const chunk of input.chunks) for (const batch of cutter.push(chunk)) read(batch);
  const last = cutter.end();
  if (last !== undefined) read(last);
  return lines;
}
