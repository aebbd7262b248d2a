import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createServer,
  get as httpGet,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert.js';
import { FeedkitError } from '../../src/model/errors.js';
import { cli, cliAsync, MINIMAL_MAPPING, tempDir } from '../helpers/run.js';

const CSV = `sku,title,price\n${Array.from({ length: 50 }, (_, i) => `S-${i},Item ${i},"${i + 1},00"`).join('\n')}\n`;
const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'];
const FAST = { retryDelay: 10, connectTimeout: 1000, idleTimeout: 300 };

let server: Server;
let base = '';
const hits = new Map<string, number>();
const seenHeaders: Record<string, string | undefined> = {};

/** Local test servers, one path each. */
function handle(req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '').replace(/\?.*/, '');
  hits.set(path, (hits.get(path) ?? 0) + 1);
  const count = hits.get(path) as number;
  if (path === '/feed.csv') {
    seenHeaders.authorization = req.headers.authorization;
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/csv', 'content-length': Buffer.byteLength(CSV), etag: '"v1"' })
      .end(CSV);
  } else if (path === '/feed.csv.gz') {
    const body = gzipSync(CSV);
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length }).end(body);
  } else if (path === '/flaky.csv') {
    if (count <= 2) res.writeHead(503).end('busy');
    else res.writeHead(200, { 'content-length': Buffer.byteLength(CSV) }).end(CSV);
  } else if (path === '/cut.csv') {
    // Announces the whole file, sends half, then drops the connection.
    res.writeHead(200, { 'content-length': Buffer.byteLength(CSV) });
    res.write(CSV.slice(0, CSV.length / 2));
    setTimeout(() => res.socket?.destroy(), 20);
  } else if (path === '/slow.csv') {
    res.writeHead(200, { 'content-length': Buffer.byteLength(CSV) });
    res.write(CSV.slice(0, 100)); // then nothing: a stalled download
  } else if (path === '/moved.csv') {
    res.writeHead(302, { location: '/feed.csv' }).end();
  } else if (path === '/drip.csv') {
    // A byte every 40 ms: never stalls, never ends in time.
    res.writeHead(200, { 'content-length': Buffer.byteLength(CSV) });
    let at = 0;
    const timer = setInterval(() => {
      if (at >= CSV.length || res.destroyed) clearInterval(timer);
      else res.write(CSV.charAt(at++));
    }, 40);
    res.on('close', () => clearInterval(timer));
  } else if (path === '/big.csv') {
    res.writeHead(200).end(CSV);
  } else if (path === '/busy.csv') {
    seenHeaders['user-agent'] = req.headers['user-agent'];
    if (count === 1) res.writeHead(429, { 'retry-after': '1' }).end();
    else if (count === 2)
      res.writeHead(503, { 'retry-after': new Date(Date.now() - 1000).toUTCString() }).end();
    else res.writeHead(200, { 'content-length': Buffer.byteLength(CSV) }).end(CSV);
  } else if (path === '/later.csv') {
    res.writeHead(503, { 'retry-after': '86400' }).end();
  } else if (path === '/away') {
    const to = new URL(req.url ?? '', 'http://x').searchParams.get('to') ?? '';
    res.writeHead(302, { location: to }).end();
  } else if (path === '/silent.csv') {
    // Takes the request and never answers.
  } else if (path === '/loop.csv') {
    res.writeHead(302, { location: '/loop.csv' }).end();
  } else {
    res.writeHead(404).end('not here');
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function run(
  path: string,
  extra: Parameters<typeof convert>[0]['http'] = {},
  out = join(tempDir(), 'out'),
) {
  const dir = tempDir();
  writeFileSync(join(dir, 'm.yaml'), MINIMAL_MAPPING);
  return {
    out,
    result: await convert({
      input: `${base}${path}`,
      mapping: join(dir, 'm.yaml'),
      out,
      http: { ...FAST, ...extra },
    }),
  };
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedkitError);
  return error as FeedkitError;
};

