import type { SaxesAttributeNS } from 'saxes';
import type { Field } from '../../model/columns.js';
import type { XmlReaderOptions } from './options.js';
import { type CompiledPath, compilePath, type ElementStep, XmlPathError } from './path.js';
import { evaluate, namesUsed, selectElements, textOf, type XmlNode } from './tree.js';

/** How one column is read: a path in the record, a document-level value, or a feature. */
export type Column =
  | { kind: 'path'; path: CompiledPath }
  | { kind: 'document'; target: DocumentPath }
  | { kind: 'feature'; name: string };

/** A name to match an element or attribute by; undefined parts match any. */
export interface NameTest {
  local: string | undefined;
  uri: string | undefined;
}

/** An absolute column path, read outside the records as the document streams by. */
export interface DocumentPath {
  source: string;
  elements: NameTest[];
  attribute: NameTest | undefined;
  values: string[];
}

/** The `source.features` paths, compiled, and the feature names the columns want. */
export interface CompiledFeatures {
  path: CompiledPath;
  name: CompiledPath;
  value: CompiledPath;
  unit: CompiledPath | undefined;
  wanted: Set<string>;
}

/** The reader's columns, compiled once. */
export interface CompiledColumns {
  columns: Column[];
  documentPaths: DocumentPath[];
  features: CompiledFeatures | undefined;
  /** Local names worth a node in the record tree; undefined keeps every element. */
  keep: Set<string> | undefined;
}

/** Compile the columns of {@link XmlReaderOptions} against the compiled record path. */
export function compileColumns(
  options: XmlReaderOptions,
  recordSteps: readonly ElementStep[],
): CompiledColumns {
  const namespaces = options.namespaces ?? {};
  const columns: Column[] = [];
  const documentPaths: DocumentPath[] = [];
  let features: CompiledFeatures | undefined;
  const relative: CompiledPath[] = [];
  const byPath = new Map<string, DocumentPath>();
  const wanted = new Set<string>();
  for (const column of options.columns) {
    const compiled = compileColumn(column, recordSteps, namespaces, options.features !== undefined);
    if (compiled.kind === 'feature') {
      wanted.add(compiled.name);
      columns.push(compiled);
    } else if (compiled.kind === 'document') {
      let target = byPath.get(column);
      if (target === undefined) {
        target = compiled.target;
        byPath.set(column, target);
        documentPaths.push(target);
      }
      columns.push({ kind: 'document', target });
    } else {
      relative.push(compiled.path);
      columns.push(compiled);
    }
  }
  if (wanted.size > 0 && options.features !== undefined) {
    const f = options.features;
    features = {
      path: compileRelative(f.path, namespaces),
      name: compileRelative(f.name, namespaces),
      value: compileRelative(f.value, namespaces),
      unit: f.unit === undefined || f.unit === '' ? undefined : compileRelative(f.unit, namespaces),
      wanted,
    };
    relative.push(features.path, features.name, features.value);
    if (features.unit !== undefined) relative.push(features.unit);
  }
  return { columns, documentPaths, features, keep: namesUsed(relative) };
}

/**
 * The columns that name one child element of the record (`title`, `g:price`: one child
 * step, no predicate), by local name: {@link recordValues} reads them all in one pass over
 * the record's children instead of evaluating each path, the common case of a feed mapping.
 */
export interface ChildColumns {
  byLocal: ReadonlyMap<string, ReadonlyArray<{ column: number; uri: string | undefined }>>;
  /** Per column: whether it is one of these. */
  taken: readonly boolean[];
}

/** The {@link ChildColumns} of a record's columns; undefined when none names one child. */
export function childColumns(columns: readonly Column[]): ChildColumns | undefined {
  const taken = new Array<boolean>(columns.length).fill(false);
  const byLocal = new Map<string, Array<{ column: number; uri: string | undefined }>>();
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c] as Column;
    if (column.kind !== 'path' || column.path.absolute || column.path.steps.length !== 1) continue;
    const step = column.path.steps[0] as CompiledPath['steps'][number];
    if (step.kind !== 'element' || step.axis !== 'child' || step.predicates.length > 0) continue;
    if (step.local === undefined) continue;
    let list = byLocal.get(step.local);
    if (list === undefined) {
      list = [];
      byLocal.set(step.local, list);
    }
    list.push({ column: c, uri: step.uri });
    taken[c] = true;
  }
  return byLocal.size === 0 ? undefined : { byLocal, taken };
}

