import type { RendererDef } from './renderer.js';

export default {
  name: 'json',
  summary: 'The report as JSON (schemas/report.schema.json).',
  extension: 'json',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
  examples: ['feedkit convert supplier.csv --mapping mapping.yaml --print json'],
} satisfies RendererDef;
