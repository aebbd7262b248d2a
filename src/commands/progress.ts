import type { RunProgress } from '../pipeline/options.js';
import { thousands } from '../text/no-icu.js';

/** Seconds as `m:ss` (or `h:mm:ss`). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Bytes as `512 kB`, `1.2 GB`. */
export function size(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** What the progress line shows, as numbers: for the line and for JSON progress events. */
export interface ProgressFigures {
  /** Share of the input read, 0–100, where its size is known. */
  percent?: number;
  records: number;
  /** Records per second since the start. */
  rate: number;
  elapsed: number;
  /** Seconds left, from the bytes read so far, where the size is known. */
  eta?: number;
}

/** The figures of a run `elapsed` seconds in. */
export function progressFigures(progress: RunProgress, elapsed: number): ProgressFigures {
  const { bytes, totalBytes } = progress;
  const known = totalBytes !== undefined && totalBytes > 0;
  const fraction = known ? Math.min(1, bytes / totalBytes) : undefined;
  return {
    ...(fraction !== undefined ? { percent: Math.floor(fraction * 100) } : {}),
    records: progress.records,
    rate: elapsed > 0 ? progress.records / elapsed : 0,
    elapsed,
    ...(fraction !== undefined && fraction > 0 ? { eta: (elapsed * (1 - fraction)) / fraction } : {}),
  };
}

/**
 * The one live line of a run on a terminal:
 * `42% of 1.2 GB · 512,340 records · 68,210/s · 0:07 · ETA 0:10 · google 500,123 ✓ 12,217 ✗`.
 */
export function progressLine(progress: RunProgress, elapsed: number): string {
  const f = progressFigures(progress, elapsed);
  const parts = [
    ...(f.percent !== undefined && progress.totalBytes !== undefined
      ? [`${f.percent}% of ${size(progress.totalBytes)}`]
      : [`${size(progress.bytes)} read`]),
    `${thousands(f.records)} records`,
    `${thousands(f.rate)}/s`,
    clock(f.elapsed),
    ...(f.eta !== undefined ? [`ETA ${clock(f.eta)}`] : []),
    ...Object.entries(progress.channels).map(
      ([name, c]) => `${name} ${thousands(c.accepted)} ✓ ${thousands(c.rejected)} ✗`,
    ),
  ];
  return parts.join(' · ');
}