/** The values of one finished record, one per column. */
export function recordValues(
  columns: readonly Column[],
  features: CompiledFeatures | undefined,
  root: XmlNode,
  texts: readonly string[],
  byChild?: ChildColumns,
): Field[] {
  const values = new Array<Field>(columns.length);
  if (byChild !== undefined) {
    const { byLocal } = byChild;
    // What `evaluate` gives for each, in document order: the text of every matching child.
    const children = root.children;
    for (let n = 0; children !== undefined && n < children.length; n++) {
      const child = children[n] as XmlNode;
      if (child.depth !== 1) continue;
      const list = byLocal.get(child.local);
      if (list === undefined) continue;
      let text: string | undefined;
      for (const { column, uri } of list) {
        if (uri !== undefined && child.uri !== uri) continue;
        text ??= textOf(child, texts).trim();
        const value = values[column];
        if (value === undefined) values[column] = text;
        else if (typeof value === 'string') values[column] = [value, text];
        else value.push(text);
      }
    }
  }
  let found: Map<string, string[]> | undefined;
  for (let c = 0; c < columns.length; c++) {
    if (byChild?.taken[c] === true) continue;
    const column = columns[c] as Column;
    switch (column.kind) {
      case 'path':
        values[c] = toField(evaluate(column.path, root, texts));
        break;
      case 'document': {
        const kept = column.target.values;
        values[c] = kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : kept.slice();
        break;
      }
      case 'feature': {
        found ??= readFeatures(features as CompiledFeatures, root, texts);
        const list = found.get(column.name);
        values[c] = list === undefined ? undefined : list.length === 1 ? list[0] : list;
        break;
      }
    }
  }
  return values;
}

function readFeatures(f: CompiledFeatures, root: XmlNode, texts: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const node of selectElements(f.path, root, texts)) {
    const name = evaluate(f.name, node, texts)[0];
    if (name === undefined || !f.wanted.has(name)) continue;
    const unit = f.unit === undefined ? '' : (evaluate(f.unit, node, texts)[0] ?? '');
    let list = found.get(name);
    if (list === undefined) {
      list = [];
      found.set(name, list);
    }
    for (const value of evaluate(f.value, node, texts)) {
      list.push(unit !== '' && value !== '' ? `${value} ${unit}` : value);
    }
  }
  return found;
}

/**
 * Check one column the way {@link XmlRecordReader} will read it, without reading anything:
 * the error carries the position in the column (`index`, `col`). Document-level paths are
 * checked against the record path too, when that is valid.
 */
export function checkColumn(
  column: string,
  options: Pick<XmlReaderOptions, 'record' | 'namespaces' | 'features'>,
): XmlPathError | undefined {
  const namespaces = options.namespaces ?? {};
  let record: ElementStep[] = [];
  try {
    record = compileRecordPath(options.record, namespaces);
  } catch {
    // The record path has its own error; check the column on its own.
  }
  try {
    compileColumn(column, record, namespaces, options.features !== undefined);
    return undefined;
  } catch (error) {
    if (error instanceof XmlPathError) return error;
    throw error;
  }
}

/** Check the record path; the error carries the position in it. */
export function checkRecordPath(
  record: string,
  namespaces: Readonly<Record<string, string>> = {},
): XmlPathError | undefined {
  try {
    compileRecordPath(record, namespaces);
    return undefined;
  } catch (error) {
    if (error instanceof XmlPathError) return error;
    throw error;
  }
}

