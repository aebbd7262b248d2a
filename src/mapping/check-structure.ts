import { join } from 'node:path';
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import type { LoadedYaml } from '../config/load.js';
import type { MappingFile } from '../config/mapping.js';
import { FeedkitError, FeedkitErrors, suggest } from '../model/errors.js';
import { BUILT_DIR } from '../model/paths.js';
import { StampHash } from '../model/stamp-hash.js';
import { loadBuiltModule } from './built-module.js';
import { OPTION_VALIDATORS_FILE, optionSchemas, provideOptionValidators } from './compile-step.js';
import { mappingSchema } from './schema.js';

/** How the mapping schema is compiled, here and by `scripts/build-validators.js`. */
export const MAPPING_AJV_OPTIONS: Options = {
  strict: true,
  allowUnionTypes: true,
  allErrors: true,
  verbose: true,
  // Each canonical field's schema is one function, not 80 inlined copies (see mappingSchema).
  inlineRefs: false,
};

/** The checker's schema, and its hash, which names the validator built from it. */
export function checkerSchema(): { schema: object; hash: string } {
  const schema = mappingSchema({ forEditors: false });
  return { schema, hash: new StampHash().update(JSON.stringify(schema)).digest() };
}

type Validate = ReturnType<Ajv['compile']>;
let validate: Validate | undefined;

/** The file `npm run build` writes the mapping schema's standalone validator to. */
export const MAPPING_VALIDATOR_FILE = join(BUILT_DIR, 'mapping/mapping-validator.cjs');

/** The built validator's module: the validator and the hash of the schema it was built from. */
export interface BuiltValidator {
  /** The validator. */
  default: Validate;
  /** {@link checkerSchema}'s hash at build time. */
  hash: string;
}

/**
 * The validator `npm run build` compiled ahead (ajv's standalone code: compiling the schema
 * took ~0.4 s of every start), when it was built from this very schema; else compiled here.
 */
function mappingValidator(): Validate {
  const { schema, hash } = checkerSchema();
  try {
    const built = loadBuiltModule<BuiltValidator>(MAPPING_VALIDATOR_FILE).exports;
    if (built.hash === hash) return built.default;
  } catch {
    // Not built (a plain `tsc`): compiled below.
  }
  return new Ajv(MAPPING_AJV_OPTIONS).compile(schema);
}

/**
 * The transforms' option validators the build compiled ahead, when built from these very
 * schemas (compiling a mapping's dozen took ~15 ms of a start), for the mapping compiler on
 * this thread; a worker, which reads no file, compiles the ones it needs.
 */
function builtOptionValidators(): ReadonlyMap<string, ValidateFunction> {
  try {
    const { hash, ...validators } = loadBuiltModule<Record<string, ValidateFunction> & { hash?: string }>(
      OPTION_VALIDATORS_FILE,
    ).exports;
    if (hash === optionSchemas().hash) return new Map(Object.entries(validators));
  } catch {
    // Not built (a plain `tsc`, the test runner on sources): compiled when used.
  }
  return new Map();
}

/**
 * Check a mapping's structure against the mapping schema and report every problem with
 * its file:line:col. Pipe steps are checked by the mapping compiler, which knows the transforms.
 */
export function checkMappingStructure(loaded: LoadedYaml): MappingFile {
  if (validate === undefined) {
    validate = mappingValidator();
    provideOptionValidators(builtOptionValidators());
  }
  if (validate(loaded.value)) return loaded.value as MappingFile;
  const errors = (validate.errors ?? []).filter(keep);
  // Branches of a oneOf can say the same thing twice: keep one of each message.
  const seen = new Set<string>();
  const problems = dedupe(errors)
    .map((error) => toProblem(loaded, error))
    .filter((problem) => {
      const key = `${problem.line}:${problem.col}:${problem.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  if (problems.length === 0) return loaded.value as MappingFile;
  throw new FeedkitErrors(problems);
}

function keep(error: ErrorObject): boolean {
  // oneOf/anyOf summaries only repeat what their branches said.
  return error.keyword !== 'oneOf' && error.keyword !== 'anyOf' && error.keyword !== 'propertyNames';
}

/** A `oneOf` between "a string" and "an object" reports the mismatch once per branch; keep the most telling. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  const out: ErrorObject[] = [];
  const paths = [...byPath.keys()];
  for (const [path, list] of byPath) {
    // An error further in means the branch of the right type was taken: the other branches'
    // "wrong type" here only repeats it.
    if (list.every((error) => error.keyword === 'type') && paths.some((p) => p.startsWith(`${path}/`)))
      continue;
    const specific = list.filter((error) => error.keyword !== 'type');
    out.push(...(specific.length > 0 ? specific : list.slice(0, 1)));
  }
  return out;
}

function toProblem(loaded: LoadedYaml, error: ErrorObject): FeedkitError {
  const path = error.instancePath.split('/').slice(1).map(unescapePointer);
  const where = path.length > 0 ? path.join('.') : 'mapping';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const key = String(params.additionalProperty);
    const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const noun = path.length === 1 && path[0] === 'fields' ? 'canonical field' : 'key';
    const pos = loaded.positionOf([...path, key], 'key');
    return new FeedkitError(
      path[0] === 'fields' && path.length === 1 ? 'unknown-field' : 'mapping-invalid',
      `unknown ${noun} "${key}" in ${where}`,
      {
        file: loaded.path,
        ...pos,
        suggestion: suggest(key, known),
      },
    );
  }
  const name = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (name !== undefined) {
    // A key of the wrong shape (`countries: { se: … }`): pointed at the key itself.
    return new FeedkitError(
      'mapping-invalid',
      `${where} has a key "${name}" that ${error.message ?? 'is not allowed'}`,
      {
        file: loaded.path,
        ...loaded.positionOf([...path, name], 'key'),
        ...(params.pattern === '^[A-Z]{2}$'
          ? { expected: 'an ISO 3166-1 alpha-2 country code in capitals (DK, SE)' }
          : {}),
      },
    );
  }
  const pos = loaded.positionOf(path);
  let message: string;
  let expected: string | undefined;
  switch (error.keyword) {
    case 'enum':
      message = `${where} has a value that is not allowed`;
      expected = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      break;
    case 'required':
      message = `${where} needs "${String(params.missingProperty)}"`;
      break;
    case 'type':
      message = `${where} has the wrong type`;
      expected = String(params.type);
      break;
    default:
      message = `${where} ${error.message ?? 'is invalid'}`;
  }
  const found = error.keyword === 'enum' || error.keyword === 'type' ? JSON.stringify(error.data) : undefined;
  return new FeedkitError('mapping-invalid', message, { file: loaded.path, ...pos, expected, found });
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