describe('inputs over HTTP', () => {
  it('downloads a file, sends the headers given, and never reports them', async () => {
    const { out, result } = await run('/feed.csv?token=s3cret', {
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(result.exitCode).toBe(0);
    expect(seenHeaders.authorization).toBe('Bearer s3cret');
    expect(result.report.channels.google?.records.accepted).toBe(50);
    expect(result.report.source.path).toBe(`${base}/feed.csv`);
    const everything = ['report.json', 'rejects.csv', '.feedkit/current/state.json']
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('');
    expect(everything).not.toContain('s3cret');
  });

  it('reads a gzipped body by its magic bytes', async () => {
    const { result } = await run('/feed.csv.gz');
    expect(result.report.source.gzip).toBe(true);
    expect(result.report.channels.google?.records.accepted).toBe(50);
  });

  it('retries 5xx with backoff and succeeds on the third attempt', async () => {
    const { result } = await run('/flaky.csv');
    expect(hits.get('/flaky.csv')).toBe(3);
    expect(result.report.channels.google?.records.accepted).toBe(50);
  });

  it('does not retry a 404: exit 3 at once', async () => {
    const before = hits.get('/missing.csv') ?? 0;
    const error = await failure(run('/missing.csv'));
    expect(hits.get('/missing.csv')).toBe(before + 1);
    expect(error.code).toBe('input-missing');
    expect(error.message).toBe('the server answered 404 Not Found');
    expect(error.exitCode).toBe(3);
  });

  it('a body shorter than Content-Length is truncated input: nothing published', async () => {
    const out = join(tempDir(), 'out');
    const error = await failure(run('/cut.csv', {}, out));
    expect(error.code).toBe('input-truncated');
    expect(error.message).toMatch(/^the (connection dropped|download ended) after \d+ (of \d+ )?bytes/);
    expect(existsSync(join(out, 'google.tsv'))).toBe(false);
  });

  it('a server that never answers is given up after the connect timeout, three times', async () => {
    const error = await failure(run('/silent.csv', { connectTimeout: 200 }));
    expect(hits.get('/silent.csv')).toBe(3);
    expect(error.code).toBe('input-unreadable');
    expect(error.message).toBe('no answer within 200 ms (after 3 attempts)');
  });

  it('a stalled body times out as truncated input', async () => {
    const error = await failure(run('/slow.csv'));
    expect(error.code).toBe('input-truncated');
    expect(error.message).toBe('the download stalled for 300 ms after 100 bytes');
  });

  it('follows a redirect, and gives up on a redirect loop', async () => {
    const { result } = await run('/moved.csv');
    expect(result.report.channels.google?.records.accepted).toBe(50);
    const error = await failure(run('/loop.csv'));
    expect(error.message).toBe('too many redirects');
  });

  it('never sends -H headers or userinfo to another origin after a redirect', async () => {
    // A second server on another port is another origin (scheme, host and port).
    const seen: { path: string; authorization?: string; token?: string }[] = [];
    const other = createServer((req, res) => {
      seen.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        token: req.headers['x-api-key'] as string | undefined,
      });
      if (req.url === '/back') res.writeHead(302, { location: `${base}/feed.csv` }).end();
      else res.writeHead(200, { 'content-length': Buffer.byteLength(CSV) }).end(CSV);
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const headers = { authorization: 'Bearer s3cret', 'x-api-key': 'k3y' };
      const away = await run(`/away?to=${encodeURIComponent(`${otherBase}/feed.csv`)}`, { headers });
      expect(away.result.report.channels.google?.records.accepted).toBe(50);
      expect(seen).toEqual([{ path: '/feed.csv', authorization: undefined, token: undefined }]);
      // The same origin keeps them: a redirect within the input's server is not a leak.
      seenHeaders.authorization = undefined;
      await run('/moved.csv', { headers });
      expect(seenHeaders.authorization).toBe('Bearer s3cret');
      // Credentials in the URL go to its own origin as Basic authorization, and no further.
      seen.length = 0;
      const userinfo = base.replace('http://', 'http://user:pa55@');
      const dir = tempDir();
      writeFileSync(join(dir, 'm.yaml'), MINIMAL_MAPPING);
      await convert({
        input: `${userinfo}/feed.csv`,
        mapping: join(dir, 'm.yaml'),
        out: join(dir, 'own'),
        http: FAST,
      });
      expect(seenHeaders.authorization).toBe(`Basic ${Buffer.from('user:pa55').toString('base64')}`);
      await convert({
        input: `${userinfo}/away?to=${encodeURIComponent(`${otherBase}/feed.csv`)}`,
        mapping: join(dir, 'm.yaml'),
        out: join(dir, 'out'),
        http: FAST,
      });
      expect(seen).toEqual([{ path: '/feed.csv', authorization: undefined, token: undefined }]);
      // Once dropped they stay dropped, even when a redirect comes back to the input's origin.
      seen.length = 0;
      seenHeaders.authorization = 'unset';
      await run(`/away?to=${encodeURIComponent(`${otherBase}/back`)}`, { headers });
      expect(seen).toEqual([{ path: '/back', authorization: undefined, token: undefined }]);
      expect(seenHeaders.authorization).toBeUndefined();
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('a redirect to another scheme or to no URL is a clear error', async () => {
    for (const [to, message] of [
      ['file:///etc/passwd', 'the server redirected to a file: URL'],
      ['ftp://127.0.0.1/feed.csv', 'the server redirected to a ftp: URL'],
      ['http://[::1', 'the server redirected to something that is not a URL'],
    ]) {
      const error = await failure(run(`/away?to=${encodeURIComponent(to as string)}`));
      expect(error.message).toBe(message);
      expect(error.exitCode).toBe(3);
    }
  });

  it('a malformed -H is a usage error that never echoes its value', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.yaml'), MINIMAL_MAPPING);
    for (const [header, message] of [
      ['Bearer-s3cret', '--header 1 is not "Name: value" (a name of letters, digits and -)'],
      [
        'Authorization: Bearer s3cret\r\nX-Evil: 1',
        '--header 1 (Authorization) has a line break in its value',
      ],
      [
        'Authorization: Bearer s3cr€t',
        '--header 1 (Authorization) has a character HTTP headers cannot carry (outside Latin-1)',
      ],
    ]) {
      const result = cli([
        'convert',
        'http://127.0.0.1:9/feed.csv',
        '-m',
        join(dir, 'm.yaml'),
        '-H',
        header as string,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`feedkit: ${message} [usage]\n`);
      expect(result.stderr).not.toMatch(/s3cr/);
    }
  }, 30_000);

  it('ends a download that drips past its deadline, as truncated input', async () => {
    const error = await failure(run('/drip.csv', { deadline: 400 }));
    expect(error.code).toBe('input-truncated');
    expect(error.message).toMatch(
      /^the download did not finish within its deadline \(\d+ bytes received; --download-timeout\)$/,
    );
    expect(error.exitCode).toBe(4);
  });

  it('refuses a body over the size limit, announced or not', async () => {
    const announced = await failure(run('/feed.csv', { maxBytes: 100 }));
    expect(announced.message).toBe(
      `the server announces ${Buffer.byteLength(CSV)} bytes, over the limit of 100`,
    );
    expect(announced.exitCode).toBe(3);
    const sent = await failure(run('/big.csv', { maxBytes: 100 }));
    expect(sent.message).toBe('the download is larger than 100 bytes (--max-download-mb)');
    expect(sent.exitCode).toBe(3);
  });

  it('sends a User-Agent, and waits as long as Retry-After says on 429 and 503', async () => {
    const started = Date.now();
    const { result } = await run('/busy.csv', { retryDelay: 1 });
    expect(hits.get('/busy.csv')).toBe(3);
    expect(result.report.channels.google?.records.accepted).toBe(50);
    // The first answer asked for a second; the default pause here is 1 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(seenHeaders['user-agent']).toMatch(/^feedkit\/\d+\.\d+\.\d+/);
  });

  it('gives up at once when Retry-After asks for longer than it may wait', async () => {
    const error = await failure(run('/later.csv'));
    expect(hits.get('/later.csv')).toBe(1);
    expect(error.message).toBe('the server answered 503 (after 3 attempts)');
  });

  it('--if-changed: a 304 ends the run with exit 0 and changes nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.yaml'), MINIMAL_MAPPING);
    const out = join(dir, 'out');
    const args = ['convert', `${base}/feed.csv`, '-m', join(dir, 'm.yaml'), '--out', out, '--if-changed'];
    const first = await cliAsync(args);
    expect(first.code).toBe(0);
    const state = JSON.parse(readFileSync(join(out, '.feedkit', 'current', 'state.json'), 'utf8'));
    expect(state.download).toEqual({ url: `${base}/feed.csv`, etag: '"v1"' });
    const before = readFileSync(join(out, 'report.json'), 'utf8');
    const second = await cliAsync(args);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe(
      `feedkit: ${base}/feed.csv unchanged since the last published run; nothing to do\n`,
    );
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe(before);
  });

  it('goes through the proxy HTTP_PROXY names, and around it for a host in NO_PROXY', async () => {
    // A forward proxy: it gets the absolute URI of an http:// URL and fetches it itself.
    const asked: string[] = [];
    const proxy = createServer((req, res) => {
      asked.push(req.url ?? '');
      const upstream = httpGet(req.url ?? '', { headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
    try {
      for (const name of PROXY_VARIABLES) delete process.env[name];
      process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const before = hits.get('/feed.csv') ?? 0;
      const through = await run('/feed.csv?via=proxy', { headers: { authorization: 'Bearer s3cret' } });
      expect(through.result.report.channels.google?.records.accepted).toBe(50);
      expect(asked).toEqual([`${base}/feed.csv?via=proxy`]);
      expect(hits.get('/feed.csv')).toBe(before + 1);
      // Nothing the proxy is told ends up in the outputs either.
      expect(readFileSync(join(through.out, 'report.json'), 'utf8')).not.toContain('proxy');

      process.env.NO_PROXY = 'example.org, 127.0.0.1';
      const around = await run('/feed.csv');
      expect(around.result.report.channels.google?.records.accepted).toBe(50);
      expect(asked).toHaveLength(1);
      expect(hits.get('/feed.csv')).toBe(before + 2);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
