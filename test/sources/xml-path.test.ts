import { describe, expect, it } from 'vitest';
import { FeedkitError } from '../../src/model/errors.js';
import {
  checkColumn,
  checkRecordPath,
  compilePath,
  XmlPathError,
  type XmlReaderOptions,
  XmlRecordReader,
} from '../../src/sources/xml/index.js';

const G = 'http://base.google.com/ns/1.0';

function pathError(path: string, namespaces: Record<string, string> = {}): XmlPathError {
  try {
    compilePath(path, namespaces);
  } catch (error) {
    if (error instanceof XmlPathError) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be rejected`);
}

function readerError(options: Partial<XmlReaderOptions>): FeedkitError {
  try {
    new XmlRecordReader({ record: '/r/item', columns: [], ...options });
  } catch (error) {
    if (error instanceof FeedkitError) return error;
    throw error;
  }
  throw new Error('expected the options to be rejected');
}

describe('XML paths: compiling', () => {
  it('compiles steps, axes, name tests and predicates', () => {
    const path = compilePath("A//g:price[@type='sale'][2]/@currency", { g: G });
    expect(path.absolute).toBe(false);
    expect(path.steps).toMatchObject([
      { kind: 'element', axis: 'child', local: 'A', uri: undefined, predicates: [], index: 0 },
      {
        kind: 'element',
        axis: 'descendant',
        local: 'price',
        uri: G,
        index: 3,
        predicates: [
          {
            kind: 'test',
            value: 'sale',
            path: { steps: [{ kind: 'attribute', local: 'type', uri: undefined }] },
          },
          { kind: 'position', position: 2 },
        ],
      },
      { kind: 'attribute', local: 'currency', uri: undefined, index: 28 },
    ]);
  });

  it('compiles absolute, descendant, wildcard and self paths', () => {
    expect(compilePath('/BMECAT/HEADER/CATALOG/CURRENCY').absolute).toBe(true);
    expect(compilePath('//item').steps[0]).toMatchObject({ axis: 'descendant', local: 'item' });
    expect(compilePath('*').steps[0]).toMatchObject({ kind: 'element', local: undefined, uri: undefined });
    expect(compilePath('g:*', { g: G }).steps[0]).toMatchObject({ local: undefined, uri: G });
    expect(compilePath('.').steps).toEqual([{ kind: 'self', index: 0 }]);
    expect(compilePath('.//FVALUE').steps[1]).toMatchObject({ axis: 'descendant', local: 'FVALUE' });
    expect(compilePath('@xml:lang').steps[0]).toMatchObject({
      kind: 'attribute',
      uri: 'http://www.w3.org/XML/1998/namespace',
    });
  });

  it('accepts names with dots, dashes, digits and non-ASCII letters, and quoted values with spaces', () => {
    expect(compilePath('UDX.KST.INFO-TEXT2/Größe').steps.map((s) => 'local' in s && s.local)).toEqual([
      'UDX.KST.INFO-TEXT2',
      'Größe',
    ]);
    expect(compilePath('MIME[ MIME_PURPOSE = "normal image" ]').steps[0]).toMatchObject({
      predicates: [{ kind: 'test', value: 'normal image' }],
    });
  });

  it.each([
    ['', 0, 'empty path'],
    ['A/', 2, 'expected a name'],
    ['A//', 3, 'expected a name'],
    ['A//B/', 5, 'expected a name'],
    ['/', 1, 'expected a name'],
    ['A[', 2, 'empty path'],
    ['A[1', 1, 'unclosed ['],
    ['A[0]', 2, 'positions start at 1'],
    ['A[@x=1]', 5, 'the value must be quoted'],
    ["A[@x='y]", 5, 'unterminated string'],
    ["A[@x!='y']", 4, '!= is not supported'],
    ['A B', 1, 'unexpected character'],
    ['A]', 1, 'unexpected character'],
    ["A='x'", 1, 'comparisons are only allowed inside [ ]'],
    ['@a/b', 2, 'an attribute must be the last step'],
    ['A/..', 2, 'the parent step .. is not supported'],
    ['A/text()', 2, 'functions are not supported'],
    ['child::A', 0, 'axes (child::, descendant::) are not supported'],
    ['A|B', 1, 'unexpected character'],
    ['//@id', 2, '//@name is not supported'],
    ['A//.', 3, '//. is not supported'],
    ['@*', 1, '@* is not supported'],
    ['A/1B', 2, 'a name cannot start with a digit'],
    ["A[/B='x']", 2, 'paths inside [ ] are relative'],
  ])('rejects %j at character index %i', (path, index, reason) => {
    const error = pathError(path);
    expect(error.index).toBe(index);
    expect(error.reason).toContain(reason);
    expect(error.code).toBe('invalid-path');
    expect(error.col).toBe(index + 1);
    expect(error.path).toBe(path);
    expect(error.message).toContain(`invalid path "${path}" at character ${index + 1}`);
  });

  it('names what it expected and what it found', () => {
    const error = pathError('A[@x=1]');
    expect(error.expected).toBe("a quoted value like 'normal'");
    expect(error.found).toBe('"1"');
    expect(pathError('A/').found).toBe('the end of the path');
  });

  it('rejects an undeclared prefix at the prefix, listing the declared ones', () => {
    const error = pathError('item/gg:price', { g: G });
    expect(error.index).toBe(5);
    expect(error.reason).toBe('unknown namespace prefix "gg"');
    expect(error.expected).toBe('one of the declared prefixes "g"');
  });
});

describe('XML paths: checked by the reader', () => {
  it('wants an absolute record path without predicates or attributes', () => {
    expect(readerError({ record: 'PRODUCT' })).toMatchObject({ code: 'invalid-path', col: 1 });
    expect(readerError({ record: '/r/item[1]' })).toMatchObject({ code: 'invalid-path', col: 8 });
    expect(readerError({ record: '/r/@id' })).toMatchObject({ code: 'invalid-path', col: 4 });
    expect(readerError({ record: '/r/item/' })).toMatchObject({ code: 'invalid-path', col: 9 });
  });

  it('reports a bad column with its position in the column', () => {
    const error = readerError({ columns: ['title', 'price[@type=net]'] });
    expect(error).toBeInstanceOf(XmlPathError);
    expect(error).toMatchObject({ code: 'invalid-path', col: 13, path: 'price[@type=net]' });
  });

  it('wants features for feature: columns, and a name after the colon', () => {
    expect(readerError({ columns: ['feature:Farbe'] }).message).toContain('source.features');
    expect(
      readerError({ columns: ['feature:'], features: { path: 'F', name: 'N', value: 'V' } }),
    ).toMatchObject({ col: 9 });
    expect(
      readerError({ columns: ['feature:Farbe'], features: { path: 'F[', name: 'N', value: 'V' } }),
    ).toMatchObject({ code: 'invalid-path', path: 'F[' });
  });

  it('takes child steps and a final attribute only in document-level paths', () => {
    expect(readerError({ columns: ['/r/head[1]/x'] })).toMatchObject({ col: 8 });
    expect(readerError({ columns: ['/r/*//x'] })).toMatchObject({ col: 5 });
    expect(readerError({ columns: ['/r/./x'] })).toMatchObject({ col: 4 });
  });

  it('points a document-level path inside the records to its relative form', () => {
    const error = readerError({ columns: ['/r/item/title'] }) as XmlPathError;
    expect(error.reason).toContain('paths in a record are relative to it: title');
    expect(error.col).toBe(9);
  });

  it('rejects a document-level path to an element that contains the records', () => {
    expect(readerError({ columns: ['/r'] }).message).toContain('contains the records');
    expect(() => new XmlRecordReader({ record: '/r/item', columns: ['/r/@version'] })).not.toThrow();
  });

  it('finds a document-level path that contains records found by //', () => {
    const reader = new XmlRecordReader({ record: '//item', columns: ['/rss/channel'] });
    const error = (() => {
      try {
        reader.write(Buffer.from('<rss><channel><title>x</title>\n<item/></channel></rss>'));
      } catch (e) {
        return e as FeedkitError;
      }
    })();
    expect(error).toMatchObject({ code: 'invalid-path', found: '/rss/channel' });
    expect(error?.message).toContain('record <item> at line 2');
  });

  it('checks one column or the record path ahead of reading, as the reader will', () => {
    const options = { record: '/BMECAT/T_NEW_CATALOG/PRODUCT', namespaces: { g: G } };
    expect(checkColumn('SUPPLIER_PID', options)).toBeUndefined();
    expect(checkColumn('/BMECAT/HEADER/CATALOG/CURRENCY', options)).toBeUndefined();
    expect(checkColumn('g:price[', options)).toMatchObject({ index: 8, path: 'g:price[' });
    expect(checkColumn('/BMECAT/T_NEW_CATALOG/PRODUCT/SUPPLIER_PID', options)).toMatchObject({ index: 30 });
    expect(checkColumn('feature:Farbe', options)).toMatchObject({ index: 0 });
    expect(checkColumn('/BMECAT/T_NEW_CATALOG/PRODUCT/X', { ...options, record: 'bad[' })).toBeUndefined();
    expect(checkRecordPath('//item')).toBeUndefined();
    expect(checkRecordPath('//g:item', { g: G })).toBeUndefined();
    expect(checkRecordPath('/feed/entry[1]')).toMatchObject({ index: 11, code: 'invalid-path' });
  });
});
