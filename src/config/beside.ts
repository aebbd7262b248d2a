import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/**
 * The absolute path of a file a mapping names (a lookup table, a join file): relative to the
 * mapping's folder and inside it, after following symbolic links, since a mapping must not
 * read anything else. Throws an Error saying why when it is not.
 */
export function besideMapping(mappingPath: string, name: string, what = 'files'): string {
  const folder = resolve(dirname(mappingPath));
  const file = resolve(folder, name);
  const inside = (root: string, path: string) => {
    const rel = relative(root, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  // A link inside the folder may point anywhere: what counts is where it leads.
  const real = existsSync(file) ? realpathSync(file) : file;
  const realFolder = existsSync(folder) ? realpathSync(folder) : folder;
  if (isAbsolute(name) || !inside(folder, file) || !inside(realFolder, real)) {
    throw new Error(`"${name}" is outside the mapping's folder; a mapping reads only ${what} beside it`);
  }
  return file;
}
