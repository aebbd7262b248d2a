import { PassThrough, type Readable } from 'node:stream';
import { FeedkitError } from '../model/errors.js';

/** The body with its length checked against Content-Length, the size bound, a stall timer and the deadline. */
export function checkedBody(
  response: Readable,
  expected: number,
  limits: { idle: number; deadline: number; maxBytes: number },
  where: { file: string },
): { body: Readable; received: () => number } {
  const { idle, maxBytes } = limits;
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  // The reader meets the error when it reads (the stream is errored); without a listener, an
  // error before it starts reading (a body over the limit in its first chunk) would go uncaught.
  out.on('error', () => undefined);
  let received = 0;
  let settled = false;
  const stop = () => {
    settled = true;
    clearTimeout(timer);
    clearTimeout(deadlineTimer);
  };
  // The first failure wins: destroying the response after a stall also reports a dropped connection.
  const fail = (message: string, code: 'input-truncated' | 'input-limit' = 'input-truncated') => {
    if (settled) return;
    stop();
    response.destroy();
    out.destroy(new FeedkitError(code, message, where));
  };
  // A reader that stops early (an error further on) releases the connection too.
  out.on('close', () => {
    if (settled) return;
    stop();
    response.destroy();
  });
  const deadlineTimer = setTimeout(
    () =>
      fail(
        `the download did not finish within its deadline (${received} bytes received; --download-timeout)`,
      ),
    Math.max(0, limits.deadline - Date.now()),
  );
  let timer = setTimeout(() => fail(`the download stalled for ${idle} ms after ${received} bytes`), idle);
  response.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes) {
      fail(`the download is larger than ${maxBytes} bytes (--max-download-mb)`, 'input-limit');
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => fail(`the download stalled for ${idle} ms after ${received} bytes`), idle);
    if (!out.write(chunk)) {
      response.pause();
      out.once('drain', () => response.resume());
    }
  });
  response.on('end', () => {
    if (Number.isFinite(expected) && received < expected) {
      fail(`the download ended after ${received} of ${expected} bytes`);
      return;
    }
    stop();
    out.end();
  });
  response.on('error', () => fail(`the connection dropped after ${received} bytes`));
  return { body: out, received: () => received };
}
