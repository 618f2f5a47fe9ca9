import type { PlanAction } from '../../core/drift/types';
import { locateJsonError } from '../../sources/flows/json-error';
import { UserError } from '../../util/diagnostics';
import { locateJson, type JsonLocations } from '../../util/json-locate';

/**
 * The `wf-scopes diff --format json` result, read back for the access report. Only the fields the
 * report shows are kept; risk is recomputed from data/risk.yaml so that one table decides it, and
 * missing, extra and in-sync are recomputed from `granted` (or the plan's `after`) and the declaration
 * (./model.ts): a file whose stated values disagree is refused where it says them.
 */
export type DriftSource = 'okta' | 'state' | 'plan';

export interface DriftNeedInput {
  flow: string;
  connector: string;
  card: string;
  call?: { method: string; path: string };
}

export interface DriftOrgInput {
  /** Where the org's entry is in the file: `orgs[2]`. */
  at: string;
  name: string;
  source: DriftSource;
  app: { id: string; label?: string };
  inSync: boolean;
  missing: { scope: string; neededBy: DriftNeedInput[]; reasons: string[] }[];
  coveredByBroader: { scope: string; coveredBy: string; neededBy: DriftNeedInput[] }[];
  extra: { scope: string }[];
  granted: string[];
  required: string[];
  issuerMismatches: { scope: string; issuer: string }[];
  plan?: { toGrant: string[]; toRevoke: string[]; after: string[]; coversDeclaration: boolean; action?: PlanAction };
}

/** An org the diff could not read (`errors`, finding WFS005): never in sync. */
export interface DriftOrgError {
  at: string;
  org: string;
  code: string;
  message: string;
  hint?: string;
}

/** A finding about one org that the report must show: WFS005 (org not read), WFS007 (unknown grant status). */
export interface DriftOrgFinding {
  at: string;
  rule: 'WFS005' | 'WFS007';
  org: string;
  scope?: string;
  message: string;
  /** WFS007: the status the server sent (empty: none). */
  status?: string;
}

export interface DriftInput {
  orgs: DriftOrgInput[];
  errors: DriftOrgError[];
  findings: DriftOrgFinding[];
  /** Line and column of a key path (`orgs[0].inSync`) in the file. */
  locate(path: string): { line: number; column: number } | undefined;
}

/** The findings a report must not drop: the org was not read, or a grant's status is unknown. */
const ORG_FINDINGS: ReadonlySet<string> = new Set(['WFS005', 'WFS007']);
const PLAN_ACTIONS: readonly PlanAction[] = ['no-op', 'create', 'update', 'replace', 'delete', 'forget'];

const FLAG = '--drift';

function fail(file: string, message: string, hint: string, at?: { line: number; column: number }): never {
  if (at) throw new UserError({ severity: 'error', code: 'report-drift', loc: { file, line: at.line, column: at.column }, message, hint });
  throw new UserError({ severity: 'error', code: 'report-drift', flag: FLAG, message: `${file}: ${message}`, hint });
}

const SHAPE_HINT = 'pass the output of `wf-scopes diff --format json` (unchanged)';

/** Walks `unknown` JSON with a path for every message (`orgs[0].missing[2].scope`). */
class Reader {
  constructor(
    readonly file: string,
    readonly where: JsonLocations,
  ) {}

  bad(at: string, expected: string): never {
    return fail(this.file, `${at} must be ${expected}`, SHAPE_HINT, this.locate(at));
  }

  /** The value's own place, or (for a missing key) its object's. */
  locate(at: string): { line: number; column: number } | undefined {
    for (let p = at; p !== ''; p = p.replace(/(\.[^.[]+|\[[^\]]*\])$/, '')) {
      const hit = this.where.at(p);
      if (hit) return hit;
      if (!/(\.[^.[]+|\[[^\]]*\])$/.test(p)) break;
    }
    return undefined;
  }

  obj(v: unknown, at: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.bad(at, 'an object');
    return v as Record<string, unknown>;
  }

  list<T>(v: unknown, at: string, item: (x: unknown, at: string) => T): T[] {
    if (!Array.isArray(v)) this.bad(at, 'a list');
    return (v as unknown[]).map((x, i) => item(x, `${at}[${i}]`));
  }

  str(v: unknown, at: string): string {
    if (typeof v !== 'string' || v === '') this.bad(at, 'a non-empty string');
    return v as string;
  }

  bool(v: unknown, at: string): boolean {
    if (typeof v !== 'boolean') this.bad(at, 'true or false');
    return v as boolean;
  }

  strs(v: unknown, at: string): string[] {
    return this.list(v, at, (x, a) => this.str(x, a));
  }
}

function need(r: Reader, v: unknown, at: string): DriftNeedInput {
  const o = r.obj(v, at);
  const out: DriftNeedInput = { flow: r.str(o.flow, `${at}.flow`), connector: r.str(o.connector, `${at}.connector`), card: r.str(o.card, `${at}.card`) };
  if (o.call !== undefined && o.call !== null) {
    const c = r.obj(o.call, `${at}.call`);
    out.call = { method: r.str(c.method, `${at}.call.method`), path: r.str(c.path, `${at}.call.path`) };
  }
  return out;
}

