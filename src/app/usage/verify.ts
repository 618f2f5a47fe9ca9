import type { Catalog } from '../../core/catalog/types';
import { isReadScope } from '../../core/scopes';
import { jsonPath } from '../../util/json-locate';
import { scopeOfWrite } from './usage';

/**
 * A usage result is evidence shown to reviewers, so what it claims is recomputed where it can be,
 * and a file that disagrees is refused at the key that does: whether a scope is observable (its
 * kind), which scope the endpoint table gives each write, that an unexplained write is also counted on
 * its scope's own line, that every time falls in the stated window (whole days, at most the 90 Okta keeps),
 * and that no org, scope or write appears twice. Still trusted (no source to recompute them from):
 * which writes the log held, their counts and times inside the window, `declared` against the
 * declaration of the day, and the reason an org was not checked.
 */

/** Refuses the file at `path` (or, for a key that is missing, at the object `parent` that lacks it). */
export type Refuse = (path: string, message: string, parent?: string) => never;

export interface RawWrite {
  at: string;
  method?: string;
  path: string;
  eventType: string;
  count: number;
  lastSeen: string;
}

export interface RawScope {
  at: string;
  scope: string;
  declared: boolean;
  observable: 'writes' | 'not-observable';
  writes: RawWrite[];
}

export interface RawUnexplained extends RawWrite {
  scope?: string;
  why: 'undeclared-scope' | 'unmapped';
}

export interface RawOrg {
  at: string;
  org: string;
  checked: boolean;
  reason?: string;
  events: number;
  scopes: RawScope[];
  unexplained: RawUnexplained[];
}

export interface RawUsage {
  since: string;
  until: string;
  orgs: RawOrg[];
  errors: { at: string; org: string; message: string }[];
}

/** The System Log keeps 90 days, and `usage --since` reads at most that. */
const DAY_MS = 86_400_000;
const MAX_WINDOW_MS = 90 * DAY_MS;

const label = (w: { method?: string; path: string }): string => `${w.method ?? '(method not logged)'} ${w.path}`;
const rowKey = (w: { method?: string; path: string; eventType: string }): string => `${w.method ?? ''} ${w.path} ${w.eventType}`;

export function verifyUsage(u: RawUsage, catalog: Catalog, refuse: Refuse): void {
  const since = Date.parse(u.since);
  const until = Date.parse(u.until);
  if (!(since < until)) refuse('until', `until (${u.until}) must be later than since (${u.since})`);
  if (until - since > MAX_WINDOW_MS) {
    refuse('since', `since (${u.since}) must be at most 90 days before until (${u.until}), the most the System Log keeps: no earlier than ${new Date(until - MAX_WINDOW_MS).toISOString()}`);
  }
  if ((until - since) % DAY_MS !== 0) refuse('since', `since (${u.since}) must be a whole number of days before until (${u.until}), as \`usage --since DAYS\` writes it`);
  const inWindow = (t: string, at: string): void => {
    const ms = Date.parse(t);
    if (ms < since || ms > until) refuse(at, `${at} (${t}) must fall in the window the file states, ${u.since} to ${u.until}`);
  };
  const seen = new Map<string, string>();
  const once = (org: string, at: string): void => {
    const first = seen.get(org);
    if (first !== undefined) refuse(at, `${at}: org ${JSON.stringify(org)} appears twice (first at ${first}); expected one result per org`);
    seen.set(org, at);
  };
  for (const o of u.orgs) {
    once(o.org, jsonPath(o.at, 'org'));
    if (!o.checked && (o.scopes.length > 0 || o.unexplained.length > 0)) {
      refuse(jsonPath(o.at, o.scopes.length > 0 ? 'scopes' : 'unexplained'), `${o.at} is not checked, so it must list no scope and no write`);
    }
    const lines = verifyLines(o, catalog, refuse, inWindow);
    verifyUnexplained(o, lines, catalog, refuse, inWindow);
    const total = o.scopes.reduce((a, s) => a + s.writes.reduce((b, w) => b + w.count, 0), 0) + o.unexplained.filter((x) => x.why === 'unmapped').reduce((a, x) => a + x.count, 0);
    if (o.events < total) refuse(jsonPath(o.at, 'events'), `${o.at}.events (${o.events}) must be at least ${total}, the writes this org lists`);
  }
  for (const e of u.errors) once(e.org, jsonPath(e.at, 'org'));
}

