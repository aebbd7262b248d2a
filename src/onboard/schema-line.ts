import { dirname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILTIN_CHANNEL_DIR } from '../model/paths.js';

/**
 * The first line of a mapping `feedkit init` writes: editors with the YAML language server
 * (VS Code's YAML extension, Neovim, Zed) then check the mapping and show each key's
 * description as the user types. The path is relative to where the mapping is written
 * (stdout: the working folder), to the schema of the feedkit that wrote it.
 */
export function schemaLine(output: string | undefined): string {
  const from = output === undefined ? process.cwd() : dirname(resolve(output));
  const schema = resolve(BUILTIN_CHANNEL_DIR, 'mapping.schema.json');
  // Two trees with nothing but the root in common (/tmp and /usr/lib): the schema's own URL.
  if (from.split(sep)[1] !== schema.split(sep)[1])
    return `# yaml-language-server: $schema=${pathToFileURL(schema).href}\n`;
  const path = relative(from, schema).split(sep).join('/');
  return `# yaml-language-server: $schema=${path.startsWith('.') ? path : `./${path}`}\n`;
}
