import type { ImageFormat } from './dimensions.js';

/** What a URL is probed as: an image (a ranged GET reads its header) or a link (HEAD). */
export type ProbeKind = 'image' | 'link';

/**
 * What one probe of a URL found, as the cache keeps it and the workers receive it: plain data.
 * A URL that gave no answer has `error` and no `status`.
 */
export interface ProbeFacts {
  /** The URL as the record holds it. */
  url: string;
  kind: ProbeKind;
  /** HTTP status after redirects (200, 206, 404 …). */
  status?: number;
  /** Why there was no answer: a connection error (`ENOTFOUND`), a timeout. */
  error?: string;
  /** Content-Type as sent, without parameters. */
  type?: string;
  /** The file's size in bytes (Content-Range's total, else Content-Length). */
  size?: number;
  /** Images: the format the first bytes name, or `none` when they are not an image's. */
  format?: ImageFormat | 'none';
  /** Images: width and height in pixels, when the first bytes hold them. */
  width?: number;
  height?: number;
  /** Validators for the next probe (If-None-Match, If-Modified-Since). */
  etag?: string;
  lastModified?: string;
  /** When the URL was last asked (ms since the epoch). */
  checked: number;
}

/** Distinct URLs of a run, each with what it is probed as. */
export type ProbeUrls = Map<string, ProbeKind>;

/** What the probe did, for the report. */
export interface ProbeTally {
  /** Distinct URLs probed (from the cache or asked). */
  urls: number;
  /** URLs asked now (a request each, redirects aside). */
  requests: number;
  /** URLs answered from the cache (probed less than `max_age` ago). */
  cached: number;
  /** Cached URLs asked again with their validators; `not_modified` of them answered 304. */
  revalidated: number;
  not_modified: number;
  /** Distinct URLs over the bound (`--probe-max-urls`), not probed. */
  not_probed: number;
}
