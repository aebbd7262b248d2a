import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The bundled channels: `schemas/` at the package root (from `src/model` or `dist/model`). */
export const BUILTIN_CHANNEL_DIR = resolve(here, '../../schemas');
