import consoleRenderer from './console.js';
import json from './json.js';
import md from './markdown.js';
import type { RendererDef } from './renderer.js';
import summary from './summary.js';

/** Report renderers by the name users type. */
export const renderers = { console: consoleRenderer, json, md, summary } satisfies Record<
  string,
  RendererDef
>;

/** Name of a report renderer. */
export type RendererName = keyof typeof renderers;