function org(r: Reader, v: unknown, at: string): DriftOrgInput {
  const o = r.obj(v, at);
  const source = r.str(o.source, `${at}.source`);
  if (source !== 'okta' && source !== 'state' && source !== 'plan') r.bad(`${at}.source`, 'okta, state or plan');
  const app = r.obj(o.app, `${at}.app`);
  const label = app.label === null || app.label === undefined ? undefined : r.str(app.label, `${at}.app.label`);
  const out: DriftOrgInput = {
    at,
    name: r.str(o.name, `${at}.name`),
    source,
    app: label === undefined ? { id: r.str(app.id, `${at}.app.id`) } : { id: r.str(app.id, `${at}.app.id`), label },
    inSync: r.bool(o.inSync, `${at}.inSync`),
    missing: r.list(o.missing, `${at}.missing`, (m, a) => {
      const x = r.obj(m, a);
      return { scope: r.str(x.scope, `${a}.scope`), neededBy: r.list(x.neededBy, `${a}.neededBy`, (n, b) => need(r, n, b)), reasons: r.strs(x.reasons, `${a}.reasons`) };
    }),
    coveredByBroader: r.list(o.coveredByBroader, `${at}.coveredByBroader`, (c, a) => {
      const x = r.obj(c, a);
      return { scope: r.str(x.scope, `${a}.scope`), coveredBy: r.str(x.coveredBy, `${a}.coveredBy`), neededBy: r.list(x.neededBy, `${a}.neededBy`, (n, b) => need(r, n, b)) };
    }),
    extra: r.list(o.extra, `${at}.extra`, (e, a) => ({ scope: r.str(r.obj(e, a).scope, `${a}.scope`) })),
    granted: r.strs(o.granted, `${at}.granted`),
    required: r.strs(o.required, `${at}.required`),
    issuerMismatches: r.list(o.issuerMismatches, `${at}.issuerMismatches`, (m, a) => {
      const x = r.obj(m, a);
      return { scope: r.str(x.scope, `${a}.scope`), issuer: r.str(x.issuer, `${a}.issuer`) };
    }),
  };
  if (o.plan !== undefined && o.plan !== null) {
    const p = r.obj(o.plan, `${at}.plan`);
    out.plan = {
      toGrant: r.strs(p.toGrant, `${at}.plan.toGrant`),
      toRevoke: r.strs(p.toRevoke, `${at}.plan.toRevoke`),
      after: r.strs(p.after, `${at}.plan.after`),
      coversDeclaration: r.bool(p.coversDeclaration, `${at}.plan.coversDeclaration`),
    };
    if (p.action !== undefined && p.action !== null) {
      const action = r.str(p.action, `${at}.plan.action`);
      if (!(PLAN_ACTIONS as readonly string[]).includes(action)) r.bad(`${at}.plan.action`, PLAN_ACTIONS.join(', '));
      out.plan.action = action as PlanAction;
    }
  }
  return out;
}

function orgError(r: Reader, v: unknown, at: string): DriftOrgError {
  const o = r.obj(v, at);
  const hint = o.hint === undefined || o.hint === null ? undefined : r.str(o.hint, `${at}.hint`);
  return { at, org: r.str(o.org, `${at}.org`), code: r.str(o.code, `${at}.code`), message: r.str(o.message, `${at}.message`), ...(hint !== undefined ? { hint } : {}) };
}

/** Findings other than WFS005 and WFS007 are facts the orgs already hold (missing, extra, …): skipped. */
function orgFinding(r: Reader, v: unknown, at: string): DriftOrgFinding[] {
  const o = r.obj(v, at);
  const rule = r.str(o.rule, `${at}.rule`);
  if (!ORG_FINDINGS.has(rule)) return [];
  const scope = o.scope === undefined || o.scope === null ? undefined : r.str(o.scope, `${at}.scope`);
  const props = o.properties === undefined || o.properties === null ? {} : r.obj(o.properties, `${at}.properties`);
  const status = typeof props.status === 'string' ? props.status : undefined;
  return [
    {
      at,
      rule: rule as DriftOrgFinding['rule'],
      org: r.str(o.org, `${at}.org`),
      ...(scope !== undefined ? { scope } : {}),
      message: r.str(o.message, `${at}.message`),
      ...(status !== undefined ? { status } : {}),
    },
  ];
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
  const r = new Reader(file, where);
  const root = r.obj(value, 'the top level');
  const orgs = r.list(root.orgs, 'orgs', (o, at) => org(r, o, at));
  // Both lists are always present in a diff result; an older one may lack `findings`.
  const errors = root.errors === undefined ? [] : r.list(root.errors, 'errors', (e, at) => orgError(r, e, at));
  const findings = root.findings === undefined ? [] : r.list(root.findings, 'findings', (f, at) => orgFinding(r, f, at)).flat();
  const seen = new Set<string>();
  for (const o of orgs) {
    if (seen.has(o.name)) fail(file, `org \`${o.name}\` appears twice`, 'run one diff per file, or `--org NAME`', where.at(`${o.at}.name`));
    seen.add(o.name);
  }
  return { orgs, errors, findings, locate: (path) => where.at(path) };
}
