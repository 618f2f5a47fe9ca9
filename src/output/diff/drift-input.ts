import type { ErrorObject, ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActualSource } from '../../core/drift/types';
import type { DiffJson, DiffJsonError, DiffJsonOrg } from './json';
import { locateJsonError } from '../../sources/flows/json-error';
import { UserError } from '../../util/diagnostics';
import { jsonPath, locateJson, type JsonLocations } from '../../util/json-locate';
import { projectRoot } from '../../util/paths';

/**
 * The `wf-scopes diff --format json` result, read back by `report --drift` and `review --drift`:
 * checked against schema/diff.schema.json, whose type (DiffJson) is the one the diff writes. Risk is
 * recomputed from data/risk.yaml so that one table decides it, and missing, extra and in-sync are
 * recomputed from `granted` (or the plan's `after`) and the declaration (./drift-verify.ts): a file
 * whose stated values disagree is refused where it says them.
 */
export type DriftSource = ActualSource;

/** An org entry of the file, where it is (`orgs[2]`), its app label absent rather than null. */
export type DriftOrgInput = Omit<DiffJsonOrg, 'app'> & { at: string; app: { id: string; label?: string } };

/** An org the diff could not read (`errors`, finding WFS005): never in sync. */
export type DriftOrgError = DiffJsonError & { at: string };

/**
 * A fact about one org that the report must show: WFS005 (org not read), WFS007 (a grant of unknown
 * status). WFS007 comes from the org's own `unknownStatus` and from the findings, so deleting
 * either one does not hide the grant.
 */
export interface DriftOrgFinding {
  at: string;
  rule: 'WFS005' | 'WFS007';
  org: string;
  scope?: string;
  message: string;
  /** WFS007: the status the server sent (absent: none). */
  status?: string;
}

export interface DriftInput {
  orgs: DriftOrgInput[];
  errors: DriftOrgError[];
  findings: DriftOrgFinding[];
  /** Line and column of a key path (`orgs[0].inSync`) in the file. */
  locate(path: string): { line: number; column: number } | undefined;
}

export const DIFF_SCHEMA_FILE = 'schema/diff.schema.json';

let validator: ValidateFunction | undefined;

/** The compiled schema of diff's JSON; Ajv is loaded on first use (only `--drift` needs it). */
function diffValidator(): ValidateFunction {
  if (validator) return validator;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AjvClass = (require('ajv') as typeof import('ajv')).default;
  const ajv = new AjvClass({ allErrors: false, verbose: true, strict: true, allowUnionTypes: true });
  return (validator = ajv.compile(JSON.parse(readFileSync(join(projectRoot(), DIFF_SCHEMA_FILE), 'utf8')) as object));
}

/** `/orgs/0/missing/1/scope` → `orgs[0].missing[1].scope`. */
function pathOf(instancePath: string): string {
  if (instancePath === '') return '';
  return instancePath
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((at, seg) => jsonPath(at, /^(0|[1-9][0-9]*)$/.test(seg) ? Number(seg) : seg), '');
}

const TYPE_WORDS: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  null: 'null',
};

/** One schema error as `where`, `what` and the key path to locate it at. */
function describeError(e: ErrorObject): { path: string; message: string } {
  const path = pathOf(e.instancePath);
  const where = path === '' ? 'the top level' : path;
  const parent = (e.parentSchema ?? {}) as { minLength?: number };
  switch (e.keyword) {
    case 'type': {
      const want = ([] as string[]).concat((e.params as { type: string | string[] }).type);
      const words = want.map((t) => (t === 'string' && parent.minLength ? 'a non-empty string' : (TYPE_WORDS[t] ?? t)));
      return { path, message: `${where} must be ${words.join(' or ')}` };
    }
    case 'minLength':
      return { path, message: `${where} must be a non-empty string` };
    case 'enum':
      return { path, message: `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')}` };
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return { path, message: `${jsonPath(path, key)} is missing` };
    }
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      return { path: jsonPath(path, key), message: `${where} has the unknown key \`${key}\`` };
    }
    default:
      return { path, message: `${where} ${e.message ?? 'is invalid'}` };
  }
}

/**
 * Where diff's JSON (a parsed value) breaks schema/diff.schema.json: the first problem, by key path,
 * or undefined when the value is a valid DiffJson.
 */
export function diffJsonProblem(value: unknown): { path: string; message: string } | undefined {
  const validate = diffValidator();
  if (validate(value)) return undefined;
  const first = validate.errors?.[0];
  return first ? describeError(first) : { path: '', message: 'the top level is not a diff result' };
}

const FLAG = '--drift';

