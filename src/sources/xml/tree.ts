import type { SaxesAttributeNS } from 'saxes';
import type { CompiledPath, ElementStep, Predicate } from './path.js';

/**
 * The tree of one record, kept only until the record's end tag. Text is not stored in the
 * nodes: the record's text pieces go, in document order, into one list, and a node knows
 * the range of pieces inside it, so an element's text is a slice of that list.
 *
 * Only elements a path can reach by name are kept (see `keep` in the reader): a node's
 * `children` are the kept elements nearest below it, and `depth` tells a real child from a
 * kept grandchild whose parent was dropped.
 */
export class XmlNode {
  /** Kept elements nearest below, in document order; undefined when none. */
  children: XmlNode[] | undefined = undefined;
  /** Index just past the node's last text piece; set at its end tag. */
  textEnd: number;
  /** Last evaluation that selected this node (to drop duplicates under `//`). */
  mark = 0;

  constructor(
    /** Local name. */
    readonly local: string,
    /** Namespace URI ('' for none). */
    readonly uri: string,
    /** Attributes as saxes gives them, keyed by qualified name. */
    readonly attributes: Record<string, SaxesAttributeNS>,
    /** Depth below the record element (the record is 0). */
    readonly depth: number,
    /** Document order within the record (the record is 0). */
    readonly seq: number,
    /** `seq` of the parent element, kept or not (-1 for the record). */
    readonly parentSeq: number,
    /** Index of the node's first text piece. */
    readonly textStart: number,
  ) {
    this.textEnd = textStart;
  }
}

/** Every local name a set of paths can match by name; undefined when one uses `*`. */
export function namesUsed(paths: readonly CompiledPath[]): Set<string> | undefined {
  const names = new Set<string>();
  const pending = [...paths];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    for (const step of path.steps) {
      if (step.kind !== 'element') continue;
      if (step.local === undefined) return undefined;
      names.add(step.local);
      for (const predicate of step.predicates) if (predicate.kind === 'test') pending.push(predicate.path);
    }
  }
  return names;
}

let evaluation = 0;

/**
 * The values a path selects from `context`: text of each element (trimmed), or attribute
 * values, in document order. Absolute paths are evaluated from `context` too: the reader
 * only hands record-relative ones here.
 */
export function evaluate(path: CompiledPath, context: XmlNode, texts: readonly string[]): string[] {
  const { steps } = path;
  let nodes: XmlNode[] = [context];
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s] as (typeof steps)[number];
    if (step.kind === 'self') continue;
    if (step.kind === 'attribute') {
      const values: string[] = [];
      for (let n = 0; n < nodes.length; n++) {
        const value = attribute(nodes[n] as XmlNode, step.local as string, step.uri);
        if (value !== undefined) values.push(value.trim());
      }
      return values;
    }
    nodes = step.axis === 'child' ? children(nodes, step, texts) : descendants(nodes, step, texts);
    if (nodes.length === 0) return [];
  }
  const values = new Array<string>(nodes.length);
  for (let n = 0; n < nodes.length; n++) values[n] = textOf(nodes[n] as XmlNode, texts).trim();
  return values;
}

/** The elements a path selects (its last step must be an element or `.`). */
export function selectElements(path: CompiledPath, context: XmlNode, texts: readonly string[]): XmlNode[] {
  let nodes: XmlNode[] = [context];
  for (const step of path.steps) {
    if (step.kind === 'self') continue;
    if (step.kind === 'attribute') return [];
    nodes = step.axis === 'child' ? children(nodes, step, texts) : descendants(nodes, step, texts);
    if (nodes.length === 0) break;
  }
  return nodes;
}

/** All text inside a node, untrimmed. */
export function textOf(node: XmlNode, texts: readonly string[]): string {
  const { textStart, textEnd } = node;
  if (textEnd - textStart === 1) return texts[textStart] as string;
  if (textEnd === textStart) return '';
  return texts.slice(textStart, textEnd).join('');
}

