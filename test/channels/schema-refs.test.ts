import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkChannelSchema } from '../../src/channels/check-schema.js';
import { inlineSchemaRefs } from '../../src/channels/schema-refs.js';
import { FeedkitError, formatError } from '../../src/model/errors.js';
import { BUILTIN_CHANNEL_DIR } from '../../src/model/paths.js';
import { tempDir } from '../helpers/run.js';

const google = JSON.parse(readFileSync(join(BUILTIN_CHANNEL_DIR, 'google.schema.json'), 'utf8')) as {
  properties: Record<string, Record<string, unknown>>;
};

/** Write a schema into a fresh folder and return its path. */
function schemaFile(schema: unknown, name = 'x.schema.json'): string {
  const dir = tempDir();
  const file = join(dir, name);
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  return file;
}

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof FeedkitError) return formatError(error).replace(/^\S*\/(?=[^/\s]+:\d)/, '');
    throw error;
  }
  throw new Error('no error');
}

describe('$ref to another schema file: inlined on load', () => {
  it("replaces a $ref to a bundled schema's property by the property, its annotations by the referrer's", () => {
    const schema = {
      type: 'object',
      properties: {
        title: { $ref: 'google.schema.json#/properties/title' },
        id: { $ref: 'google.schema.json#/properties/id', description: 'Mine.' },
        extra: {
          allOf: [{ $ref: 'google.schema.json#/properties/description' }, { type: 'string', maxLength: 10 }],
        },
        local: { $ref: '#/definitions/x' },
      },
      definitions: { x: { type: 'string' } },
    };
    const file = schemaFile(schema);
    const inlined = inlineSchemaRefs(schema, file, BUILTIN_CHANNEL_DIR) as typeof google;
    expect(inlined.properties.title).toEqual(google.properties.title);
    expect(inlined.properties.id).toEqual({ ...google.properties.id, description: 'Mine.' });
    expect(inlined.properties.extra).toEqual({
      allOf: [google.properties.description, { type: 'string', maxLength: 10 }],
    });
    // References inside the file are ajv's.
    expect(inlined.properties.local).toEqual({ $ref: '#/definitions/x' });
    expect(JSON.stringify(inlined)).not.toContain('google.schema.json');
    expect(() => checkChannelSchema(file)).not.toThrow();
  });

  it('finds a schema beside the referring one before a bundled one, and follows its own references', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'base.schema.json'),
      JSON.stringify({ properties: { sku: { $ref: 'google.schema.json#/properties/id' } } }),
    );
    const file = join(dir, 'x.schema.json');
    const schema = { properties: { sku: { $ref: 'base.schema.json#/properties/sku' } } };
    writeFileSync(file, JSON.stringify(schema));
    expect(inlineSchemaRefs(schema, file, BUILTIN_CHANNEL_DIR)).toEqual({
      properties: { sku: google.properties.id },
    });
  });

  it('refuses an unknown file, an unknown pointer, a folder and rules beside the $ref, at the position', () => {
    const at = (property: unknown) => {
      const schema = { properties: { a: property } };
      const file = schemaFile(schema);
      return failure(() => inlineSchemaRefs(schema, file, BUILTIN_CHANNEL_DIR));
    };
    expect(at({ $ref: 'gogle.schema.json#/properties/id' })).toBe(
      'x.schema.json:4:15 $ref "gogle.schema.json": no such schema file [channel-invalid]',
    );
    expect(at({ $ref: 'google.schema.json#/properties/nope' })).toBe(
      'x.schema.json:4:15 $ref "google.schema.json#/properties/nope": google.schema.json has no /properties/nope [channel-invalid]',
    );
    expect(at({ $ref: '../google.schema.json#/properties/id' })).toMatch(
      /without a folder \[channel-invalid\]$/,
    );
    expect(at({ $ref: 'google.schema.json#/properties/id', maxLength: 10 })).toBe(
      'x.schema.json:5:20 beside $ref only annotations may stand ($id, $schema, title, description, $comment, patternMessage); put maxLength beside it in allOf [channel-invalid]',
    );
  });
});