function fail(file: string, message: string, hint: string, at?: { line: number; column: number }): never {
  if (at) throw new UserError({ severity: 'error', code: 'report-drift', loc: { file, line: at.line, column: at.column }, message, hint });
  throw new UserError({ severity: 'error', code: 'report-drift', flag: FLAG, message: `${file}: ${message}`, hint });
}

const SHAPE_HINT = 'pass the output of `wf-scopes diff --format json` (unchanged)';

/** The value's own place, or (for a missing key) its object's; the top level is named, not located. */
function locateUp(where: JsonLocations, at: string): { line: number; column: number } | undefined {
  for (let p = at; p !== ''; p = p.replace(/(\.[^.[]+|\[[^\]]*\])$/, '')) {
    const hit = where.at(p);
    if (hit) return hit;
    if (!/(\.[^.[]+|\[[^\]]*\])$/.test(p)) break;
  }
  return undefined;
}

function orgInput(o: DiffJsonOrg, at: string): DriftOrgInput {
  const { app, ...rest } = o;
  return { ...rest, at, app: app.label === null ? { id: app.id } : { id: app.id, label: app.label } };
}

/** WFS005 and WFS007 from the findings, then the orgs' unknown-status grants the findings do not hold. */
function orgFindings(doc: DiffJson): DriftOrgFinding[] {
  const out: DriftOrgFinding[] = [];
  (doc.findings ?? []).forEach((f, i) => {
    if ((f.rule !== 'WFS005' && f.rule !== 'WFS007') || f.org === undefined) return;
    const status = f.properties?.status;
    out.push({
      at: `findings[${i}]`,
      rule: f.rule,
      org: f.org,
      ...(f.scope !== undefined ? { scope: f.scope } : {}),
      message: f.message,
      ...(typeof status === 'string' && status !== '' ? { status } : {}),
    });
  });
  doc.orgs.forEach((o, i) => {
    (o.unknownStatus ?? []).forEach((u, j) => {
      if (out.some((f) => f.rule === 'WFS007' && f.org === o.name && f.scope === u.scope)) return;
      out.push({
        at: `orgs[${i}].unknownStatus[${j}]`,
        rule: 'WFS007',
        org: o.name,
        scope: u.scope,
        message: `Scope ${u.scope} has a grant of status ${u.status ?? '(none)'}, neither ACTIVE nor REVOKED.`,
        ...(u.status !== null ? { status: u.status } : {}),
      });
    });
  });
  return out;
}

/**
 * Parses a drift result. An empty file, a syntax error (with line and column) or a wrong shape is an
 * error: a report must never call an org in sync when the diff that should say so did not finish.
 */
export function parseDriftJson(text: string, file: string): DriftInput {
  if (text.trim() === '') fail(file, 'is empty', 'the diff may have failed: rerun `wf-scopes diff --format json > FILE` and check its exit code (0 or 2)');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const p = locateJsonError(text);
    const where = p ? `:${p.position.line}:${p.position.column}` : '';
    throw new UserError({
      severity: 'error',
      code: 'report-drift',
      loc: p ? { file, line: p.position.line, column: p.position.column } : undefined,
      flag: p ? undefined : FLAG,
      message: `${p ? '' : `${file}${where}: `}not valid JSON${p ? `: ${p.message}` : ''}`,
      hint: p?.truncated ? 'the file is cut short: the diff may have failed, rerun it' : SHAPE_HINT,
    });
  }
  const where = locateJson(text);
  if (where.duplicate) {
    const d = where.duplicate;
    fail(
      file,
      `\`${d.path}\` is given twice (first at line ${d.first.line}, column ${d.first.column}): a JSON reader keeps one of them silently, so the file cannot be trusted`,
      'a `wf-scopes diff --format json` result never repeats a key: it was edited; rerun the diff',
      d.at,
    );
  }
  const problem = diffJsonProblem(value);
  if (problem) fail(file, problem.message, SHAPE_HINT, problem.path === '' ? undefined : locateUp(where, problem.path));
  const doc = value as DiffJson;
  const orgs = doc.orgs.map((o, i) => orgInput(o, `orgs[${i}]`));
  const errors = doc.errors.map((e, i) => ({ ...e, at: `errors[${i}]` }));
  const findings = orgFindings(doc);
  const seen = new Set<string>();
  for (const o of orgs) {
    if (seen.has(o.name)) fail(file, `org \`${o.name}\` appears twice`, 'run one diff per file, or `--org NAME`', where.at(`${o.at}.name`));
    seen.add(o.name);
  }
  return { orgs, errors, findings, locate: (path) => where.at(path) };
}
