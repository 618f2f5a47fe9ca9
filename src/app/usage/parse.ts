import { locateJsonError } from '../../sources/flows/json-error';
import type { Catalog } from '../../core/catalog/types';
import { NO_WRITE_SEEN, NOT_OBSERVABLE, unexplainedWrites } from '../../core/wording';
import { UserError } from '../../util/diagnostics';
import { jsonPath, locateJson } from '../../util/json-locate';
import { isPlainObject } from '../../util/json';
import { verifyUsage, type RawOrg, type RawUsage, type Refuse } from './verify';

/**
 * A `wf-scopes usage --format json` result given to review or report (`--usage FILE`): read strictly,
 * each problem at its line and column, since it is evidence shown to reviewers. What can be recomputed
 * from the catalog is (verify.ts): an edited file is refused, never shown.
 */

/** Per org and scope: the writes seen and the last one, or that reads are not observable. */
export interface UsageEvidenceOrg {
  org: string;
  checked: boolean;
  reason?: string;
  /** `unexplained`: how many of `writes` no declared card explains. */
  scopes: { scope: string; observable: 'writes' | 'not-observable'; writes: number; unexplained: number; lastSeen?: string }[];
  unexplained: { path: string; method?: string; lastSeen: string; count: number }[];
}

export interface UsageEvidence {
  since: string;
  until: string;
  orgs: UsageEvidenceOrg[];
  /** Orgs the usage run could not read at all (their grants), with its message. */
  errors: { org: string; message: string }[];
}

const HINT = 're-run `wf-scopes usage --format json > FILE` and pass its output unedited';

type Obj = Record<string, unknown>;

export function parseUsageJson(text: string, file: string, catalog: Catalog, flag = '--usage'): UsageEvidence {
  const fail = (message: string, at?: { line: number; column: number }): never => {
    if (at) throw new UserError({ severity: 'error', code: 'usage-input', loc: { file, line: at.line, column: at.column }, message, hint: HINT });
    throw new UserError({ severity: 'error', code: 'usage-input', flag, message: `${file}: ${message}`, hint: HINT });
  };
  if (text.trim() === '') fail('is empty: the usage run may have failed');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const p = locateJsonError(text);
    return fail(`not valid JSON${p ? `: ${p.message}` : ''}`, p?.position);
  }
  const where = locateJson(text);
  if (where.duplicate) fail(`${where.duplicate.path} is given twice`, where.duplicate.at);
  const refuse: Refuse = (path, message, parent) => fail(message, where.at(path) ?? (parent === undefined ? undefined : where.at(parent)));
  const raw = readShape(value, refuse);
  verifyUsage(raw, catalog, refuse);
  return {
    since: raw.since,
    until: raw.until,
    orgs: raw.orgs.map(evidenceOrg),
    errors: raw.errors.map((e) => ({ org: e.org, message: e.message })),
  };
}

function evidenceOrg(o: RawOrg): UsageEvidenceOrg {
  return {
    org: o.org,
    checked: o.checked,
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
    scopes: o.scopes.map((s) => {
      const lastSeen = s.writes.reduce<string | undefined>((a, w) => (a === undefined || w.lastSeen > a ? w.lastSeen : a), undefined);
      const unexplained = o.unexplained.filter((u) => u.scope === s.scope).reduce((a, u) => a + u.count, 0);
      return { scope: s.scope, observable: s.observable, writes: s.writes.reduce((a, w) => a + w.count, 0), unexplained, ...(lastSeen ? { lastSeen } : {}) };
    }),
    unexplained: o.unexplained.map((u) => ({ path: u.path, ...(u.method !== undefined ? { method: u.method } : {}), lastSeen: u.lastSeen, count: u.count })),
  };
}

