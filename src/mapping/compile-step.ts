import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import type { YamlPath } from '../config/load.js';
import { suggest } from '../model/errors.js';
import { BUILT_DIR } from '../model/paths.js';
import { StampHash } from '../model/stamp-hash.js';
import type { Problem } from './compile-context.js';
import { normalizeOptions, type TransformContext, type TransformDef, type TransformFn } from './transform.js';
import { transforms } from './transforms/index.js';
import { isEmpty, isInvalid } from './value.js';

/**
 * How transform option schemas are compiled. They are ours, checked against the meta-schema by a
 * test (test/registries.test.ts), so a run skips compiling the meta-schema (~25 ms of its start).
 */
export const OPTIONS_AJV = { strict: true, allowUnionTypes: true, allErrors: true } as const;

/** The file `npm run build` writes the transforms' option validators to (ajv's standalone code). */
export const OPTION_VALIDATORS_FILE = join(BUILT_DIR, 'mapping/option-validators.cjs');

/** Every transform's options schema, by transform name, and a hash of them all. */
export function optionSchemas(): { schemas: Record<string, object>; hash: string } {
  const schemas: Record<string, object> = {};
  for (const [name, def] of Object.entries(transforms))
    if (def.options !== undefined) schemas[name] = def.options as object;
  return { schemas, hash: new StampHash().update(JSON.stringify(schemas)).digest() };
}

let ajv: Ajv | undefined;
const optionValidators = new Map<string, ValidateFunction>();

/**
 * Take option validators compiled ahead (the load phase hands over the build's, see
 * `check-structure.ts`); a transform without one is compiled at its first use.
 */
export function provideOptionValidators(validators: ReadonlyMap<string, ValidateFunction>): void {
  for (const [name, validate] of validators)
    if (!optionValidators.has(name)) optionValidators.set(name, validate);
}

/** Compile one pipe step: a transform by name, its options checked against its schema. */
export function compileStep(
  step: string | Record<string, unknown>,
  path: YamlPath,
  context: TransformContext,
  problem: Problem,
): TransformFn | undefined {
  const name = typeof step === 'string' ? step : Object.keys(step)[0];
  if (name === undefined || (typeof step === 'object' && Object.keys(step).length !== 1)) {
    problem('mapping-invalid', 'a pipe step is a transform name or { name: options }', path);
    return undefined;
  }
  const def = transforms[name] as TransformDef<unknown> | undefined;
  const namePath = typeof step === 'string' ? path : [...path, name];
  if (def === undefined) {
    problem(
      'unknown-transform',
      `unknown transform "${name}"`,
      typeof step === 'string' ? path : [...path, name],
      {
        suggestion: suggest(name, Object.keys(transforms)),
        part: 'key',
      },
    );
    return undefined;
  }
  const options = normalizeOptions(def, typeof step === 'string' ? undefined : step[name]);
  if (def.options !== undefined) {
    let validate = optionValidators.get(name);
    if (validate === undefined) {
      ajv ??= new Ajv({ ...OPTIONS_AJV, validateSchema: false });
      validate = ajv.compile(def.options);
      optionValidators.set(name, validate);
    }
    if (!validate(options)) {
      for (const error of validate.errors ?? []) {
        const where = error.instancePath === '' ? '' : ` ${error.instancePath.slice(1)}`;
        const extra = error.params as { additionalProperty?: string };
        problem(
          'invalid-options',
          `transform "${name}" option${where} ${error.message}${extra.additionalProperty ? ` "${extra.additionalProperty}"` : ''}`,
          [...namePath, ...error.instancePath.split('/').slice(1)],
        );
      }
      return undefined;
    }
  }
  let fn: TransformFn;
  try {
    fn = def.create(options, context);
  } catch (error) {
    problem('invalid-options', `transform "${name}": ${(error as Error).message}`, namePath);
    return undefined;
  }
  if (def.list) return fn;
  return (value, record) => {
    if (!Array.isArray(value)) return fn(value, record);
    const out: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const element = fn(value[i], record);
      if (isInvalid(element)) return element;
      if (!isEmpty(element)) out.push(String(element));
    }
    return out;
  };
}
