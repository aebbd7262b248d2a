/**
 * The path language of XML mappings: a small subset of XPath 1.0 that says where a value is
 * in a record.
 *
 * | Form | Meaning |
 * |---|---|
 * | `A/B/C` | child elements, step by step, starting at the record element |
 * | `@lang`, `A/@lang` | an attribute; only as the last step |
 * | `.` | the record itself (its text); also a no-op step: `./A` is `A`, `.//A` is `//A` |
 * | `A//B`, `//FVALUE` | `B` elements anywhere below `A`; a leading `//` searches the whole record |
 * | `*` | any element; `g:*` any element in the namespace of `g` |
 * | `g:price` | `price` in the namespace that the mapping's `namespaces` gives for `g` |
 * | `A[@type='net']` | `A` elements whose attribute `type` is `net` (`'…'` or `"…"`) |
 * | `A[B='x']` | `A` elements with a child `B` whose text is `x`; `B` may be any relative path |
 * | `A[@type]`, `A[B]` | `A` elements that have the attribute, or the child |
 * | `A[1]`, `A[2]` | the first, second `A` among its matching siblings (1-based) |
 * | `/BMECAT/HEADER/CATALOG/CURRENCY` | absolute: a document-level value outside the records |
 *
 * - A path's value is the text of each element it matches (all text inside it, CDATA
 *   included, entities decoded), or the attribute's value, with leading and trailing
 *   whitespace trimmed. One match gives a string, several a list, none no value.
 * - An unprefixed name matches by local name in any namespace, so `entry` matches
 *   `<entry>` in an Atom feed's default namespace and `<atom:entry>` alike. A prefixed name
 *   matches by namespace URI, not by the prefix the document happens to use.
 * - Predicates apply in order, as in XPath: `A[@type='x'][1]` is the first of the `A`
 *   that have type `x`. Comparisons are on the trimmed text.
 * - Absolute paths (a single leading `/`) take child steps and an optional final
 *   `@attribute`; they read elements outside the records (a BMEcat header) and give every
 *   later record that value.
 * - The record path is absolute: child steps (`/BMECAT/T_NEW_CATALOG/PRODUCT`), and `//` for
 *   "at any depth" (`//item`, `/feed//entry`). Records do not nest: an element inside a
 *   record that matches the record path is part of that record.
 * - Entities: the five predefined ones and character references (`&#228;`) are decoded.
 *   Others (`&nbsp;`, or ones a DTD declares) stay as written, so a DTD is never needed,
 *   read or expanded; the `decode_entities` transform turns HTML names into characters.
 *   Doubly escaped text (`&amp;sup2;`) reads as `&sup2;`, for that transform too.
 * - Not supported: parent `..`, axes (`child::`), functions (`text()`, `last()`),
 *   `and`/`or`, `!=`, numeric comparison, `|` unions.
 */

import { FeedkitError } from '../../model/errors.js';

/** Namespace of the `xml:` prefix, bound in every document. */
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** A compiled path, ready to be evaluated on a record's tree. */
export interface CompiledPath {
  /** The path as written. */
  source: string;
  /** True when the path starts with `/` (also `//`). */
  absolute: boolean;
  /** Steps in order; at least one. */
  steps: Step[];
}

/** One step of a path. */
export type Step = ElementStep | AttributeStep | SelfStep;

/** A name test for elements or attributes. */
interface NameTest {
  /** Local name; undefined matches any (`*`). */
  local: string | undefined;
  /** Namespace URI; undefined matches any namespace (an unprefixed name). */
  uri: string | undefined;
  /** 0-based offset of the step in the path, for messages. */
  index: number;
}

/** `A`, `g:A`, `*`, with predicates. */
export interface ElementStep extends NameTest {
  kind: 'element';
  /** `child` after `/` (or at the start), `descendant` after `//`. */
  axis: 'child' | 'descendant';
  predicates: Predicate[];
}

/** `@name`; always the last step. */
export interface AttributeStep extends NameTest {
  kind: 'attribute';
}

/** `.` */
export interface SelfStep {
  kind: 'self';
  index: number;
}

