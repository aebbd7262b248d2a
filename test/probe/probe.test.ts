import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert.js';
import type { ProbeOptions } from '../../src/probe/run.js';
import { renderConsole } from '../../src/report/render/console.js';
import type { Report } from '../../src/report/report.js';
import { gif, jpeg, png, webpExtended, webpLossless, webpLossy } from '../helpers/images.js';
import { cliAsync, tempDir } from '../helpers/run.js';

/** Every request the server saw: method and path. */
const seen: string[] = [];
let server: Server;
let base = '';

/** 20 MiB, announced by Content-Range: over Google's 16 MB and Meta's 8 MB. */
const HUGE = 20 << 20;
const images: Record<string, Buffer> = {
  '/img/big.png': png(800, 800),
  '/img/small.jpg': jpeg(80, 60),
  '/img/mid.webp': webpLossy(300, 300),
  '/img/lossless.webp': webpLossless(1000, 1000),
  '/img/extended.webp': webpExtended(600, 600),
  '/img/apparel.gif': gif(200, 200),
  '/img/moved.jpg': jpeg(1000, 1000, true),
  '/img/huge.jpg': jpeg(1000, 1000),
};

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '';
  seen.push(`${req.method} ${path}`);
  if (path === '/img/slow.jpg') {
    // Never answers within the probe's timeout; the server closes it when the test ends.
    return;
  }
  if (path === '/img/redirect.jpg') {
    res.writeHead(301, { location: '/img/moved.jpg' }).end();
    return;
  }
  if (path === '/img/missing.jpg' || path === '/p/gone') {
    res.writeHead(404).end('not found');
    return;
  }
  if (path === '/img/error.png') {
    res.writeHead(500).end('boom');
    return;
  }
  if (path === '/img/page.jpg') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Sorry</body></html>');
    return;
  }
  if (path === '/p/no-head' && req.method === 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  if (path.startsWith('/p/')) {
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(req.method === 'HEAD' ? undefined : '<html></html>');
    return;
  }
  const image = images[path];
  if (image === undefined) {
    res.writeHead(404).end();
    return;
  }
  const etag = `"${path}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  const type = path.endsWith('.png')
    ? 'image/png'
    : path.endsWith('.gif')
      ? 'image/gif'
      : path.endsWith('.webp')
        ? 'image/webp'
        : 'image/jpeg';
  // The huge one honours the range (206, its whole size in Content-Range); the others send
  // the whole file (200 with Content-Length), as many image servers do.
  if (path === '/img/huge.jpg' && req.headers.range !== undefined) {
    res.writeHead(206, {
      'content-type': type,
      etag,
      'content-range': `bytes 0-${image.length - 1}/${HUGE}`,
    });
    res.end(image);
    return;
  }
  res.writeHead(200, { 'content-type': type, etag, 'content-length': image.length }).end(image);
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

const APPAREL = 'Apparel & Accessories > Clothing > Shirts & Tops';
const HOME = 'Home & Garden > Kitchen & Dining';

/** The fixture: each record's image, extra images and link point at the local server only, but one link at a name that never resolves. */
function fixture(): string {
  const rows = [
    ['ok-1', '/img/big.png', '/img/lossless.webp|/img/extended.webp', '/p/1', HOME],
    ['small', '/img/small.jpg', '', '/p/2', HOME],
    ['mid', '/img/mid.webp', '', '/p/3', HOME],
    ['apparel', '/img/apparel.gif', '', '/p/4', APPAREL],
    ['moved', '/img/redirect.jpg', '', '/p/no-head', HOME],
    ['missing', '/img/missing.jpg', '', '/p/5', HOME],
    ['error', '/img/error.png', '', '/p/6', HOME],
    ['page', '/img/page.jpg', '', '/p/7', HOME],
    ['huge', '/img/huge.jpg', '', '/p/8', HOME],
    ['slow', '/img/slow.jpg', '', '/p/9', HOME],
    ['gone', '/img/big.png', '/img/missing.jpg', '/p/gone', HOME],
    ['nowhere', '/img/big.png', '', 'http://shop.feedkit-probe.invalid/p/10', HOME],
  ];
  const at = (path: string) => (path.startsWith('/') ? `${base}${path}` : path);
  return [
    'sku,title,price,image,extra,link,category',
    ...rows.map(([sku, image, extra, link, category]) =>
      [
        sku,
        `Product ${sku}`,
        '100',
        at(image as string),
        (extra as string).split('|').filter(Boolean).map(at).join('|'),
        at(link as string),
        `"${category}"`,
      ].join(','),
    ),
  ].join('\n');
}

const MAPPING = `
source: { currency: DKK }
channels:
  google:
  meta: { probe: { reject_unreachable: true } }
fields:
  id: sku
  title: title
  description: { from: title }
  brand: { value: Acme }
  condition: { value: new }
  link: link
  image_link: image
  additional_image_link: { from: extra, pipe: [{ split: "|" }] }
  google_product_category: category
  availability: { value: in_stock }
  price: { from: price, pipe: [price] }
`;

const PROBE: ProbeOptions = { kinds: ['image', 'link'], concurrency: 4, rate: 1000, timeout: 1000 };

async function run(dir: string) {
  return convert({
    input: join(dir, 'input.csv'),
    mapping: join(dir, 'mapping.yaml'),
    out: join(dir, 'out'),
    threads: 1,
    probe: PROBE,
    reportFormats: ['md', 'html'],
    now: new Date('2026-12-07T12:00:00Z'),
  });
}

/** Findings of a channel by type: the item ids of their samples. */
function byType(report: Awaited<ReturnType<typeof run>>['report'], channel: string) {
  const found = report.probe?.channels[channel]?.findings ?? [];
  return Object.fromEntries(found.map((f) => [f.type, f.samples.map((s) => s.key).sort()]));
}

describe('the image and link probe against a local server', () => {
  const dir = tempDir();
  let first: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    writeFileSync(join(dir, 'input.csv'), fixture());
    writeFileSync(join(dir, 'mapping.yaml'), MAPPING);
    first = await run(dir);
  });

  it('asks each distinct URL once, and only the fixture’s paths of 127.0.0.1', () => {
    const probe = first.report.probe;
    // 13 distinct images (big.png, missing.jpg twice each), 12 links.
    expect(probe).toMatchObject({
      kinds: ['image', 'link'],
      urls: 24,
      requests: 24,
      cached: 0,
      not_probed: 0,
    });
    const images = Object.keys(images_()).map((path) => `GET ${path}`);
    expect([...seen].sort()).toEqual(
      [
        ...images.filter((line) => line !== 'GET /img/moved.jpg'),
        'GET /img/redirect.jpg',
        'GET /img/moved.jpg',
        'GET /img/slow.jpg',
        'GET /img/missing.jpg',
        'GET /img/error.png',
        'GET /img/page.jpg',
        ...['1', '2', '3', '4', '5', '6', '7', '8', '9', 'gone', 'no-head'].map((p) => `HEAD /p/${p}`),
        'GET /p/no-head',
      ].sort(),
    );
  });

  it('finds every class of problem in Google, by its rules (100×100, 250×250 for apparel, 16 MB)', () => {
    expect(byType(first.report, 'google')).toEqual({
      // The first five in input order; the sixth (nowhere) is counted.
      'probe-unreachable': ['error', 'gone', 'gone', 'missing', 'slow'],
      'probe-not-image': ['page'],
      'probe-too-small': ['apparel', 'small'],
      'probe-too-large': ['huge'],
    });
    const google = first.report.probe?.channels.google;
    const unreachable = google?.findings.find((f) => f.type === 'probe-unreachable');
    expect(unreachable?.count).toBe(6);
    const details = Object.fromEntries(
      unreachable?.samples.map((s) => [`${s.key} ${s.field}`, s.expected]) ?? [],
    );
    expect(details['missing image_link']).toBe('HTTP 404');
    expect(details['error image_link']).toBe('HTTP 500');
    expect(details['gone link']).toBe('HTTP 404');
    expect(details['gone additional_image_link']).toBe('HTTP 404');
    expect(details['slow image_link']).toBe('no answer within 1000 ms');
    expect(
      google?.findings
        .find((f) => f.type === 'probe-too-small')
        ?.samples.map((s) => s.expected)
        .sort(),
    ).toEqual(['200×200 px; at least 250×250', '80×60 px; at least 100×100']);
    expect(google?.findings.find((f) => f.type === 'probe-too-large')?.samples[0]?.expected).toBe(
      '20 MB; at most 16 MB',
    );
    expect(first.report.channels.google?.records).toMatchObject({ read: 12, accepted: 12, rejected: 0 });
  });

  it('rejects per channel: Meta drops the unreachable ones with a clear reason, and holds its own minimums', () => {
    const meta = first.report.channels.meta?.records;
    expect(meta).toMatchObject({ read: 12, accepted: 7, rejected: 5 });
    expect((meta?.accepted ?? 0) + (meta?.rejected ?? 0)).toBe(meta?.read);
    expect(first.report.probe?.channels.meta?.rejected).toBe(5);
    const rejects = parse(readFileSync(join(dir, 'out', 'rejects.csv'), 'utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    const metaRejects = rejects.filter((row) => row.channel === 'meta');
    // An unreachable additional image is reported, not rejected: "gone" goes for its link.
    expect(metaRejects.map((row) => row.record_key).sort()).toEqual([
      'error',
      'gone',
      'missing',
      'nowhere',
      'slow',
    ]);
    const nowhere = metaRejects.find((row) => row.record_key === 'nowhere');
    // A name that does not resolve is an answer of its own, well within the timeout.
    expect(Object.values(nowhere ?? {}).join(' ')).toMatch(
      /link .*feedkit-probe\.invalid.* is unreachable: (cannot download: .+|no answer within 1000 ms)/,
    );
    const missing = metaRejects.find((row) => row.record_key === 'missing');
    expect(Object.values(missing ?? {}).join(' ')).toMatch(/probe-unreachable/);
    expect(Object.values(missing ?? {}).join(' ')).toMatch(
      /image_link .*missing\.jpg is unreachable: HTTP 404/,
    );
    // Meta takes JPEG and PNG of 500×500 at least, 8 MB at most.
    expect(byType(first.report, 'meta')).toEqual({
      'probe-format': ['apparel', 'mid', 'ok-1', 'ok-1'],
      'probe-not-image': ['page'],
      'probe-too-small': ['small'],
      'probe-too-large': ['huge'],
    });
  });

  it('feeds the readiness score: probe-images and probe-link fail the products with findings', async () => {
    const fixes = first.report.readiness?.channels.google?.fixes ?? [];
    const fix = (rule: string) => fixes.find((f) => f.rule === rule);
    // small, apparel, missing, error, page, huge, slow, and gone's additional image.
    expect(fix('probe-images')?.products).toBe(8);
    expect(fix('probe-link')?.products).toBe(2);
    // Without the probe, the rules do not apply: no fix names them.
    const plain = await convert({
      input: join(dir, 'input.csv'),
      mapping: join(dir, 'mapping.yaml'),
      out: join(tempDir(), 'out'),
      threads: 1,
      now: new Date('2026-12-07T12:00:00Z'),
    });
    expect(plain.report.probe).toBeUndefined();
    const rules = (plain.report.readiness?.channels.google?.fixes ?? []).map((f) => f.rule);
    expect(rules).not.toContain('probe-images');
    expect(rules).not.toContain('probe-link');
  });

  it('shows the probe in the console, Markdown and HTML reports', () => {
    const md = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    expect(md).toContain('## Image and link probe');
    expect(md).toMatch(/### google: 6 unreachable, 2 too small, 1 not an image, 1 too large/);
    expect(md).toContain(`missing image_link: ${base}/img/missing.jpg (HTTP 404)`);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain('<section class="probe channel">');
    expect(html).toContain('data-type="probe-too-small"');
  });

  it('runs from the command line (--probe images,links, its rate and timeout; workers judge too), the console naming each channel', async () => {
    const out = join(tempDir(), 'out');
    const { code, stderr } = await cliAsync([
      'convert',
      join(dir, 'input.csv'),
      '-m',
      join(dir, 'mapping.yaml'),
      '-o',
      out,
      '--probe',
      'images,links',
      '--probe-concurrency',
      '4',
      '--probe-rate',
      '1000',
      '--probe-timeout',
      '1',
    ]);
    expect(stderr).toContain('google 12/12 accepted');
    expect(stderr).toContain('meta 7/12 accepted');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.probe).toMatchObject({ urls: 24, requests: 24, cached: 0 });
    expect(report.channels.meta?.records).toMatchObject({ read: 12, accepted: 7, rejected: 5 });
    const console = renderConsole(report, false);
    expect(console).toContain('probe (image, link): 24 URLs: 24 asked, 0 from the cache');
    expect(console).toContain('  google: 6 unreachable, 2 too small, 1 not an image, 1 too large');
    expect(console).toMatch(/ {2}meta: .*; 5 items rejected for an unreachable URL/);
  });

  it('takes the cache on the second run: no request at all', async () => {
    const before = seen.length;
    const second = await run(dir);
    expect(seen.length).toBe(before);
    expect(second.report.probe).toMatchObject({ urls: 24, requests: 0, cached: 24 });
    expect(byType(second.report, 'google')).toEqual(byType(first.report, 'google'));
  });

  it('revalidates entries older than 24 h with their ETag (304 keeps what it knew)', async () => {
    const file = join(dir, 'out', '.feedkit', 'probe', 'probe-cache.jsonl');
    const old = Date.now() - 25 * 3600_000;
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => ({ ...JSON.parse(line), checked: old }));
    writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    seen.length = 0;
    const third = await run(dir);
    expect(third.report.probe).toMatchObject({ urls: 24, requests: 24, cached: 0, revalidated: 24 });
    // The images with an ETag answered 304: big.png, lossless, extended, small, mid, apparel, moved (after the redirect), huge.
    expect(third.report.probe?.not_modified).toBe(8);
    expect(byType(third.report, 'google')).toEqual(byType(first.report, 'google'));
  });
});

function images_(): Record<string, Buffer> {
  return images;
}
