import { readFile } from 'node:fs/promises';
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { FeedkitError, FeedkitErrors } from '../errors.js';

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
  positionOf(path: YamlPath, part?: 'key' | 'value'): { line: number; col: number };
}

/** Read and parse a YAML file; syntax errors are reported with positions (exit 2). */
export async function loadYamlFile(path: string): Promise<LoadedYaml> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FeedkitError(
      'usage',
      code === 'ENOENT' ? `mapping file not found: ${path}` : `cannot read mapping file ${path}: ${code}`,
      { file: path },
    );
  }
  return parseYaml(path, text);
}

/** Parse YAML text. Anchors and aliases are allowed but bounded, and custom tags are refused. */
export function parseYaml(path: string, text: string): LoadedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, customTags: [] });
  if (doc.errors.length > 0) {
    throw new FeedkitErrors(
      doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return new FeedkitError('mapping-syntax', `YAML syntax error: ${firstLine(error.message)}`, {
          file: path,
          line: pos.line,
          col: pos.col,
        });
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