/** Every key the usage command writes, of the kind it writes; nothing recomputed yet. */
function readShape(value: unknown, refuse: Refuse): RawUsage {
  const bad = (path: string, expected: string, parent?: string): never => refuse(path, `${path || 'the document'} must be ${expected}`, parent);
  const obj = (v: unknown, path: string): Obj => (isPlainObject(v) ? v : bad(path, 'an object'));
  const arr = (v: unknown, path: string): unknown[] => (Array.isArray(v) ? v : bad(path, 'an array'));
  const str = (o: Obj, k: string, path: string): string => (typeof o[k] === 'string' ? (o[k] as string) : bad(jsonPath(path, k), 'a string', path));
  const optStr = (o: Obj, k: string, path: string): string | undefined => (o[k] === undefined ? undefined : str(o, k, path));
  const bool = (o: Obj, k: string, path: string): boolean => (typeof o[k] === 'boolean' ? (o[k] as boolean) : bad(jsonPath(path, k), 'true or false', path));
  const time = (o: Obj, k: string, path: string): string => {
    const v = str(o, k, path);
    return /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) && Number.isFinite(Date.parse(v)) ? v : bad(jsonPath(path, k), 'an ISO 8601 UTC time', path);
  };
  const whole = (o: Obj, k: string, path: string, min: number): number =>
    Number.isSafeInteger(o[k]) && (o[k] as number) >= min ? (o[k] as number) : bad(jsonPath(path, k), `a whole number of at least ${min}`, path);
  const oneOf = <T extends string>(o: Obj, k: string, path: string, values: readonly T[]): T =>
    values.includes(o[k] as T) ? (o[k] as T) : bad(jsonPath(path, k), values.map((v) => JSON.stringify(v)).join(' or '), path);
  const each = <T>(o: Obj, k: string, path: string, read: (item: Obj, at: string) => T): T[] =>
    arr(o[k], jsonPath(path, k)).map((item, i) => {
      const at = jsonPath(jsonPath(path, k), i);
      return read(obj(item, at), at);
    });

  const doc = obj(value, '');
  return {
    since: time(doc, 'since', ''),
    until: time(doc, 'until', ''),
    orgs: each(doc, 'orgs', '', (o, p) => {
      const checked = bool(o, 'checked', p);
      return {
        at: p,
        org: str(o, 'org', p),
        checked,
        ...(checked ? {} : { reason: str(o, 'reason', p) }),
        events: whole(o, 'events', p, 0),
        scopes: each(o, 'scopes', p, (s, sp) => ({
          at: sp,
          scope: str(s, 'scope', sp),
          declared: bool(s, 'declared', sp),
          observable: oneOf(s, 'observable', sp, ['writes', 'not-observable'] as const),
          writes: each(s, 'writes', sp, (w, wp) => ({ at: wp, method: optStr(w, 'method', wp), path: str(w, 'path', wp), eventType: str(w, 'eventType', wp), count: whole(w, 'count', wp, 1), lastSeen: time(w, 'lastSeen', wp) })),
        })),
        unexplained: each(o, 'unexplained', p, (u, up) => ({
          at: up,
          method: optStr(u, 'method', up),
          path: str(u, 'path', up),
          eventType: str(u, 'eventType', up),
          scope: optStr(u, 'scope', up),
          why: oneOf(u, 'why', up, ['undeclared-scope', 'unmapped'] as const),
          count: whole(u, 'count', up, 1),
          lastSeen: time(u, 'lastSeen', up),
        })),
      };
    }),
    // Older results had no `errors`; an org they lack is simply not covered.
    errors: doc.errors === undefined ? [] : each(doc, 'errors', '', (e, ep) => ({ at: ep, org: str(e, 'org', ep), message: str(e, 'message', ep) })),
  };
}

/**
 * What a usage result says of one declared org: its evidence, or why there is none ("not checked",
 * never silence): the log could not be read, the run could not read the org, or the file does not
 * cover it. The one place review and report ask.
 */
export type UsageCoverage = { checked: true; org: UsageEvidenceOrg } | { checked: false; reason: string };

export function usageOf(e: UsageEvidence, org: string, file: string): UsageCoverage {
  const o = e.orgs.find((x) => x.org === org);
  if (o) return o.checked ? { checked: true, org: o } : { checked: false, reason: o.reason ?? '' };
  const err = e.errors.find((x) => x.org === org);
  if (err) return { checked: false, reason: `the usage run could not read this org: ${err.message}` };
  return { checked: false, reason: `${file} has no result for this org` };
}

/** `okta.users.manage: 30 writes, last seen 2026-12-01`; `okta.users.read: not observable (reads are not logged)`. */
export function lastSeenText(s: UsageEvidenceOrg['scopes'][number]): string {
  const writes = `${s.writes} write${s.writes === 1 ? '' : 's'}${s.observable === 'not-observable' ? ' seen' : ''}, last seen ${(s.lastSeen ?? '').slice(0, 10)}${s.unexplained ? `, ${unexplainedWrites(s.unexplained)}` : ''}`;
  if (s.observable === 'not-observable') return s.writes === 0 ? NOT_OBSERVABLE : `${NOT_OBSERVABLE}; ${writes}`;
  return s.writes === 0 ? NO_WRITE_SEEN : writes;
}
