/** Where a product's Google category sits in the taxonomy. */
export interface CategoryPlace {
  /** The id of its top-level category (`166` for Apparel & Accessories). */
  top: number;
  /** Levels of its path (1 for a top-level category). */
  depth: number;
  /** True when no category lies below it. */
  leaf: boolean;
  /** Its own (last) level's English name (`Shirts & Tops`). */
  name: string;
}

/** Google categories by id or full path, from the taxonomy files. */
export interface CategoryTable {
  /** The place of an id or a full path (any bundled locale), or undefined when it is neither. */
  place(value: string): CategoryPlace | undefined;
}

/** One locale's lines: id and path, in the file's (tree) order. */
function parse(text: string): Array<[id: number, path: string]> {
  const out: Array<[number, string]> = [];
  for (const line of text.split('\n')) {
    const dash = line.indexOf(' - ');
    if (line.startsWith('#') || dash === -1) continue;
    out.push([Number(line.slice(0, dash)), line.slice(dash + 3).trim()]);
  }
  return out;
}

/**
 * The table of the taxonomy files (`en-US` first: ids, depths and leaves come from it); paths
 * of the other locales are read at the first value that is not an English id or path.
 */
export function categoryTable(taxonomy: Readonly<Record<string, string>>): CategoryTable {
  const [english = '', ...others] = Object.values(taxonomy);
  const lines = parse(english);
  const byId = new Map<number, CategoryPlace>();
  const byPath = new Map<string, CategoryPlace>();
  const tops = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const [id, path] = lines[i] as [number, string];
    const next = lines[i + 1]?.[1];
    const topName = path.split(' > ', 1)[0] as string;
    if (!path.includes(' > ')) tops.set(topName, id);
    const place: CategoryPlace = {
      top: tops.get(topName) ?? id,
      depth: path.split(' > ').length,
      leaf: next === undefined || !next.startsWith(`${path} > `),
      name: path.includes(' > ') ? path.slice(path.lastIndexOf(' > ') + 3) : path,
    };
    byId.set(id, place);
    byPath.set(path, place);
  }
  let localized = false;
  const memo = new Map<string, CategoryPlace | undefined>();
  return {
    place(value) {
      const text = value.trim();
      if (/^\d+$/.test(text)) return byId.get(Number(text));
      const known = byPath.get(text);
      if (known !== undefined || localized) return known ?? memo.get(text);
      localized = true;
      for (const other of others)
        for (const [id, path] of parse(other)) {
          const place = byId.get(id);
          if (place !== undefined && !byPath.has(path)) memo.set(path, place);
        }
      return memo.get(text);
    },
  };
}
