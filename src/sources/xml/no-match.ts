import { FeedkitError } from '../../model/errors.js';

/** Names below the root kept to guess the records when the record path matches nothing. */
const SHAPE_NAMES = 200;

/** An element name seen below the root before the first record: shallowest depth, count, first path. */
export interface ShapeEntry {
  depth: number;
  count: number;
  path: string;
}

/**
 * When the record path matched nothing in the (well-formed) document: the error that says so,
 * naming the root and guessing the records (the most repeated element below it, the
 * shallowest on a tie).
 */
export function noMatchError(
  recordPath: string,
  rootName: string,
  shape: ReadonlyMap<string, ShapeEntry>,
  file: string | undefined,
): FeedkitError {
  let guess: string | undefined;
  let best = { depth: 0, count: 0 };
  for (const [name, seen] of shape) {
    if (seen.count > best.count || (seen.count === best.count && seen.depth < best.depth)) {
      guess = name;
      best = seen;
    }
  }
  const parts = [`no element matches ${recordPath}`, `the document's root is <${rootName}>`];
  // The path's own element elsewhere in the document (a T_UPDATE_PRICES file read with a
  // T_NEW_CATALOG path) says more than the most repeated one, which may be a header's.
  const last = /([A-Za-z_][\w.-]*)(?:\[[^\]]*\])*\/*$/.exec(recordPath)?.[1];
  const same = last === undefined ? undefined : shape.get(last);
  if (same !== undefined)
    parts.push(
      `records look like ${same.path} (${same.count === 1 ? 'one record' : `${same.count} of them`})`,
    );
  else if (guess === undefined) parts.push('it has no elements below it');
  else if (best.count > 1) parts.push(`records look like //${guess} (${best.count} of them)`);
  else
    parts.push(
      `below it: ${[...shape.keys()]
        .slice(0, 5)
        .map((name) => `<${name}>`)
        .join(', ')}`,
    );
  return new FeedkitError('input-no-records', parts.join('; '), { file });
}

/**
 * Until the first record: the document's root and the elements below it (depth 2 to 4) by
 * name, with the shallowest depth seen and their count, to say what the records look like
 * when the record path matches nothing. Bounded: at most {@link SHAPE_NAMES} names.
 */
export class DocumentShape {
  /** The document's root element, as written. */
  rootName = '';
  private readonly names = new Map<string, ShapeEntry>();

  /** An element opened below the root, `depth` levels deep (the root's children are at 1). */
  see(name: string, depth: number, openNames: readonly string[]): void {
    const seen = this.names.get(name);
    if (seen !== undefined) seen.count++;
    else if (this.names.size < SHAPE_NAMES) {
      this.names.set(name, {
        depth: depth + 1,
        count: 1,
        path: `/${openNames.slice(0, depth).join('/')}/${name}`,
      });
    }
  }

  /** The error for a record path that matched nothing. */
  error(recordPath: string, file: string | undefined): FeedkitError {
    return noMatchError(recordPath, this.rootName, this.names, file);
  }
}
