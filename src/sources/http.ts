import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { PassThrough, type Readable } from 'node:stream';
import { FeedkitError } from '../errors.js';
import { redactUrl } from '../redact.js';

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
  /** Validators of the last published run's download, for a conditional GET. */
  conditional?: { etag?: string; lastModified?: string };
}

/** A download under way: the body, and what the server said about it. */
export interface HttpInput {
  /** The body; errors as `input-truncated` when it ends early or stalls. */
  body: Readable;
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
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await attemptGet(url, options, options.maxRedirects ?? 5, options.headers ?? {});
    } catch (error) {
      if (!(error instanceof Retryable)) throw error;
      lastError = error.error;
      if (attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, delay));
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

/** A failure worth another attempt. */
class Retryable extends Error {
  constructor(readonly error: FeedkitError) {
    super(error.message);
  }
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
): Promise<HttpInput> {
  const where = { file: safeUrl(url) };
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'accept-encoding': 'gzip', ...credentials };
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
        attemptGet(next.toString(), options, redirects - 1, sameOrigin ? credentials : {}).then(
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
      if (status >= 500) {
        response.resume();
        reject(new Retryable(new FeedkitError('input-unreadable', `the server answered ${status}`, where)));
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
      resolve({
        body: checkedBody(response, options.idleTimeout ?? 60_000, where),
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

/** The body with its length checked against Content-Length and a stall timer. */
function checkedBody(response: IncomingMessage, idle: number, where: { file: string }): Readable {
  const expected = Number(response.headers['content-length'] ?? Number.NaN);
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  let received = 0;
  let failed = false;
  // The first failure wins: destroying the response after a stall also reports a dropped connection.
  const fail = (message: string) => {
    if (failed) return;
    failed = true;
    clearTimeout(timer);
    response.destroy();
    out.destroy(new FeedkitError('input-truncated', message, where));
  };
  let timer = setTimeout(() => fail(`the download stalled for ${idle} ms after ${received} bytes`), idle);
  response.on('data', (chunk: Buffer) => {
    received += chunk.length;
    clearTimeout(timer);
    timer = setTimeout(() => fail(`the download stalled for ${idle} ms after ${received} bytes`), idle);
    if (!out.write(chunk)) {
      response.pause();
      out.once('drain', () => response.resume());
    }
  });
  response.on('end', () => {
    clearTimeout(timer);
    if (Number.isFinite(expected) && received < expected) {
      fail(`the download ended after ${received} of ${expected} bytes`);
    } else out.end();
  });
  response.on('aborted', () => fail(`the connection dropped after ${received} bytes`));
  response.on('error', () => fail(`the connection dropped after ${received} bytes`));
  return out;
}
