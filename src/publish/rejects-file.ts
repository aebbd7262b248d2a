import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/**
 * The rows of a rejects.csv (header left out) with the channel each names, as the bytes they
 * are written with: for moving a channel's rows between files without changing them.
 */
export async function* rejectRowsOf(file: string): AsyncGenerator<{ channel: string; raw: string }> {
  let stream: ReturnType<typeof createReadStream>;
  try {
    stream = createReadStream(file);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  let header = true;
  for await (const row of stream.pipe(parse({ raw: true, relax_column_count: true })) as AsyncIterable<{
    record: string[];
    raw: string;
  }>) {
    if (header) {
      header = false;
      continue;
    }
    yield { channel: row.record[2] ?? '', raw: row.raw };
  }
}
