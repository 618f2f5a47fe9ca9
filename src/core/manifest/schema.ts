import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../util/diagnostics';
import { projectRoot } from '../../util/paths';
import { closest } from '../../util/suggest';
import { cleanForeign } from '../../util/redact-url';
import { formatPath, type Locator, type PathSeg } from '../../util/yaml-locator';

export const SCHEMA_FILE = 'schema/scopes.schema.json';

let validator: ValidateFunction | undefined;

/** The one Ajv set-up, shared by the runtime compile and the build-time standalone validator. */
function newAjv(source: boolean): Ajv {
  // Loaded only here: the built CLI uses the standalone validator and never needs Ajv itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AjvClass = (require('ajv') as typeof import('ajv')).default;
  const ajv = new AjvClass({ allErrors: true, verbose: true, strict: true, allowMatchingProperties: true, code: { source } });
  // Our own annotation: the human phrase for what a value should look like, used in error messages.
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
  return ajv;
}

function loadSchema(): object {
  return JSON.parse(readFileSync(join(projectRoot(), SCHEMA_FILE), 'utf8')) as object;
}

/**
 * The validator as standalone JavaScript, written next to the compiled schema module by
 * `npm run build` (scripts/build-validator.js): compiling the schema at every start costs more
 * than checking a 5,000-flow file.
 */
export function standaloneValidatorSource(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
  const ajv = newAjv(true);
  return standaloneCode(ajv, ajv.compile(loadSchema()));
}

export const STANDALONE_VALIDATOR = 'scopes-validator.js';

function compile(): ValidateFunction {
  if (validator) return validator;
  try {
    // Present in dist/ after a build; absent when running from the TypeScript sources (tests).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (validator = require(`./${STANDALONE_VALIDATOR}`) as ValidateFunction);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
  }
  return (validator = newAjv(false).compile(loadSchema()));
}

type SchemaNode = { 'x-expected'?: string; type?: string; properties?: Record<string, unknown> };

/**
 * Validates the plain data of scopes.yaml against the published JSON Schema and turns Ajv's errors
 * into located diagnostics a person can act on (one per problem, with a did-you-mean for keys).
 */
export function validateSchema(data: unknown, at: Locator): { diagnostics: Diagnostic[]; failedPaths: Set<string> } {
  const validate = compile();
  const failedPaths = new Set<string>();
  if (validate(data)) return { diagnostics: [], failedPaths };
  const errors = pickBranches(validate.errors ?? [], data);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    failedPaths.add(formatPath(segments(e.instancePath, data)));
    const d = toDiagnostic(e, data, at);
    const k = `${d.loc?.line}:${d.loc?.column}:${d.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  }
  return { diagnostics: out, failedPaths };
}

/**
 * Ajv reports the failures of every `anyOf` branch. Keep only the branch that best fits the value
 * (the one with the fewest errors among those whose type matched), or one summary error when none did.
 */
function pickBranches(errors: ErrorObject[], data: unknown): ErrorObject[] {
  const anyOf = errors.filter((e) => e.keyword === 'anyOf');
  if (anyOf.length === 0) return errors;
  let kept = errors.filter((e) => e.keyword !== 'anyOf');
  for (const a of anyOf) {
    const prefix = `${a.schemaPath.slice(0, -'/anyOf'.length)}/anyOf/`;
    const inBranch = kept.filter((e) => e.schemaPath.startsWith(prefix) && e.instancePath.startsWith(a.instancePath));
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of inBranch) {
      const branch = e.schemaPath.slice(prefix.length).split('/')[0];
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    const fitting = [...byBranch.values()].filter(
      (list) => !list.some((e) => e.instancePath === a.instancePath && (e.keyword === 'type' || e.keyword === 'propertyNames' || e.keyword === 'maxProperties')),
    );
    fitting.sort((x, y) => x.length - y.length);
    const drop = new Set(inBranch);
    kept = kept.filter((e) => !drop.has(e));
    if (fitting.length > 0) kept.push(...fitting[0]);
    else kept.push(a);
  }
  void data;
  return kept;
}

function segments(instancePath: string, data: unknown): PathSeg[] {
  if (!instancePath) return [];
  const out: PathSeg[] = [];
  let cur: unknown = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') {
    // Userinfo redacted and control characters shown as \uXXXX: the value may hold a password or a line break.
    const s = cleanForeign(v, Number.MAX_SAFE_INTEGER);
    return `"${s.length > 60 ? `${s.slice(0, 57)}...` : s}"`;
  }
  return `${typeof v} ${String(v)}`;
}

const TYPE_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'a string',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
};

function toDiagnostic(e: ErrorObject, data: unknown, at: Locator): Diagnostic {
  const path = segments(e.instancePath, data);
  const where = formatPath(path);
  const schema = (e.parentSchema ?? {}) as SchemaNode;
  const expected = schema['x-expected'];
  const base = { severity: 'error' as const, code: 'schema' };
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(schema.properties ?? {});
      const guess = closest(key, allowed, 1);
      return {
        ...base,
        code: 'unknown-key',
        loc: at.keyLoc(path, key),
        message: `unknown key \`${key}\` in ${where}; expected one of: ${allowed.join(', ')}`,
        hint: guess.length ? `did you mean \`${guess[0]}\`?` : undefined,
      };
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      const hint =
        key === 'reason'
          ? 'add `reason:` saying why this scope is granted though no card needs it'
          : `add \`${key}:\``;
      return { ...base, code: key === 'reason' ? 'missing-reason' : 'missing-key', loc: at.loc(path), message: `${where} is missing the required key \`${key}\``, hint };
    }
    case 'type': {
      const want = String((e.params as { type: string }).type);
      return {
        ...base,
        code: 'wrong-type',
        loc: at.loc(path),
        message: `${where} must be ${expected ?? TYPE_WORDS[want] ?? want}, got ${describe(e.data)}`,
      };
    }
    case 'const':
      return { ...base, code: 'wrong-value', loc: at.loc(path), message: `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, got ${describe(e.data)}`, hint: expected ? `write \`${expected}\`` : undefined };
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const guess = typeof e.data === 'string' ? closest(e.data, allowed, 1) : [];
      return {
        ...base,
        code: 'wrong-value',
        loc: at.loc(path),
        message: `${where} must be one of ${allowed.join(', ')}; got ${describe(e.data)}`,
        hint: guess.length ? `did you mean \`${guess[0]}\`?` : undefined,
      };
    }
    case 'minItems':
      return { ...base, code: 'empty-list', loc: at.loc(path), message: `${where} must not be empty` };
    case 'minLength':
      return { ...base, code: 'empty-value', loc: at.loc(path), message: `${where} must not be empty${expected ? `: expected ${expected}` : ''}` };
    default:
      return {
        ...base,
        loc: at.loc(path),
        message: expected ? `${where}: expected ${expected}, got ${describe(e.data)}` : `${where} ${e.message ?? 'is invalid'}`,
      };
  }
}
