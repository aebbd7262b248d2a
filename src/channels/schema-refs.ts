import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseYaml } from '../config/load.js';
import { FeedkitError } from '../model/errors.js';

/** Keywords that may stand beside a `$ref` to another file: annotations, which replace the target's. */
const ANNOTATIONS = new Set(['$ref', '$id', '$schema', 'title', 'description', '$comment', 'patternMessage']);

/**
 * A channel schema with every `$ref` to another schema file (`google.schema.json#/properties/title`)
 * replaced by what it points at, so a channel that takes Google's format reuses Google's rules
 * as they are and the compiled schema needs nothing else. The file is a bare name, looked up
 * beside the schema, then among `builtinDir`'s bundled schemas (a user's channel can name
 * Google's). Beside such a `$ref` only annotations may stand (`$id`, `$schema`, `title`,
 * `description`, `$comment`, `patternMessage`), which replace the target's (a whole schema,
 * `{ "$ref": "google.schema.json", "$id": … }`, takes the referrer's `$id`); a rule of the channel's own
 * goes beside it in `allOf`. References inside one file (`#/…`) are left to ajv.
 */
export function inlineSchemaRefs(
  schema: Record<string, unknown>,
  schemaFile: string,
  builtinDir: string,
): Record<string, unknown> {
  const documents = new Map<string, unknown>();
  const fail = (file: string, path: Array<string | number>, message: string): never => {
    let position = {};
    try {
      position = parseYaml(file, readFileSync(file, 'utf8')).positionOf(path, 'value');
    } catch {
      // The file was read once already; a position is a courtesy.
    }
    throw new FeedkitError('channel-invalid', message, { file, ...position });
  };
  const documentOf = (name: string, from: string, path: Array<string | number>): [string, unknown] => {
    if (name.includes('/') || name.includes('\\'))
      fail(
        from,
        path,
        `$ref "${name}": name a schema file beside this one or a bundled one, without a folder`,
      );
    const file = [join(dirname(schemaFile), name), join(builtinDir, name)].find((f) => existsSync(f));
    if (file === undefined) return fail(from, path, `$ref "${name}": no such schema file`);
    let document = documents.get(file);
    if (document === undefined) {
      document = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      documents.set(file, document);
    }
    return [file, document];
  };
  const resolve = (node: unknown, file: string, path: Array<string | number>, depth: number): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((item, i) => resolve(item, file, [...path, i], depth));
    const object = node as Record<string, unknown>;
    const ref = object.$ref;
    if (typeof ref === 'string' && !ref.startsWith('#')) {
      if (depth > 16) fail(file, path, `$ref "${ref}": references go round in a circle`);
      const extra = Object.keys(object).filter((key) => !ANNOTATIONS.has(key));
      if (extra.length > 0)
        fail(
          file,
          [...path, extra[0] as string],
          `beside $ref only annotations may stand ($id, $schema, title, description, $comment, patternMessage); put ${extra.join(', ')} beside it in allOf`,
        );
      const [name = '', fragment = ''] = ref.split('#');
      const [target, document] = documentOf(name, file, [...path, '$ref']);
      let value: unknown = document;
      for (const part of fragment.split('/').slice(1)) {
        const key = decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~');
        value =
          value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
        if (value === undefined) fail(file, [...path, '$ref'], `$ref "${ref}": ${name} has no ${fragment}`);
      }
      const resolved = resolve(value, target, [], depth + 1);
      const { $ref: _ref, ...annotations } = object;
      return resolved !== null && typeof resolved === 'object' && !Array.isArray(resolved)
        ? { ...(resolved as Record<string, unknown>), ...annotations }
        : resolved;
    }
    return Object.fromEntries(
      Object.entries(object).map(([key, value]) => [key, resolve(value, file, [...path, key], depth)]),
    );
  };
  return resolve(schema, schemaFile, [], 0) as Record<string, unknown>;
}
