import { readFileSync } from 'node:fs';
import { PACKAGE_JSON } from './paths.js';

/** feedkit's version, from package.json. */
export const VERSION: string = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string })
  .version;
