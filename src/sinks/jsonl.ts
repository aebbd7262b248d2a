import type { SinkDef } from './sink.js';

export default {
  name: 'jsonl',
  summary: 'One JSON object per line, lists as arrays (OpenAI).',
  header: () => '',
  compile: () => (item) => `${JSON.stringify(item)}\n`,
  footer: () => '',
} satisfies SinkDef;