function compileColumn(
  column: string,
  record: readonly ElementStep[],
  namespaces: Readonly<Record<string, string>>,
  hasFeatures: boolean,
): Column {
  if (column.startsWith('feature:')) {
    const name = column.slice('feature:'.length).trim();
    if (name === '') throw new XmlPathError(column, 8, 'a feature column needs a name: feature:NAME');
    if (!hasFeatures)
      throw new XmlPathError(column, 0, 'feature columns need source.features (path, name, value)');
    return { kind: 'feature', name };
  }
  const path = compilePath(column, namespaces);
  const first = path.steps[0];
  if (path.absolute && first?.kind === 'element' && first.axis === 'child') {
    return { kind: 'document', target: documentPath(path, record) };
  }
  return { kind: 'path', path };
}

export function compileRecordPath(
  record: string,
  namespaces: Readonly<Record<string, string>>,
): ElementStep[] {
  const path = compilePath(record, namespaces);
  if (!path.absolute) {
    throw new XmlPathError(record, 0, 'the record path is absolute: /ROOT/…/NAME or //NAME', "'/'");
  }
  const steps: ElementStep[] = [];
  for (const step of path.steps) {
    if (step.kind !== 'element') {
      throw new XmlPathError(record, step.index, 'the record path takes element names only');
    }
    const predicate = step.predicates[0];
    if (predicate !== undefined) {
      throw new XmlPathError(record, predicate.index, 'the record path cannot have predicates ([ ])');
    }
    steps.push(step);
  }
  if (steps.length > 30) throw new XmlPathError(record, 0, 'the record path has more than 30 steps');
  return steps;
}

function compileRelative(path: string, namespaces: Readonly<Record<string, string>>): CompiledPath {
  const compiled = compilePath(path, namespaces);
  const first = compiled.steps[0];
  if (compiled.absolute && first?.kind === 'element' && first.axis === 'child') {
    throw new XmlPathError(path, 0, 'feature paths are relative to the record (or to the feature)');
  }
  return compiled;
}

/** An absolute column path: child steps, maybe a final attribute; not at or below the records. */
function documentPath(path: CompiledPath, record: readonly ElementStep[]): DocumentPath {
  const elements: NameTest[] = [];
  let attribute: NameTest | undefined;
  for (const step of path.steps) {
    if (step.kind === 'attribute') {
      attribute = { local: step.local, uri: step.uri };
      continue;
    }
    if (step.kind !== 'element' || step.axis !== 'child' || step.predicates.length > 0) {
      const predicate = step.kind === 'element' ? step.predicates[0] : undefined;
      const at =
        predicate !== undefined
          ? predicate.index
          : step.kind === 'element' && step.axis === 'descendant'
            ? step.index - 2
            : step.index;
      throw new XmlPathError(
        path.source,
        at,
        'absolute paths (document-level values) take child steps and a final @attribute only',
      );
    }
    elements.push({ local: step.local, uri: step.uri });
  }
  const plain = record.length > 0 && record.every((s) => s.axis === 'child' && s.local !== undefined);
  if (plain) {
    let same = 0;
    while (
      same < elements.length &&
      same < record.length &&
      elements[same]?.local === record[same]?.local &&
      elements[same]?.uri === record[same]?.uri
    ) {
      same++;
    }
    if (same === record.length && elements.length > record.length) {
      const rest = path.steps[same] as { index: number };
      throw new XmlPathError(
        path.source,
        rest.index,
        `this is inside the records; paths in a record are relative to it: ${path.source.slice(rest.index)}`,
      );
    }
    if (same === elements.length && attribute === undefined) {
      throw new XmlPathError(
        path.source,
        0,
        'this element contains the records; point at an element outside them',
      );
    }
  }
  return { source: path.source, elements, attribute, values: [] };
}

export function nameMatches(test: NameTest, local: string | undefined, uri: string | undefined): boolean {
  return (test.local === undefined || test.local === local) && (test.uri === undefined || test.uri === uri);
}

export function attributeValue(
  attributes: Record<string, SaxesAttributeNS>,
  test: NameTest,
): string | undefined {
  for (const name in attributes) {
    const attr = attributes[name] as SaxesAttributeNS;
    if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
    if (nameMatches(test, attr.local, attr.uri)) return attr.value;
  }
  return undefined;
}

function toField(values: string[]): Field {
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}
