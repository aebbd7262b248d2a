import type { RendererDef } from './renderer.js';

/** One line per run, for cron logs: what was read and, per channel, what was accepted. */
export default {
  name: 'summary',
  summary: 'One line: records read and, per channel, accepted/read and score.',
  extension: 'txt',
  render(report) {
    const channels = Object.entries(report.channels)
      .map(([name, c]) => `${name} ${c.records.accepted}/${c.records.read} accepted (score ${c.score})`)
      .join(', ');
    const quality = report.valid ? '' : `; quality failed: ${report.quality.failures.join('; ')}`;
    return `feedkit: ${report.source.path}: ${report.source.records} records; ${channels}${quality}\n`;
  },
  examples: ['feedkit convert supplier.csv --mapping mapping.yaml --print summary'],
} satisfies RendererDef;
