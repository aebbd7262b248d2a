import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Every module finds the package's files through here: the CLI runs as a bundle
// (dist/bundle/, see scripts/bundle.js) where a module's own URL is the bundle's, and this
// file sits two folders below the package root in src/, dist/ and dist/bundle/ alike.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The bundled channels: `schemas/` at the package root. */
export const BUILTIN_CHANNEL_DIR = resolve(root, 'schemas');

/** The bundled dictionaries of the `extract` transform. */
export const DICTIONARY_DIR = resolve(root, 'schemas/dictionaries');

/** Files `npm run build` makes from the sources (validators, caches): `dist/`, also under tests. */
export const BUILT_DIR = resolve(root, 'dist');

/** The package's `package.json`. */
export const PACKAGE_JSON = resolve(root, 'package.json');
