import { locateJsonError } from '../../sources/flows/json-error';
import { UserError } from '../../util/diagnostics';
import { jsonPath, locateJson } from '../../util/json-locate';
import { isPlainObject } from '../../util/json';

/**
 * A `wf-scopes usage --format json` result given to review or report (`--usage FILE`): read strictly,
 * each problem at its line and column, since it is evidence shown to reviewers.
 */

/** Per org and scope: the writes seen and the last one, or that reads are not observable. */
export interface UsageEvidenceOrg {
  org: string;
  checked: boolean;
  reason?: string;
  scopes: { scope: string; observable: 'writes' | 'not-observable'; writes: number; lastSeen?: string }[];
  unexplained: { path: string; method?: string; lastSeen: string; count: number }[];
}

export interface UsageEvidence {
  since: string;
  until: string;
  orgs: UsageEvidenceOrg[];
}

const HINT = 'pass the output of `wf-scopes usage --format json`';

type Obj = Record<string, unknown>;

export function parseUsageJson(text: string, file: string, flag = '--usage'): UsageEvidence {
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
  // A key that is missing has no place of its own: the object that lacks it is named instead.
  const bad = (path: string, expected: string, parent?: string): never =>
    fail(`${path || 'the document'} must be ${expected}`, where.at(path) ?? (parent === undefined ? undefined : where.at(parent)));
  const obj = (v: unknown, path: string): Obj => (isPlainObject(v) ? v : bad(path, 'an object'));
  const arr = (v: unknown, path: string): unknown[] => (Array.isArray(v) ? v : bad(path, 'an array'));
  const str = (o: Obj, k: string, path: string): string => (typeof o[k] === 'string' ? (o[k] as string) : bad(jsonPath(path, k), 'a string', path));
  const time = (o: Obj, k: string, path: string): string => {
    const v = str(o, k, path);
    return /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) && Number.isFinite(Date.parse(v)) ? v : bad(jsonPath(path, k), 'an ISO 8601 UTC time', path);
  };
  const count = (o: Obj, k: string, path: string): number =>
    Number.isSafeInteger(o[k]) && (o[k] as number) >= 1 ? (o[k] as number) : bad(jsonPath(path, k), 'a whole number of at least 1', path);

  const doc = obj(value, '');
  const out: UsageEvidence = { since: time(doc, 'since', ''), until: time(doc, 'until', ''), orgs: [] };
  arr(doc.orgs, 'orgs').forEach((rawOrg, i) => {
    const p = jsonPath('orgs', i);
    const o = obj(rawOrg, p);
    if (typeof o.checked !== 'boolean') bad(jsonPath(p, 'checked'), 'true or false', p);
    const org: UsageEvidenceOrg = { org: str(o, 'org', p), checked: o.checked as boolean, scopes: [], unexplained: [] };
    if (!org.checked) org.reason = str(o, 'reason', p);
    arr(o.scopes, jsonPath(p, 'scopes')).forEach((rawScope, j) => {
      const sp = jsonPath(jsonPath(p, 'scopes'), j);
      const s = obj(rawScope, sp);
      const observable = s.observable === 'writes' || s.observable === 'not-observable' ? s.observable : bad(jsonPath(sp, 'observable'), '"writes" or "not-observable"', sp);
      let writes = 0;
      let lastSeen: string | undefined;
      arr(s.writes, jsonPath(sp, 'writes')).forEach((rawWrite, k) => {
        const wp = jsonPath(jsonPath(sp, 'writes'), k);
        const w = obj(rawWrite, wp);
        writes += count(w, 'count', wp);
        const at = time(w, 'lastSeen', wp);
        if (lastSeen === undefined || at > lastSeen) lastSeen = at;
      });
      org.scopes.push({ scope: str(s, 'scope', sp), observable, writes, ...(lastSeen ? { lastSeen } : {}) });
    });
    arr(o.unexplained, jsonPath(p, 'unexplained')).forEach((rawU, j) => {
      const up = jsonPath(jsonPath(p, 'unexplained'), j);
      const u = obj(rawU, up);
      const method = u.method === undefined ? undefined : str(u, 'method', up);
      org.unexplained.push({ path: str(u, 'path', up), ...(method ? { method } : {}), lastSeen: time(u, 'lastSeen', up), count: count(u, 'count', up) });
    });
    out.orgs.push(org);
  });
  return out;
}

/** `okta.users.manage: 30 writes, last 2026-12-01`; `okta.users.read: not observable (reads are not logged)`. */
export function lastSeenText(s: UsageEvidenceOrg['scopes'][number]): string {
  if (s.observable === 'not-observable') return 'not observable (reads are not logged)';
  if (s.writes === 0) return 'no write seen in the window (not proof it is unused)';
  return `${s.writes} write${s.writes === 1 ? '' : 's'}, last seen ${(s.lastSeen ?? '').slice(0, 10)}`;
}
