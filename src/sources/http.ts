import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher, EnvHttpProxyAgent } from 'undici';
import { FeedkitError } from '../model/errors.js';
import { VERSION } from '../model/version.js';
import { redactText, redactUrl } from '../text/redact.js';
import { checkedBody } from './http-body.js';

/** Sent with every request, so a supplier's server logs say who asked. */
export const USER_AGENT = `feedkit/${VERSION}`;
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
      return await attemptGet(url, options, deadline);
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
export class Retryable extends Error {
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

/** The environment variables that choose a proxy, as curl reads them. */
const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'];
let proxyAgent: { settings: string; dispatcher: EnvHttpProxyAgent } | undefined;
// Loaded on the first download: a run on a file does not pay for an HTTP client at start-up.
let undici: Promise<typeof import('undici')> | undefined;

/**
 * The client every download goes through: undici's agent that takes `HTTPS_PROXY`,
 * `HTTP_PROXY` and `NO_PROXY` (or their lowercase forms) from the environment. A plain
 * http:// URL goes to its proxy as an absolute-URI request and an https:// one through a
 * CONNECT tunnel, as curl does. Made again when those variables change (a library caller
 * may set them between runs). undici's header and body timeouts are off: ours below decide,
 * with our messages.
 */
async function client(
  connectTimeout: number,
): Promise<{ request: typeof import('undici').request; dispatcher: Dispatcher }> {
  // undici is CommonJS: its `module.exports` is the default export both for Node and in the
  // CLI's bundle (where a split-off CommonJS chunk has no named exports).
  undici ??= import('undici').then((loaded) => (loaded as { default: typeof import('undici') }).default);
  const { request, EnvHttpProxyAgent } = await undici;
  const settings = [connectTimeout, ...PROXY_VARIABLES.map((name) => process.env[name] ?? '')].join('\n');
  if (proxyAgent?.settings !== settings) {
    void proxyAgent?.dispatcher.close();
    proxyAgent = {
      settings,
      // A host that never accepts the connection is given up at the same moment as one that
      // accepts and never answers: an abort does not reach a connection still being made.
      dispatcher: new EnvHttpProxyAgent({ proxyTunnel: false, connect: { timeout: connectTimeout } }),
    };
  }
  return { request, dispatcher: proxyAgent.dispatcher };
}

/**
 * The user's credentials for `url`: its userinfo as Basic authorization (as curl sends
 * `https://user:pw@host/`), then the `-H` headers, which win.
 */
function credentialsOf(url: URL, headers: Record<string, string>): Record<string, string> {
  const credentials: Record<string, string> = {};
  if (url.username || url.password) {
    const userinfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    credentials.authorization = `Basic ${Buffer.from(userinfo, 'latin1').toString('base64')}`;
  }
  for (const [name, value] of Object.entries(headers)) credentials[name.toLowerCase()] = value;
  return credentials;
}

/** What {@link requestFollowing} sends: the method, the headers besides the credentials, the limits. */
export interface FollowedRequest {
  method: 'GET' | 'HEAD';
  /** Headers of every request; the credentials come between `headers` and `extra`. */
  headers: Record<string, string>;
  /** Headers after the credentials (conditional and range headers). */
  extra?: Record<string, string>;
  /** The user's own headers (`-H`): credentials, as the URL's userinfo is. */
  userHeaders?: Record<string, string>;
  /** Milliseconds each request may wait for its answer. */
  timeout: number;
  /** Redirects followed at most. */
  maxRedirects: number;
}

/**
 * One request and the redirects it leads to, followed here rather than by the client so that
 * the rule on credentials is ours: the URL's userinfo and the user's headers go to the first
 * URL's origin only, and once a redirect leaves it they are gone for good (as curl does
 * without --location-trusted). Returns the first answer that is not a redirect.
 */
export async function requestFollowing(
  url: string,
  request: FollowedRequest,
): Promise<{ response: Dispatcher.ResponseData; redirects: number; where: { file: string } }> {
  let current = url;
  let credentials: Record<string, string> | undefined;
  for (let redirects = 0; ; redirects++) {
    const where = { file: safeUrl(current) };
    const target = new URL(current);
    const sent = credentials ?? credentialsOf(target, request.userHeaders ?? {});
    target.username = '';
    target.password = '';
    const headers = { ...request.headers, ...sent, ...request.extra };
    const response = await send(target, headers, request.timeout, where, request.method);
    const status = response.statusCode;
    const location = header(response.headers, 'location');
    if (status < 300 || status >= 400 || status === 304 || !location) return { response, redirects, where };
    discard(response);
    if (redirects >= request.maxRedirects)
      throw new FeedkitError('input-unreadable', 'too many redirects', where);
    const next = redirectTarget(location, current, where);
    credentials = next.origin === target.origin ? sent : {};
    current = next.toString();
  }
}

/** One GET of the input and the redirects it leads to (see {@link requestFollowing}). */
async function attemptGet(url: string, options: HttpOptions, deadline: number): Promise<HttpInput> {
  const extra: Record<string, string> = {};
  if (options.conditional?.etag) extra['if-none-match'] = options.conditional.etag;
  if (options.conditional?.lastModified) extra['if-modified-since'] = options.conditional.lastModified;
  const { response, where } = await requestFollowing(url, {
    method: 'GET',
    headers: { 'accept-encoding': 'gzip', 'user-agent': USER_AGENT },
    extra,
    userHeaders: options.headers ?? {},
    timeout: options.connectTimeout ?? 30_000,
    maxRedirects: options.maxRedirects ?? 5,
  });
  refuseStatus(response, where);
  const maxBytes = options.maxBytes ?? 4 * 1024 ** 3;
  const announced = Number(header(response.headers, 'content-length') ?? Number.NaN);
  if (announced > maxBytes) {
    response.body.on('error', () => undefined).destroy();
    throw new FeedkitError(
      'input-limit',
      `the server announces ${announced} bytes, over the limit of ${maxBytes}`,
      { ...where, expected: `at most ${maxBytes} bytes (--max-download-mb)` },
    );
  }
  const counted = checkedBody(
    response.body,
    announced,
    { idle: options.idleTimeout ?? 60_000, deadline, maxBytes },
    where,
  );
  return {
    body: counted.body,
    progress: () => ({
      bytes: counted.received(),
      total: Number.isFinite(announced) ? announced : undefined,
    }),
    etag: header(response.headers, 'etag'),
    lastModified: header(response.headers, 'last-modified'),
  };
}

/** The GET itself; no answer within `connectTimeout` ms, or none at all, is worth a retry. */
async function send(
  target: URL,
  headers: Record<string, string>,
  connectTimeout: number,
  where: { file: string },
  method: 'GET' | 'HEAD' = 'GET',
): Promise<Dispatcher.ResponseData> {
  const { request, dispatcher } = await client(connectTimeout);
  const abort = new AbortController();
  let timedOut = false;
  const connectTimer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, connectTimeout);
  try {
    return await request(target, {
      method,
      headers,
      dispatcher,
      signal: abort.signal,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  } catch (error) {
    throw new Retryable(
      new FeedkitError(
        'input-unreadable',
        timedOut || (error as { code?: string }).code === 'UND_ERR_CONNECT_TIMEOUT'
          ? `no answer within ${connectTimeout} ms`
          : `cannot download: ${networkError(error)}`,
        where,
      ),
    );
  } finally {
    clearTimeout(connectTimer);
  }
}

/** Where a redirect's `location` points, if it is an http(s) URL. */
function redirectTarget(location: string, url: string, where: { file: string }): URL {
  let next: URL;
  try {
    next = new URL(location, url);
  } catch {
    throw new FeedkitError('input-unreadable', 'the server redirected to something that is not a URL', where);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new FeedkitError('input-unreadable', `the server redirected to a ${next.protocol} URL`, {
      ...where,
      expected: 'http: or https:',
    });
  }
  return next;
}

/** Throws for every answer but 200: not modified, worth a retry (5xx, 429), or missing. */
function refuseStatus(response: Dispatcher.ResponseData, where: { file: string }): void {
  const status = response.statusCode;
  if (status === 304) {
    discard(response);
    throw new NotModified();
  }
  if (status >= 500 || status === 429) {
    discard(response);
    throw new Retryable(
      new FeedkitError('input-unreadable', `the server answered ${status}`, where),
      status === 429 || status === 503 ? retryAfterMs(header(response.headers, 'retry-after')) : undefined,
    );
  }
  if (status !== 200) {
    discard(response);
    throw new FeedkitError(
      'input-missing',
      `the server answered ${status} ${response.statusText ?? ''}`.trim(),
      { ...where, expected: '200' },
    );
  }
}

/** What went wrong on the wire, in a word where the system has one (`ECONNREFUSED`, `ENOTFOUND`). */
function networkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code && /^E[A-Z]+$/.test(code)) return code;
  return redactText(cause instanceof Error ? cause.message : String(cause));
}

/** A body not read: its connection goes back to the pool when short, is closed when long. */
export function discard(response: Dispatcher.ResponseData): void {
  response.body.dump().catch(() => undefined);
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}
