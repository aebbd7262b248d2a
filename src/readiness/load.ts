import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { type LoadedYaml, parseYaml, type YamlPath } from '../config/load.js';
import { CANONICAL_FIELDS } from '../model/canonical.js';
import { FeedkitError, FeedkitErrors, suggest } from '../model/errors.js';
import { BUILTIN_CHANNEL_DIR } from '../model/paths.js';
import { linearRegExp, PatternError } from '../text/linear-regexp.js';
import { cachedReadiness } from './cache.js';
import { compactCategories } from './categories.js';
import type { ReadinessData, ReadinessRules } from './rules.js';

export type { ReadinessData } from './rules.js';

/** The bundled rules file. */
export const READINESS_FILE = join(BUILTIN_CHANNEL_DIR, 'readiness.yaml');

const LOCALES = ['en-US', 'da-DK', 'de-DE', 'sv-SE'];

/** The bundled taxonomy files, by locale (English first). */
export function taxonomyFiles(): string[] {
  return LOCALES.map((locale) => join(BUILTIN_CHANNEL_DIR, 'taxonomy', `google.${locale}.txt`));
}

/**
 * The rules and the categories (load phase, main thread): from the build's cache when it was
 * made from these very files (parsing and checking them cost ~0.3 s of a one-row run), else
 * read and checked here. Exit 2 on a broken rules file.
 */
export function loadReadiness(file = READINESS_FILE): ReadinessData {
  return (file === READINESS_FILE ? cachedReadiness() : undefined) ?? readReadiness(file);
}

/** Read and check the rules file, and compact the taxonomy files. */
export function readReadiness(file = READINESS_FILE): ReadinessData {
  const rules = checkRules(parseYaml(file, readFileSync(file, 'utf8')));
  const taxonomy = Object.fromEntries(
    taxonomyFiles().map((path, i) => [LOCALES[i], readFileSync(path, 'utf8')]),
  );
  return { rules, categories: compactCategories(taxonomy) };
}

let validate: ReturnType<Ajv['compile']> | undefined;

/** The rules file's structure (its JSON Schema), then what a schema cannot say: known fields, categories, patterns. */
export function checkRules(loaded: LoadedYaml): ReadinessRules {
  validate ??= new Ajv({ strict: true, allErrors: true }).compile(
    JSON.parse(readFileSync(join(BUILTIN_CHANNEL_DIR, 'readiness.schema.json'), 'utf8')),
  );
  const problem = (path: YamlPath, message: string, extra: { expected?: string; suggestion?: string } = {}) =>
    new FeedkitError('readiness-invalid', message, {
      file: loaded.path,
      ...loaded.positionOf(path),
      ...extra,
    });
  if (!validate(loaded.value)) {
    throw new FeedkitErrors(
      (validate.errors ?? []).map((error: ErrorObject) =>
        problem(pathOf(error.instancePath), `readiness rules: ${error.instancePath || '/'} ${error.message}`),
      ),
    );
  }
  const rules = loaded.value as ReadinessRules;
  const problems: FeedkitError[] = [];
  const known = Object.keys(CANONICAL_FIELDS);
  const ids = new Set<string>();
  rules.rules.forEach((rule, r) => {
    if (ids.has(rule.id))
      problems.push(problem(['rules', r, 'id'], `readiness rule id "${rule.id}" is used twice`));
    ids.add(rule.id);
    for (const key of ['fields', 'fill'] as const)
      (rule[key] ?? []).forEach((field, f) => {
        if (!(field in CANONICAL_FIELDS))
          problems.push(
            problem(['rules', r, key, f], `unknown canonical field "${field}"`, {
              suggestion: suggest(field, known),
            }),
          );
      });
    if (rule.when !== undefined && !(rule.when in CANONICAL_FIELDS))
      problems.push(problem(['rules', r, 'when'], `unknown canonical field "${rule.when}"`));
    (rule.categories ?? []).forEach((key, c) => {
      if (rules.categories[key] === undefined)
        problems.push(
          problem(['rules', r, 'categories', c], `unknown category "${key}"`, {
            expected: Object.keys(rules.categories).join(', '),
          }),
        );
    });
    (rule.patterns ?? []).forEach((pattern, p) => {
      try {
        linearRegExp(pattern, 'i');
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        problems.push(problem(['rules', r, 'patterns', p], `pattern ${pattern}: ${error.message}`));
      }
    });
  });
  if (problems.length > 0) throw new FeedkitErrors(problems);
  return rules;
}

/** `/rules/3/points` → `['rules', 3, 'points']`. */
function pathOf(pointer: string): YamlPath {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part.replaceAll('~1', '/').replaceAll('~0', '~')));
}