function matches(node: XmlNode, step: ElementStep): boolean {
  return (
    (step.local === undefined || node.local === step.local) &&
    (step.uri === undefined || node.uri === step.uri)
  );
}

function children(nodes: readonly XmlNode[], step: ElementStep, texts: readonly string[]): XmlNode[] {
  const out: XmlNode[] = [];
  const filtered = step.predicates.length > 0;
  for (let n = 0; n < nodes.length; n++) {
    const parent = nodes[n] as XmlNode;
    const list = parent.children;
    if (list === undefined) continue;
    const depth = parent.depth + 1;
    // Predicates count positions among one parent's children, so filter parent by parent.
    const candidates: XmlNode[] = filtered ? [] : out;
    for (let c = 0; c < list.length; c++) {
      const child = list[c] as XmlNode;
      if (child.depth === depth && matches(child, step)) candidates.push(child);
    }
    if (filtered) {
      const kept = applyPredicates(candidates, step.predicates, texts);
      for (let k = 0; k < kept.length; k++) out.push(kept[k] as XmlNode);
    }
  }
  return out;
}

function descendants(nodes: readonly XmlNode[], step: ElementStep, texts: readonly string[]): XmlNode[] {
  const mark = ++evaluation;
  let found: XmlNode[] = [];
  const stack: XmlNode[] = [];
  for (let n = 0; n < nodes.length; n++) {
    const list = (nodes[n] as XmlNode).children;
    if (list === undefined) continue;
    for (let c = list.length - 1; c >= 0; c--) stack.push(list[c] as XmlNode);
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (node.mark !== mark && matches(node, step)) {
        node.mark = mark;
        found.push(node);
      }
      const below = node.children;
      if (below !== undefined) for (let c = below.length - 1; c >= 0; c--) stack.push(below[c] as XmlNode);
    }
  }
  if (nodes.length > 1) found.sort(bySeq);
  if (step.predicates.length === 0) return found;
  if (!step.predicates.some(isPosition)) return applyPredicates(found, step.predicates, texts);
  // Positions count among siblings: group by parent, filter each group, merge back in order.
  const groups = new Map<number, XmlNode[]>();
  for (const node of found) {
    const group = groups.get(node.parentSeq);
    if (group === undefined) groups.set(node.parentSeq, [node]);
    else group.push(node);
  }
  found = [];
  for (const group of groups.values()) found.push(...applyPredicates(group, step.predicates, texts));
  return found.sort(bySeq);
}

const bySeq = (a: XmlNode, b: XmlNode) => a.seq - b.seq;
const isPosition = (p: Predicate) => p.kind === 'position';

function applyPredicates(
  nodes: XmlNode[],
  predicates: readonly Predicate[],
  texts: readonly string[],
): XmlNode[] {
  let list = nodes;
  for (const predicate of predicates) {
    if (predicate.kind === 'position') {
      const node = list[predicate.position - 1];
      list = node === undefined ? [] : [node];
      continue;
    }
    const kept: XmlNode[] = [];
    for (let n = 0; n < list.length; n++) {
      const node = list[n] as XmlNode;
      const values = evaluate(predicate.path, node, texts);
      if (predicate.value === undefined ? values.length > 0 : values.includes(predicate.value))
        kept.push(node);
    }
    list = kept;
  }
  return list;
}

/** An attribute's value; an unprefixed name matches in any namespace, the plain name first. */
function attribute(node: XmlNode, local: string, uri: string | undefined): string | undefined {
  const { attributes } = node;
  if (uri === undefined) {
    const plain = attributes[local];
    if (plain !== undefined) return plain.value;
  }
  for (const name in attributes) {
    const attr = attributes[name] as SaxesAttributeNS;
    if (attr.local !== local || attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
    if (uri === undefined || attr.uri === uri) return attr.value;
  }
  return undefined;
}
