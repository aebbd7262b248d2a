import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { PassThrough, type Readable } from 'node:stream';
import { FeedkitError } from '../model/errors.js';
import { VERSION } from '../model/version.js';
import { redactUrl } from '../text/redact.js';

/** Sent with every request, so a supplier's server logs say who asked. */
const USER_AGENT = `feedkit/${VERSION}`;
/** Longest Retry-After a 429 or 503 may ask for before feedkit gives up waiting (ms). */
const MAX_RETRY_AFTER = 5 * 60_000;

/** How to fetch an input over HTTP(S). */
export interface HttpOptions {
  /** Extra request headers (`Authorization: Bearer …`); never printed or reported. */
  headers?: Record<string, string>;
  /** Milliseconds to wait for a connection and the response headers (default 30 s). */
  connectTimeout?: number;
  /** Milliseconds the body may stall before the download counts as failed (default 60 s). */
  idleTimeout?: number;
  /** Attempts in all, for timeouts, connection errors and 5xx (default 3). */
  attempts?: number;
  /** First pause between attempts, doubled each time (default 1 s). */
  retryDelay?: number;
  /** Redirects followed at most (default 5). */
  maxRedirects?: number;
  /**
   * Milliseconds the whole download may take, from the request to the body's last byte
   * (default 30 minutes): a server that drips a byte a second never holds a cron run for hours.
   */
  deadline?: number;
  /** Bytes the body may have at most, as sent (default 4 GiB); more is an error, not a full disk. */
  maxBytes?: number;
  /** Validators of the last published run's download, for a conditional GET. */
  conditional?: { etag?: string; lastModified?: string };
}

/** A download under way: the body, and what the server said about it. */
export interface HttpInput {
  /** The body; errors as `input-truncated` when it ends early or stalls. */
  body: Readable;
  /** Bytes of the body received so far, and the Content-Length where the server sent one. */
  progress(): { bytes: number; total?: number };
  /** Validators for the next conditional GET. */
  etag?: string;
  lastModified?: string;
}

/** The server answered 304: the file has not changed since the validators were taken. */
export class NotModified extends Error {
  constructor() {
    super('not modified');
    this.name = 'NotModified';
  }
}

export function isUrl(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

/** The URL without credentials or query, for messages (tokens live there too). */
export function safeUrl(url: string): string {
  return redactUrl(url);
}

/**
 * GET a supplier file. Timeouts, connection errors and 5xx answers are retried with a
 * growing pause; 4xx are not (asking again will not help). Redirects are followed up to a
 * limit. Once the body flows, a stall, a dropped connection or fewer bytes than
 * Content-Length announced end the input as truncated: nothing is published from it.
 */
export async function openHttp(url: string, options: HttpOptions = {}): Promise<HttpInput> {
  const attempts = options.attempts ?? 3;
  let delay = options.retryDelay ?? 1000;
  let lastError: FeedkitError | undefined;
  const deadline = Date.now() + (options.deadline ?? 30 * 60_000);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await attemptGet(url, options, options.maxRedirects ?? 5, options.headers ?? {}, deadline);
    } catch (error) {
      if (!(error instanceof Retryable)) throw error;
      lastError = error.error;
      if (attempt < attempts) {
        // A server that says when to come back (429, 503 with Retry-After) is taken at its word.
        const wait = error.retryAfter ?? delay;
        if (wait > MAX_RETRY_AFTER || Date.now() + wait > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, wait));
        delay *= 2;
      }
    }
  }
  throw new FeedkitError(
    lastError?.code ?? 'input-unreadable',
    `${lastError?.message ?? 'download failed'} (after ${attempts} attempts)`,
    { file: safeUrl(url) },
  );
}

/** A failure worth another attempt; `retryAfter` is the server's own wait, in ms. */
class Retryable extends Error {
  constructor(
    readonly error: FeedkitError,
    readonly retryAfter?: number,
  ) {
    super(error.message);
  }
}

/** Retry-After as milliseconds: seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * One GET and the redirects it leads to. `credentials` are the user's headers: they go to the
 * input's own origin only, and once a redirect leaves it they are gone for good (as curl does
 * without --location-trusted), with the URL's userinfo.
 */
