import type { SinkDef } from './sink.js';

export default {
  name: 'jsonl',
  summary: 'One JSON object per line, lists as arrays (OpenAI).',
  header: () => '',
  compile: () => (item) => `${JSON.stringify(item)}\n`,
  footer: () => '',
  examples: [
    {
      item: { id: 'A1', image_link: ['https://x.test/1.jpg'] },
      output: '{"id":"A1","image_link":["https://x.test/1.jpg"]}\n',
    },
  ],
} satisfies SinkDef;