/** `[2]` or `[path]` or `[path='value']`. */
export type Predicate =
  | { kind: 'position'; position: number; index: number }
  | { kind: 'test'; path: CompiledPath; value: string | undefined; index: number };

/** A syntax error in a path, at a 0-based character offset. */
export class XmlPathError extends FeedkitError {
  /** 0-based offset into {@link XmlPathError.path} (`col` is this + 1). */
  readonly index: number;
  /** The path as written. */
  readonly path: string;
  /** What is wrong, without the path (for a message that shows the path itself). */
  readonly reason: string;

  constructor(path: string, index: number, reason: string, expected?: string) {
    const found = index < path.length ? JSON.stringify(path[index]) : 'the end of the path';
    super('invalid-path', `invalid path "${path}" at character ${index + 1}: ${reason}`, {
      col: index + 1,
      expected,
      found: expected === undefined ? undefined : found,
    });
    this.name = 'XmlPathError';
    this.index = index;
    this.path = path;
    this.reason = reason;
  }
}

/**
 * Compile one path (see the language above). `namespaces` maps the prefixes the path may use
 * to namespace URIs. Throws {@link XmlPathError} on bad syntax or an unknown prefix.
 */
export function compilePath(path: string, namespaces: Readonly<Record<string, string>> = {}): CompiledPath {
  const parser = new PathParser(path, namespaces);
  const compiled = parser.path(false);
  if (parser.i < path.length) parser.unexpected();
  return compiled;
}

const NAME_START = /[A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\uffff]/;
const NAME_CHAR = /[-.0-9A-Za-z_\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u200c-\uffff]/;

class PathParser {
  i = 0;
  constructor(
    readonly src: string,
    readonly namespaces: Readonly<Record<string, string>>,
  ) {}

  fail(index: number, reason: string, expected?: string): never {
    throw new XmlPathError(this.src, index, reason, expected);
  }

  unexpected(): never {
    const ch = this.src[this.i];
    if (ch === '=' || ch === '!')
      this.fail(this.i, 'comparisons are only allowed inside [ ]', "'/', '[' or the end of the path");
    this.fail(this.i, 'unexpected character', "'/', '[' or the end of the path");
  }

  /** A path up to the end, or (inside a predicate) up to `=`, `]` or a space. */
  path(inPredicate: boolean): CompiledPath {
    const { src } = this;
    const start = this.i;
    if (this.i >= src.length || (inPredicate && src[this.i] === ']')) {
      this.fail(this.i, 'empty path', 'a name, @attribute or .');
    }
    let absolute = false;
    let axis: ElementStep['axis'] = 'child';
    if (src.startsWith('//', this.i)) {
      if (inPredicate) this.fail(this.i, 'paths inside [ ] are relative; write .//NAME');
      absolute = true;
      axis = 'descendant';
      this.i += 2;
    } else if (src[this.i] === '/') {
      if (inPredicate) this.fail(this.i, 'paths inside [ ] are relative to the element');
      absolute = true;
      this.i += 1;
    }
    const steps: Step[] = [];
    for (;;) {
      const step = this.step(axis);
      steps.push(step);
      if (src.startsWith('//', this.i)) {
        axis = 'descendant';
      } else if (src[this.i] === '/') {
        axis = 'child';
      } else {
        break;
      }
      if (step.kind === 'attribute') this.fail(this.i, 'an attribute must be the last step');
      this.i += axis === 'descendant' ? 2 : 1;
    }
    return { source: src.slice(start, this.i), absolute, steps };
  }

  step(axis: ElementStep['axis']): Step {
    const { src } = this;
    const index = this.i;
    const ch = src[index];
    if (ch === '.') {
      if (src[index + 1] === '.') this.fail(index, 'the parent step .. is not supported');
      if (axis === 'descendant') this.fail(index, '//. is not supported; write .//NAME');
      this.i += 1;
      return { kind: 'self', index };
    }
    if (ch === '@') {
      if (axis === 'descendant') {
        this.fail(index, '//@name is not supported; name the element: //ELEMENT/@name');
      }
      this.i += 1;
      if (src[this.i] === '*') this.fail(this.i, '@* is not supported; name the attribute');
      const { local, uri } = this.name('an attribute name');
      return { kind: 'attribute', local, uri, index };
    }
    const { local, uri } = this.name('a name, @attribute or .');
    const predicates: Predicate[] = [];
    while (src[this.i] === '[') predicates.push(this.predicate());
    return { kind: 'element', axis, local, uri, predicates, index };
  }

