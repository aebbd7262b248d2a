import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { FeedkitError, FeedkitErrors } from '../model/errors.js';
import type { Position } from '../model/located.js';

/** A path into a YAML document: keys and list indexes. */
export type YamlPath = ReadonlyArray<string | number>;

/** A parsed YAML file that remembers where each value came from. */
export interface LoadedYaml {
  /** File path as given. */
  path: string;
  /** The plain data. */
  value: unknown;
  /** The file's text. */
  text: string;
  /** 1-based line and column of the node at `path`; falls back to the nearest parent that exists. */
  positionOf(path: YamlPath, part?: 'key' | 'value'): Position;
}

/** Parse YAML text. Anchors and aliases are allowed but bounded, and custom tags are refused. */
export function parseYaml(path: string, text: string): LoadedYaml {
  const lineCounter = new LineCounter();
  // yaml's own duplicate-key check compares each key with every earlier one of its map, which
  // took minutes on a map of 400k values; duplicateKeys() below does it with a set.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, customTags: [] });
  const errors = [
    ...doc.errors.map((error) => ({
      offset: error.pos[0],
      message: `YAML syntax error: ${firstLine(error.message)}`,
    })),
    ...duplicateKeys(doc.contents).map((offset) => ({
      offset,
      message: 'YAML syntax error: Map keys must be unique',
    })),
  ];
  if (errors.length > 0) {
    throw new FeedkitErrors(
      errors
        .sort((a, b) => a.offset - b.offset)
        .map(({ offset, message }) => {
          const pos = lineCounter.linePos(offset);
          return new FeedkitError('mapping-syntax', message, { file: path, line: pos.line, col: pos.col });
        }),
    );
  }
  let value: unknown;
  try {
    // maxAliasCount bounds "billion laughs" style alias expansion.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new FeedkitError('mapping-syntax', `YAML error: ${(error as Error).message}`, { file: path });
  }
  return {
    path,
    value,
    text,
    positionOf(where, part = 'value') {
      const offset = offsetOf(doc, where, part);
      const pos = lineCounter.linePos(offset);
      return { line: pos.line, col: pos.col };
    },
  };
}

/** Offsets of the keys that repeat an earlier key of the same map, in every map of the tree. */
function duplicateKeys(root: unknown): number[] {
  const found: number[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) found.push((pair.key as Node | null)?.range?.[0] ?? 0);
        seen.add(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) stack.push(...node.items);
  }
  return found;
}

/**
 * A mapping's LoadedYaml from text already parsed (a worker's copy of the bundle): the value
 * as given, the document parsed again only when a position is asked for (a problem to report).
 */
export function loadedFromText(path: string, text: string, value: unknown): LoadedYaml {
  let parsed: LoadedYaml | undefined;
  return {
    path,
    value,
    text,
    positionOf(where, part) {
      parsed ??= parseYaml(path, text);
      return parsed.positionOf(where, part);
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function offsetOf(doc: Document, path: YamlPath, part: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(step),
      );
      if (!pair) return offset;
      const keyNode = pair.key as Node;
      if (last && part === 'key') return keyNode.range?.[0] ?? offset;
      const valueNode = pair.value as Node | null;
      offset = valueNode?.range?.[0] ?? keyNode.range?.[0] ?? offset;
      node = valueNode;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}
