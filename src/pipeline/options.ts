import type { Readable } from 'node:stream';
import type { ProbeOptions } from '../probe/run.js';
import type { Report } from '../report/report.js';
import type { HttpOptions } from '../sources/http.js';

/** Options of {@link convert}. */
export interface ConvertOptions {
  /** Input file path, or `-` for standard input. */
  input: string;
  /** Mapping file path. */
  mapping: string;
  /** Channels to write (names or `.channel.yaml` paths); default: the mapping's `channels`, else `google`. */
  channels?: string[];
  /** Output folder (created if missing). Default `out`. */
  out?: string;
  /** Minimum completeness score per channel; overrides the mapping's `quality.min_score`. */
  minScore?: number;
  /** Stream to read when `input` is `-` (default: process.stdin). */
  stdin?: Readable;
  /** Called after each batch with how far the run has come. */
  onProgress?: (progress: RunProgress) => void;
  /** Target batch size in bytes (default 1 MiB); small values help tests cross batch boundaries. */
  batchBytes?: number;
  /** Threads for parsing, mapping and validation: this one and `threads - 1` workers (default: the number of cores); 1 runs in-thread. */
  threads?: number;
  /** Publish even when the gate refuses (a drop, no items, too many rejects). */
  force?: boolean;
  /** Read, map and validate, then write only the report: the feeds stay as they are. */
  dryRun?: boolean;
  /** Report formats written into the output folder besides `report.json` (`md`, `html`, `junit`, `github`). */
  reportFormats?: string[];
  /**
   * An earlier run to compare with. A folder: its snapshots (`<folder>/.feedkit/snapshot/<channel>`,
   * or `<folder>/<channel>`) replace the published ones in the change report and the change
   * rules (for a pull request compared with main's feed), and its `report.json`, when it has
   * one, is compared as a report file is. A file: an earlier `report.json`, whose totals are
   * compared (in the report and every renderer).
   */
  baseline?: string;
  /** With `baseline`: a channel whose score falls by more points fails the quality check (exit 1). */
  maxRegression?: number;
  /** For a URL input: headers, timeouts and retries of the download. */
  http?: HttpOptions;
  /** For a URL input: ask the server whether the file changed since the last published run; stop if not. */
  ifChanged?: boolean;
  /** Join files by join name, for files outside the mapping's folder (`--join stock=/data/stock.csv`). */
  joins?: Record<string, string>;
  /** Bound of the tables joins and variants keep in memory, in bytes (default 64 MiB). */
  maxTableBytes?: number;
  /**
   * The run's time, which sale dates are compared with (a sale that ended is left out). Taken
   * once per run; default: when the run starts. Fix it for reproducible outputs.
   */
  now?: Date;
  /**
   * How a run is put in place: `links` (default) publishes the whole run at once through the
   * `.feedkit/current` link; `copy` renames each file over the last one's, for servers that do
   * not follow links (readers can see some files new and some old for the moment it takes).
   */
  publish?: PublishMode;
  /** Score AI readiness per product and channel (the report's `readiness`); default true. */
  readiness?: boolean;
  /** Write the fill-in sheet here: a CSV row per product scoring below `gapsBelow` in some channel (`--gaps`). */
  gaps?: string;
  /** With `gaps`: the score below which a product gets a row (default: the rules' `gaps_below`, 80). */
  gapsBelow?: number;
  /**
   * Probe the images and links of the records before the main pass (`--probe images,links`):
   * each distinct URL once, cached in `<out>/.feedkit/probe/`; the report's `probe` section, the
   * readiness rules that read it, and `probe: { reject_unreachable: true }` in a channel's settings.
   */
  probe?: ProbeOptions;
}

/** How far a run has come, after a batch: for progress lines and log events. */
export interface RunProgress {
  /** Records read so far. */
  records: number;
  /** Bytes of the input read so far, as stored (compressed, for gzip). */
  bytes: number;
  /** The input's size in bytes, where known (a file, or a download's Content-Length). */
  totalBytes?: number;
  /** Per channel, items accepted and rejected so far. */
  channels: Record<string, { accepted: number; rejected: number }>;
}

/** How a run is put in place in the output folder (see {@link ConvertOptions.publish}). */
export type PublishMode = 'links' | 'copy';

/** What {@link convert} produced. */
export interface ConvertResult {
  report: Report;
  /** Files written, by channel name (plus `rejects` and `report`). */
  files: Record<string, string>;
  /** 0 when done, 1 when a quality threshold failed, 4 when the gate kept a channel's previous feed. */
  exitCode: 0 | 1 | 4;
  /** True when `ifChanged` found the supplier file unchanged: nothing was read or written. */
  unchanged?: boolean;
}
