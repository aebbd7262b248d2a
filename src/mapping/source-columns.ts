import type { LoadedYaml } from '../config/load.js';
import type { OpenColumns } from '../model/columns.js';
import type { OpenedSource } from '../sources/source.js';
import { compileMapping } from './compile.js';
import { checkCountries } from './countries.js';

/**
 * The columns of a source's rows: its header, or for a source whose columns the mapping names
 * itself (XML paths), the names the mapping reads — its fields' and its countries' own —, each
 * checked by the source.
 */
export function sourceColumns(loaded: LoadedYaml, source: OpenedSource): string[] {
  if (source.columns !== undefined) return source.columns;
  const open: OpenColumns = { check: (name) => source.checkColumn?.(name), names: [] };
  compileMapping(loaded, open);
  checkCountries(loaded, open);
  return open.names;
}
