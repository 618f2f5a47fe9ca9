import { locateJsonError } from '../flows/json-error';
import { UserError } from '../util/diagnostics';

/**
 * The `wf-scopes diff --format json` result, read back for the access report. Only the fields the
 * report shows are kept; risk is recomputed from data/risk.yaml so that one table decides it.
 */
export type DriftSource = 'okta' | 'state' | 'plan';

export interface DriftNeedInput {
  flow: string;
  connector: string;
  card: string;
  call?: { method: string; path: string };
}

export interface DriftOrgInput {
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
  plan?: { toGrant: string[]; toRevoke: string[]; after: string[]; coversDeclaration: boolean };
}

export interface DriftInput {
  orgs: DriftOrgInput[];
}

const FLAG = '--drift';

function fail(file: string, message: string, hint: string): never {
  throw new UserError({ severity: 'error', code: 'report-drift', flag: FLAG, message: `${file}: ${message}`, hint });
}

const SHAPE_HINT = 'pass the output of `wf-scopes diff --format json` (unchanged)';

/** Walks `unknown` JSON with a path for every message (`orgs[0].missing[2].scope`). */
class Reader {
  constructor(readonly file: string) {}

  bad(at: string, expected: string): never {
    return fail(this.file, `${at} must be ${expected}`, SHAPE_HINT);
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
  }
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
  const r = new Reader(file);
  const root = r.obj(value, 'the top level');
  const orgs = r.list(root.orgs, 'orgs', (o, at) => org(r, o, at));
  const seen = new Set<string>();
  for (const o of orgs) {
    if (seen.has(o.name)) fail(file, `org \`${o.name}\` appears twice`, 'run one diff per file, or `--org NAME`');
    seen.add(o.name);
  }
  return { orgs };
}
