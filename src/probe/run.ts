import { FeedkitError } from '../model/errors.js';
import { type ProbeAnswer, probeHttp } from '../sources/http-probe.js';
import { readProbeCache, writeProbeCache } from './cache.js';
import { imageHeader } from './dimensions.js';
import type { ProbeFacts, ProbeKind, ProbeTally, ProbeUrls } from './facts.js';

/** How the probe asks (`--probe-concurrency`, `--probe-rate`, `--probe-timeout`). */
export interface ProbeSettings {
  /** Requests under way at once, over all hosts (default 16). */
  concurrency?: number;
  /** Requests started per host per second at most (default 8). */
  rate?: number;
  /** Milliseconds a URL may take, connection to the first bytes (default 10 s). */
  timeout?: number;
  /** Bytes of an image read for its header (default 64 KiB). */
  range?: number;
  /** Milliseconds a cached answer is taken without asking (default 24 h). */
  maxAge?: number;
}

/** What a run probes (`--probe images,links`) and how. */
export interface ProbeOptions extends ProbeSettings {
  /** The kinds of URL to probe: `image` (image_link, additional_image_link), `link`. */
  kinds: ProbeKind[];
  /** Distinct URLs probed at most (default 200,000); the report counts those left out. */
  maxUrls?: number;
}

/** Defaults of {@link ProbeSettings}. */
export const PROBE_DEFAULTS = {
  concurrency: 16,
  rate: 8,
  timeout: 10_000,
  range: 65_536,
  maxAge: 24 * 3600_000,
  maxUrls: 200_000,
} as const;

/** A cached answer is kept this long for revalidation (then asked anew, without validators). */
const KEEP_FOR = 30 * 24 * 3600_000;

/**
 * Probe each URL once: from the cache in `cacheDir` when it was asked less than `maxAge` ago,
 * else with a request (HEAD for a link, a ranged GET for an image; a cached entry's validators
 * make it conditional, a 304 keeps what it knew). At most `concurrency` requests are under
 * way and at most `rate` start per host and second; URLs are taken host by host in turn, so
 * a host with many URLs does not hold the others back. The cache is written when all are done.
 */
export async function probeUrls(
  urls: ProbeUrls,
  cacheDir: string,
  settings: ProbeSettings = {},
  now: () => number = Date.now,
): Promise<{ facts: Map<string, ProbeFacts>; tally: ProbeTally }> {
  const concurrency = Math.max(1, settings.concurrency ?? PROBE_DEFAULTS.concurrency);
  const rate = settings.rate ?? PROBE_DEFAULTS.rate;
  const maxAge = settings.maxAge ?? PROBE_DEFAULTS.maxAge;
  const cache = await readProbeCache(cacheDir);
  const facts = new Map<string, ProbeFacts>();
  const tally: ProbeTally = {
    urls: urls.size,
    requests: 0,
    cached: 0,
    revalidated: 0,
    not_modified: 0,
    not_probed: 0,
  };
  const started = now();
  const queue: Array<[string, ProbeKind]> = [];
  for (const [url, kind] of urls) {
    const known = cache.get(url);
    if (known !== undefined && known.kind === kind && started - known.checked < maxAge) {
      facts.set(url, known);
      tally.cached++;
    } else queue.push([url, kind]);
  }
  const order = byHostInTurn(queue);
  const slots = new HostSlots(rate, now);
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const [url, kind] = order[next++] as [string, ProbeKind];
      await slots.wait(hostOf(url));
      const known = cache.get(url);
      const conditional = known?.kind === kind ? known : undefined;
      tally.requests++;
      if (conditional !== undefined) tally.revalidated++;
      const found = await probeOne(url, kind, settings, conditional, now);
      if (conditional !== undefined && found.status === 304) {
        tally.not_modified++;
        facts.set(url, { ...conditional, checked: found.checked });
      } else facts.set(url, found);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, order.length) }, worker));
  for (const [url, found] of facts) cache.set(url, found);
  await writeProbeCache(cacheDir, cache, now(), KEEP_FOR);
  return { facts, tally };
}

/** One URL asked: what it answered, or why it did not. */
async function probeOne(
  url: string,
  kind: ProbeKind,
  settings: ProbeSettings,
  known: ProbeFacts | undefined,
  now: () => number,
): Promise<ProbeFacts> {
  const timeout = settings.timeout ?? PROBE_DEFAULTS.timeout;
  const conditional = known && { etag: known.etag, lastModified: known.lastModified };
  try {
    let answer: ProbeAnswer;
    if (kind === 'image') {
      answer = await probeHttp(url, {
        method: 'GET',
        range: settings.range ?? PROBE_DEFAULTS.range,
        timeout,
        conditional,
      });
    } else {
      answer = await probeHttp(url, { method: 'HEAD', timeout, conditional });
      // Some servers refuse HEAD: the first byte of a GET says as much.
      if (answer.status === 405 || answer.status === 501)
        answer = await probeHttp(url, { method: 'GET', range: 1, timeout, conditional });
    }
    return factsOf(url, kind, answer, now());
  } catch (error) {
    if (!(error instanceof FeedkitError)) throw error;
    return { url, kind, error: error.message, checked: now() };
  }
}

/** The facts of an answer: its status and headers, and for an image what its first bytes say. */
export function factsOf(url: string, kind: ProbeKind, answer: ProbeAnswer, checked: number): ProbeFacts {
  const facts: ProbeFacts = { url, kind, status: answer.status, checked };
  const type = answer.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type) facts.type = type;
  if (answer.size !== undefined) facts.size = answer.size;
  if (answer.etag !== undefined) facts.etag = answer.etag;
  if (answer.lastModified !== undefined) facts.lastModified = answer.lastModified;
  if (kind === 'image' && (answer.status === 200 || answer.status === 206)) {
    const image = imageHeader(answer.head);
    facts.format = image?.format ?? 'none';
    if (image?.width !== undefined) facts.width = image.width;
    if (image?.height !== undefined) facts.height = image.height;
  }
  return facts;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

/** The URLs reordered one host after another in turn (a, b, c, a, b, a …), each host's in order. */
function byHostInTurn<T extends [string, ProbeKind]>(items: T[]): T[] {
  const hosts = new Map<string, T[]>();
  for (const item of items) {
    const host = hostOf(item[0]);
    let list = hosts.get(host);
    if (list === undefined) {
      list = [];
      hosts.set(host, list);
    }
    list.push(item);
  }
  const lists = [...hosts.values()];
  const order: T[] = [];
  for (let i = 0; order.length < items.length; i++)
    for (const list of lists) if (i < list.length) order.push(list[i] as T);
  return order;
}

/** At most `rate` request starts per host per second: each start takes the host's next slot, 1/rate s apart. */
class HostSlots {
  private readonly next = new Map<string, number>();
  constructor(
    private readonly rate: number,
    private readonly now: () => number,
  ) {}

  async wait(host: string): Promise<void> {
    if (!(this.rate > 0) || !Number.isFinite(this.rate)) return;
    const at = Math.max(this.now(), this.next.get(host) ?? 0);
    this.next.set(host, at + 1000 / this.rate);
    const pause = at - this.now();
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