/** Each scope's line: once per org, observable by its kind, each write one the endpoint table gives it. */
function verifyLines(o: RawOrg, catalog: Catalog, refuse: Refuse, inWindow: (t: string, at: string) => void): Map<string, RawScope> {
  const lines = new Map<string, RawScope>();
  for (const s of o.scopes) {
    const first = lines.get(s.scope);
    if (first) refuse(jsonPath(s.at, 'scope'), `${s.at}: ${s.scope} appears twice in ${o.at}.scopes (first at ${first.at}); expected one line per scope`);
    lines.set(s.scope, s);
    const expected = isReadScope(s.scope) ? 'not-observable' : 'writes';
    if (s.observable !== expected) {
      const why = expected === 'not-observable' ? `${s.scope} is a read scope, and Okta does not log reads` : `${s.scope} is not a read scope, so its writes are logged`;
      refuse(jsonPath(s.at, 'observable'), `${s.at}.observable must be "${expected}": ${why}`);
    }
    const rows = new Set<string>();
    for (const w of s.writes) {
      if (rows.has(rowKey(w))) refuse(w.at, `${w.at} repeats an earlier write of ${s.scope} (same method, path and event); expected one row each`);
      rows.add(rowKey(w));
      const hit = scopeOfWrite(catalog, w.method, w.path);
      if (hit?.scope !== s.scope) {
        refuse(jsonPath(w.at, 'path'), `${w.at}: ${label(w)} must be a write of ${s.scope} to be listed under it, but the endpoint table gives it ${hit ? hit.scope : 'no one scope'}`);
      }
      if (hit.template !== w.path) refuse(jsonPath(w.at, 'path'), `${w.at}.path must be the endpoint's path template, ${hit.template}`);
      inWindow(w.lastSeen, jsonPath(w.at, 'lastSeen'));
    }
  }
  return lines;
}

/** Each unexplained write: its scope recomputed, and counted on that scope's own line too. */
function verifyUnexplained(o: RawOrg, lines: Map<string, RawScope>, catalog: Catalog, refuse: Refuse, inWindow: (t: string, at: string) => void): void {
  const rows = new Set<string>();
  const claimed = new Map<RawWrite, number>();
  for (const u of o.unexplained) {
    if (rows.has(rowKey(u))) refuse(u.at, `${u.at} repeats an earlier unexplained write (same method, path and event); expected one row each`);
    rows.add(rowKey(u));
    inWindow(u.lastSeen, jsonPath(u.at, 'lastSeen'));
    const hit = scopeOfWrite(catalog, u.method, u.path);
    if (!hit) {
      if (u.why !== 'unmapped') refuse(jsonPath(u.at, 'why'), `${u.at}.why must be "unmapped": no one scope's write operations match ${label(u)}`);
      if (u.scope !== undefined) refuse(jsonPath(u.at, 'scope'), `${u.at} must name no scope: no one scope's write operations match ${label(u)}`);
      continue;
    }
    if (u.why !== 'undeclared-scope' || u.scope !== hit.scope) {
      refuse(jsonPath(u.at, u.why !== 'undeclared-scope' ? 'why' : 'scope'), `${u.at} must say why "undeclared-scope" and scope ${hit.scope}: the endpoint table gives ${label(u)} that scope`, u.at);
    }
    const line = lines.get(hit.scope);
    if (!line) refuse(u.at, `${u.at}, a write of ${hit.scope}, must also be counted on that scope's own line in ${o.at}.scopes, which has none`);
    if (line.declared) refuse(jsonPath(line.at, 'declared'), `${line.at}.declared must be false: ${u.at} lists a write of ${hit.scope} as needing a scope no declared card needs`);
    const w = line.writes.find((x) => (x.method ?? '') === (u.method ?? '') && x.path === hit.template && x.eventType === u.eventType);
    if (!w) refuse(u.at, `${u.at} must also be counted on ${line.at}.writes (${label({ ...u, path: hit.template })}, ${u.eventType}), which lists no such write`);
    const sum = (claimed.get(w) ?? 0) + u.count;
    claimed.set(w, sum);
    if (sum > w.count) refuse(jsonPath(u.at, 'count'), `${u.at}: the unexplained writes of ${label(w)} add up to ${sum}, more than the ${w.count} counted on ${w.at}`);
    if (Date.parse(u.lastSeen) > Date.parse(w.lastSeen)) refuse(jsonPath(u.at, 'lastSeen'), `${u.at}.lastSeen (${u.lastSeen}) must be no later than ${w.at}.lastSeen (${w.lastSeen}), where the same write is counted`);
  }
  // The other way: every write of a scope no declared card needs is unexplained (a read scope may be
  // explained by its declared `.manage`, which this file need not list).
  for (const s of o.scopes) {
    if (s.declared || isReadScope(s.scope)) continue;
    for (const w of s.writes) {
      const n = claimed.get(w) ?? 0;
      if (n !== w.count) refuse(jsonPath(w.at, 'count'), `${w.at}: ${s.scope} is not declared, so each of its ${w.count} writes must be listed under ${o.at}.unexplained too (${n} are)`);
    }
  }
}