function attemptGet(
  url: string,
  options: HttpOptions,
  redirects: number,
  credentials: Record<string, string>,
  deadline: number,
): Promise<HttpInput> {
  const where = { file: safeUrl(url) };
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'accept-encoding': 'gzip',
      'user-agent': USER_AGENT,
      ...credentials,
    };
    if (options.conditional?.etag) headers['if-none-match'] = options.conditional.etag;
    if (options.conditional?.lastModified) headers['if-modified-since'] = options.conditional.lastModified;
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, { headers });
    const connectTimer = setTimeout(() => {
      request.destroy();
      reject(
        new Retryable(
          new FeedkitError(
            'input-unreadable',
            `no answer within ${options.connectTimeout ?? 30_000} ms`,
            where,
          ),
        ),
      );
    }, options.connectTimeout ?? 30_000);
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(connectTimer);
      reject(
        new Retryable(
          new FeedkitError('input-unreadable', `cannot download: ${error.code ?? error.message}`, where),
        ),
      );
    });
    request.on('response', (response: IncomingMessage) => {
      clearTimeout(connectTimer);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304 && response.headers.location) {
        response.resume();
        if (redirects <= 0) {
          reject(new FeedkitError('input-unreadable', 'too many redirects', where));
          return;
        }
        let next: URL;
        try {
          next = new URL(response.headers.location, url);
        } catch {
          reject(
            new FeedkitError(
              'input-unreadable',
              'the server redirected to something that is not a URL',
              where,
            ),
          );
          return;
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          reject(
            new FeedkitError('input-unreadable', `the server redirected to a ${next.protocol} URL`, {
              ...where,
              expected: 'http: or https:',
            }),
          );
          return;
        }
        const sameOrigin = next.origin === new URL(url).origin;
        if (!sameOrigin) {
          next.username = '';
          next.password = '';
        }
        attemptGet(next.toString(), options, redirects - 1, sameOrigin ? credentials : {}, deadline).then(
          resolve,
          reject,
        );
        return;
      }
      if (status === 304) {
        response.resume();
        reject(new NotModified());
        return;
      }
      if (status >= 500 || status === 429) {
        response.resume();
        reject(
          new Retryable(
            new FeedkitError('input-unreadable', `the server answered ${status}`, where),
            status === 429 || status === 503 ? retryAfterMs(header(response, 'retry-after')) : undefined,
          ),
        );
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(
          new FeedkitError(
            'input-missing',
            `the server answered ${status} ${response.statusMessage ?? ''}`.trim(),
            {
              ...where,
              expected: '200',
            },
          ),
        );
        return;
      }
      const maxBytes = options.maxBytes ?? 4 * 1024 ** 3;
      const announced = Number(response.headers['content-length'] ?? Number.NaN);
      if (announced > maxBytes) {
        response.destroy();
        reject(
          new FeedkitError(
            'input-limit',
            `the server announces ${announced} bytes, over the limit of ${maxBytes}`,
            {
              ...where,
              expected: `at most ${maxBytes} bytes (--max-download-mb)`,
            },
          ),
        );
        return;
      }
      const counted = checkedBody(
        response,
        { idle: options.idleTimeout ?? 60_000, deadline, maxBytes },
        where,
      );
      const total = Number.isFinite(announced) ? announced : undefined;
      resolve({
        body: counted.body,
        progress: () => ({ bytes: counted.received(), total }),
        etag: header(response, 'etag'),
        lastModified: header(response, 'last-modified'),
      });
    });
    request.end();
  });
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The body with its length checked against Content-Length, the size bound, a stall timer and the deadline. */
function checkedBody(
  response: IncomingMessage,
  limits: { idle: number; deadline: number; maxBytes: number },
  where: { file: string },
): { body: Readable; received: () => number } {
  const { idle, maxBytes } = limits;
  const expected = Number(response.headers['content-length'] ?? Number.NaN);
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  // The reader meets the error when it reads (the stream is errored); without a listener, an
  // error before it starts reading (a body over the limit in its first chunk) would go uncaught.
  out.on('error', () => undefined);
  let received = 0;
  let failed = false;
  // The first failure wins: destroying the response after a stall also reports a dropped connection.
  const fail = (message: string, code: 'input-truncated' | 'input-limit' = 'input-truncated') => {
    if (failed) return;
    failed = true;
    clearTimeout(timer);
    clearTimeout(deadlineTimer);
    response.destroy();
    out.destroy(new FeedkitError(code, message, where));
  };
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
    clearTimeout(timer);
    clearTimeout(deadlineTimer);
    if (Number.isFinite(expected) && received < expected) {
      fail(`the download ended after ${received} of ${expected} bytes`);
    } else out.end();
  });
  response.on('aborted', () => fail(`the connection dropped after ${received} bytes`));
  response.on('error', () => fail(`the connection dropped after ${received} bytes`));
  return { body: out, received: () => received };
}
