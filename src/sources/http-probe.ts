import type { Readable } from 'node:stream';
import { FeedkitError } from '../model/errors.js';
import { discard, header, Retryable, requestFollowing, USER_AGENT } from './http.js';

/** What one probe request learnt (`probeHttp`): the last answer's status and headers, and the first bytes. */
export interface ProbeAnswer {
  /** The HTTP status of the answer after redirects. */
  status: number;
  /** Redirects followed. */
  redirects: number;
  contentType?: string;
  /** The whole file's size: from Content-Range for a ranged answer, else Content-Length. */
  size?: number;
  etag?: string;
  lastModified?: string;
  /** The body's first bytes (at most `range`), for GET; empty for HEAD. */
  head: Uint8Array;
}

/** How to probe a URL (`probeHttp`). */
export interface ProbeRequest {
  /** HEAD asks for the headers only; GET reads the first `range` bytes (asked for with `Range`). */
  method: 'GET' | 'HEAD';
  /** Bytes of the body to read for GET (`Range: bytes=0-<range − 1>`). */
  range?: number;
  /** Milliseconds each request (a redirect is one more) may wait for its answer; the first bytes are read by then too. */
  timeout: number;
  /** Redirects followed at most (default 5). */
  maxRedirects?: number;
  /** Validators of an earlier probe: a 304 answer means nothing changed. */
  conditional?: { etag?: string; lastModified?: string };
}

/**
 * One probe of a URL on the same client as the downloads (User-Agent, proxies, the rule on
 * credentials across redirects): the status after redirects, the headers that describe the
 * file, and for GET its first bytes. Any status is an answer, not an error; a connection that
 * fails or a server that does not answer within `timeout` throws `input-unreadable`.
 */
export async function probeHttp(url: string, request: ProbeRequest): Promise<ProbeAnswer> {
  const deadline = Date.now() + request.timeout;
  const extra: Record<string, string> = {};
  if (request.method === 'GET' && request.range !== undefined) extra.range = `bytes=0-${request.range - 1}`;
  if (request.conditional?.etag) extra['if-none-match'] = request.conditional.etag;
  if (request.conditional?.lastModified) extra['if-modified-since'] = request.conditional.lastModified;
  let followed: Awaited<ReturnType<typeof requestFollowing>>;
  try {
    // The same timeout for every request: the client is made again when it changes, which
    // would close the connections of the probes under way.
    followed = await requestFollowing(url, {
      method: request.method,
      headers: { 'accept-encoding': 'identity', 'user-agent': USER_AGENT },
      extra,
      timeout: request.timeout,
      maxRedirects: request.maxRedirects ?? 5,
    });
  } catch (error) {
    if (!(error instanceof Retryable)) throw error;
    throw error.error;
  }
  const { response, redirects, where } = followed;
  const status = response.statusCode;
  const range = /\/(\d+)\s*$/.exec(header(response.headers, 'content-range') ?? '');
  const length = header(response.headers, 'content-length');
  const size = range ? Number(range[1]) : status === 200 && length !== undefined ? Number(length) : undefined;
  const answer: ProbeAnswer = {
    status,
    redirects,
    contentType: header(response.headers, 'content-type'),
    ...(size !== undefined && Number.isFinite(size) ? { size } : {}),
    etag: header(response.headers, 'etag'),
    lastModified: header(response.headers, 'last-modified'),
    head: new Uint8Array(0),
  };
  if (request.method === 'GET' && (status === 200 || status === 206))
    answer.head = await firstBytes(response.body, request.range ?? 65_536, deadline, where);
  else discard(response);
  return answer;
}

/** Up to `limit` bytes of a body, then the connection is let go; a body that stalls past the deadline fails. */
function firstBytes(
  body: Readable,
  limit: number,
  deadline: number,
  where: { file: string },
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const done = (error?: Error) => {
      clearTimeout(timer);
      body.removeAllListeners('data');
      body.on('error', () => undefined);
      body.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, Math.min(received, limit)));
    };
    const timer = setTimeout(
      () =>
        done(
          new FeedkitError(
            'input-unreadable',
            `no answer within its time (${received} bytes received)`,
            where,
          ),
        ),
      Math.max(1, deadline - Date.now()),
    );
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= limit) done();
    });
    body.on('end', () => done());
    body.on('error', () =>
      done(new FeedkitError('input-unreadable', `the connection dropped after ${received} bytes`, where)),
    );
  });
}