  /** `name`, `prefix:name`, `*`, `prefix:*`. */
  name(what: string): { local: string | undefined; uri: string | undefined } {
    const { src } = this;
    const start = this.i;
    if (src[start] === '*') {
      this.i += 1;
      return { local: undefined, uri: undefined };
    }
    const first = this.ncname(what);
    if (src[this.i] !== ':') return { local: first, uri: undefined };
    const uri = this.resolve(first, start);
    this.i += 1;
    if (src[this.i] === '*') {
      this.i += 1;
      return { local: undefined, uri };
    }
    return { local: this.ncname('a name after the prefix'), uri };
  }

  ncname(what: string): string {
    const { src } = this;
    const start = this.i;
    if (start >= src.length || !NAME_START.test(src[start] as string)) {
      const ch = src[start];
      if (ch === '/') this.fail(start, 'empty step', what);
      if (ch === '(') this.fail(start, 'functions are not supported');
      if (ch !== undefined && /[0-9]/.test(ch)) this.fail(start, 'a name cannot start with a digit', what);
      this.fail(start, 'expected a name', what);
    }
    let i = start + 1;
    while (i < src.length && NAME_CHAR.test(src[i] as string)) i++;
    this.i = i;
    if (src[i] === '(') this.fail(start, 'functions are not supported');
    if (src[i] === ':' && src[i + 1] === ':')
      this.fail(start, 'axes (child::, descendant::) are not supported');
    return src.slice(start, i);
  }

  resolve(prefix: string, index: number): string {
    if (prefix === 'xml') return XML_NAMESPACE;
    if (Object.hasOwn(this.namespaces, prefix)) return this.namespaces[prefix] as string;
    const known = Object.keys(this.namespaces);
    this.fail(
      index,
      `unknown namespace prefix "${prefix}"`,
      known.length === 0
        ? `a prefix declared under namespaces`
        : `one of the declared prefixes ${known.map((k) => `"${k}"`).join(', ')}`,
    );
  }

  predicate(): Predicate {
    const { src } = this;
    const index = this.i;
    this.i += 1;
    this.spaces();
    const ch = src[this.i];
    if (ch !== undefined && ch >= '0' && ch <= '9') {
      const start = this.i;
      while (this.i < src.length && (src[this.i] as string) >= '0' && (src[this.i] as string) <= '9')
        this.i++;
      const position = Number(src.slice(start, this.i));
      if (position < 1) this.fail(start, 'positions start at 1');
      this.spaces();
      this.close(index);
      return { kind: 'position', position, index };
    }
    const path = this.path(true);
    this.spaces();
    let value: string | undefined;
    if (src[this.i] === '=') {
      this.i += 1;
      this.spaces();
      value = this.literal();
      this.spaces();
    } else if (src[this.i] === '!' && src[this.i + 1] === '=') {
      this.fail(this.i, '!= is not supported', "'=' or ']'");
    }
    this.close(index);
    return { kind: 'test', path, value, index };
  }

  literal(): string {
    const { src } = this;
    const quote = src[this.i];
    if (quote !== "'" && quote !== '"') {
      this.fail(this.i, 'the value must be quoted', "a quoted value like 'normal'");
    }
    const end = src.indexOf(quote, this.i + 1);
    if (end < 0) this.fail(this.i, 'unterminated string', `a closing ${quote}`);
    const value = src.slice(this.i + 1, end);
    this.i = end + 1;
    return value;
  }

  close(open: number): void {
    if (this.src[this.i] === ']') {
      this.i += 1;
      return;
    }
    if (this.i >= this.src.length) this.fail(open, 'unclosed [', "']'");
    this.fail(this.i, 'unexpected character in [ ]', "']'");
  }

  spaces(): void {
    while (this.src[this.i] === ' ' || this.src[this.i] === '\t') this.i++;
  }
}
