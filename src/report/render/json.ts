import type { RendererDef } from './renderer.js';

export default {
  name: 'json',
  summary: 'The report as JSON (schemas/report.schema.json).',
  extension: 'json',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
} satisfies RendererDef;
