#!/usr/bin/env node
// npm run check runs this: fails when a file in src/ is over MAX_FILE_LINES lines or a function
// in it is over MAX_FUNCTION_LINES lines. scripts/size-limits.json lists the files and functions
// that were over when the limits came in, each with the size it may not grow beyond; an entry
// that is under the limit again must be removed, so the list only shrinks.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 120;
const root = new URL('..', import.meta.url).pathname;
const allowed = JSON.parse(readFileSync(join(root, 'scripts/size-limits.json'), 'utf8'));

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** The name a person would look for: the function's own, or the variable, property or method it is assigned to. */
function nameOf(node, source) {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name)
    return parent.name.getText(source);
  // A callback is named by what it is passed to and the function around it, which stay put
  // when lines move.
  let callee = '';
  if (parent && ts.isCallExpression(parent)) {
    const called = parent.expression;
    callee = ts.isPropertyAccessExpression(called) ? called.name.getText(source) : called.getText(source);
  }
  let outer = parent;
  while (outer && !(ts.isFunctionLike(outer) && (outer.name || ts.isVariableDeclaration(outer.parent))))
    outer = outer.parent;
  const around = outer ? ` in ${nameOf(outer, source)}` : '';
  return `(callback${callee ? ` of ${callee}` : ''}${around})`;
}

const found = [];
for (const path of files(join(root, 'src'))) {
  const file = relative(root, path);
  const text = readFileSync(path, 'utf8');
  const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  if (lines > MAX_FILE_LINES)
    found.push({ key: file, size: lines, limit: MAX_FILE_LINES, what: 'lines in the file' });
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const size = end - start + 1;
      if (size > MAX_FUNCTION_LINES)
        found.push({
          key: `${file} ${nameOf(node, source)}`,
          size,
          limit: MAX_FUNCTION_LINES,
          what: 'lines in the function',
        });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

const problems = [];
const over = new Set();
for (const { key, size, limit, what } of found) {
  over.add(key);
  const allowance = allowed[key];
  if (allowance === undefined) problems.push(`${key}: ${size} ${what}, the most is ${limit}`);
  else if (size > allowance)
    problems.push(`${key}: ${size} ${what}, grew past its allowance of ${allowance} (the most is ${limit})`);
}
for (const key of Object.keys(allowed)) {
  if (!over.has(key)) problems.push(`${key}: now within the limit; remove it from scripts/size-limits.json`);
}
if (problems.length > 0) {
  process.stderr.write(`size limits:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `size limits: ok (${Object.keys(allowed).length} known offenders left in scripts/size-limits.json)\n`,
);
