import { describe, expect, it } from 'vitest';
import { clock, progressFigures, progressLine, size } from '../../src/commands/progress.js';

const halfway = {
  records: 500_000,
  bytes: 420_000_000,
  totalBytes: 840_000_000,
  channels: { google: { accepted: 499_000, rejected: 1_000 }, meta: { accepted: 500_000, rejected: 0 } },
};

describe('progress line', () => {
  it('shows the share read, records, rate, elapsed, ETA and per channel counts', () => {
    expect(progressLine(halfway, 8)).toBe(
      '50% of 840 MB · 500,000 records · 62,500/s · 0:08 · ETA 0:08 · google 499,000 ✓ 1,000 ✗ · meta 500,000 ✓ 0 ✗',
    );
  });

  it('without a known size (standard input), the bytes read and no ETA', () => {
    const { totalBytes: _, ...unknown } = halfway;
    expect(progressLine(unknown, 8)).toBe(
      '420 MB read · 500,000 records · 62,500/s · 0:08 · google 499,000 ✓ 1,000 ✗ · meta 500,000 ✓ 0 ✗',
    );
    expect(progressFigures(unknown, 8).eta).toBeUndefined();
  });

  it('gives the figures for JSON progress events', () => {
    expect(progressFigures(halfway, 8)).toEqual({
      percent: 50,
      records: 500_000,
      rate: 62_500,
      elapsed: 8,
      eta: 8,
    });
    expect(progressFigures({ ...halfway, bytes: 0 }, 0)).toEqual({
      percent: 0,
      records: 500_000,
      rate: 0,
      elapsed: 0,
    });
  });

  it('formats clocks and sizes', () => {
    expect([clock(0), clock(59.6), clock(61), clock(3725)]).toEqual(['0:00', '1:00', '1:01', '1:02:05']);
    expect([size(999), size(1500), size(840_000_000), size(1.25e9)]).toEqual([
      '999 B',
      '1.5 kB',
      '840 MB',
      '1.3 GB',
    ]);
  });
});
