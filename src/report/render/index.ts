import consoleRenderer from './console.js';
import github from './github.js';
import html from './html.js';
import json from './json.js';
import junit from './junit.js';
import md from './md.js';
import type { RendererDef } from './renderer.js';
import summary from './summary.js';

/** Report renderers by the name users type. */
export const renderers = {
  console: consoleRenderer,
  github,
  html,
  json,
  junit,
  md,
  summary,
} satisfies Record<string, RendererDef>;

/** Name of a report renderer. */
export type RendererName = keyof typeof renderers;
