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

/** Google's categories in the compact form {@link compactCategories} writes. */
export interface CompactCategories {
  /** A line per English category: `id`, top-level id, depth, leaf (1/0) and path, with tabs. */
  english: string;
  /**
   * A line per path of another bundled locale that English does not have, `path` and id, as
   * UTF-8. From the build's cache, `bytes` is a getter that reads the file at the first lookup
   * that needs it (most runs never do; decoding its 1.4 MB was ~20 ms of a start), or when the
   * bundle is copied to a worker (which reads no file).
   */
  localized: { readonly bytes: Uint8Array };
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

/** The taxonomy files (`en-US` first) in the form {@link categoryTable} reads. */
export function compactCategories(taxonomy: Readonly<Record<string, string>>): CompactCategories {
  const [english = '', ...others] = Object.values(taxonomy);
  const lines = parse(english);
  const tops = new Map<string, number>();
  const known = new Set<string>();
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const [id, path] = lines[i] as [number, string];
    const next = lines[i + 1]?.[1];
    const topName = path.split(' > ', 1)[0] as string;
    if (!path.includes(' > ')) tops.set(topName, id);
    const leaf = next === undefined || !next.startsWith(`${path} > `);
    out.push(`${id}\t${tops.get(topName) ?? id}\t${path.split(' > ').length}\t${leaf ? 1 : 0}\t${path}`);
    known.add(path);
  }
  const ids = new Set(lines.map(([id]) => id));
  const localized: string[] = [];
  for (const other of others)
    for (const [id, path] of parse(other)) {
      if (!ids.has(id) || known.has(path)) continue;
      known.add(path);
      localized.push(`${path}\t${id}`);
    }
  return { english: out.join('\n'), localized: { bytes: new TextEncoder().encode(localized.join('\n')) } };
}

/**
 * The table of {@link compactCategories}, read at the first lookup; the other locales' paths at
 * the first value that is neither an English id nor an English path.
 */
export function categoryTable(compact: CompactCategories): CategoryTable {
  let byId: Map<number, CategoryPlace> | undefined;
  let byPath: Map<string, CategoryPlace> | undefined;
  let localized: Map<string, CategoryPlace> | undefined;
  const english = () => {
    byId = new Map();
    byPath = new Map();
    for (const line of compact.english.split('\n')) {
      const [id, top, depth, leaf, path = ''] = line.split('\t');
      const place: CategoryPlace = {
        top: Number(top),
        depth: Number(depth),
        leaf: leaf === '1',
        name: path.includes(' > ') ? path.slice(path.lastIndexOf(' > ') + 3) : path,
      };
      byId.set(Number(id), place);
      byPath.set(path, place);
    }
  };
  const others = () => {
    localized = new Map();
    for (const line of new TextDecoder().decode(compact.localized.bytes).split('\n')) {
      const tab = line.lastIndexOf('\t');
      const place = byId?.get(Number(line.slice(tab + 1)));
      if (place !== undefined) localized.set(line.slice(0, tab), place);
    }
  };
  return {
    place(value) {
      if (byId === undefined) english();
      const text = value.trim();
      if (/^\d+$/.test(text)) return byId?.get(Number(text));
      const known = byPath?.get(text);
      if (known !== undefined) return known;
      if (localized === undefined) others();
      return localized?.get(text);
    },
  };
}
