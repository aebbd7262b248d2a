import { readFileSync } from 'node:fs';
import { parseYaml } from '../config/load.js';
import { FeedkitError } from '../model/errors.js';
import { BUILTIN_CHANNEL_DIR } from '../model/paths.js';
import { inlineSchemaRefs } from './schema-refs.js';
import { createAjv } from './validate.js';

/**
 * Compile a user-defined channel's schema in ajv's strict mode and turn a refusal into an
 * error that points into the schema file. The schema is read as YAML (JSON is YAML) so
 * every key has a line and column.
 */
export function checkChannelSchema(schemaFile: string): void {
  const loaded = parseYaml(schemaFile, readFileSync(schemaFile, 'utf8'));
  const schema = inlineSchemaRefs(loaded.value as Record<string, unknown>, schemaFile, BUILTIN_CHANNEL_DIR);
  try {
    createAjv({ messages: true }).compile(schema);
  } catch (error) {
    const message = (error as Error).message;
    throw new FeedkitError('channel-invalid', `schema: ${message}`, {
      file: schemaFile,
      ...loaded.positionOf(schemaPath(loaded.value, message), 'key'),
    });
  }
}

/** Where in the schema an ajv compile error is: `data/properties/x/type …` or an unknown keyword's name. */
function schemaPath(schema: unknown, message: string): Array<string | number> {
  const invalid = /schema is invalid: data((?:\/[^ ,]+)*)/.exec(message);
  if (invalid) return (invalid[1] ?? '').split('/').slice(1);
  const keyword = /unknown keyword: "([^"]+)"/.exec(message) ?? /"([^"]+)"/.exec(message);
  if (keyword === null) return [];
  const find = (node: unknown, path: Array<string | number>): Array<string | number> | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    for (const [key, value] of Object.entries(node)) {
      const here = [...path, Array.isArray(node) ? Number(key) : key];
      if (key === keyword[1]) return here;
      const deeper = find(value, here);
      if (deeper) return deeper;
    }
    return undefined;
  };
  return find(schema, []) ?? [];
}
