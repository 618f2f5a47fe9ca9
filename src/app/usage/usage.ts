import type { Catalog } from '../../core/catalog/types';
import type { EventRecord, SourceRead } from '../../core/connection/types';
import { isReadScope } from '../../core/scopes';

/**
 * `wf-scopes usage`: what the Workflows OAuth app's client wrote in the System Log window, per granted
 * scope, through the endpoint table; and the writes no declared card explains. Okta logs state-changing
 * calls only, so a read scope is "not observable": no scope is ever called unused for want of events.
 */

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface ScopeWrite {
  /** The HTTP method when the event gives it. */
  method?: string;
  /** The endpoint's path template (`/api/v1/users/{userId}/lifecycle/suspend`). */
  path: string;
  eventType: string;
  count: number;
  lastSeen: string;
}

export interface ScopeUsage {
  scope: string;
  /** Whether a card or extraScopes of scopes.yaml needs it. */
  declared: boolean;
  /** `writes`: writes are logged, so the count means something; `not-observable`: a read scope. */
  observable: 'writes' | 'not-observable';
  writes: ScopeWrite[];
}

export interface UnexplainedWrite {
  method?: string;
  /** The path the call was made to, without its query. */
  path: string;
  eventType: string;
  /** The scope the endpoint table maps it to; absent when no one scope's write operations match it. */
  scope?: string;
  why: 'undeclared-scope' | 'unmapped';
  count: number;
  lastSeen: string;
}

export interface OrgUsage {
  org: string;
  /** False: the log could not be read; `reason` says why, and no scope is reported. */
  checked: boolean;
  reason?: string;
  /** Events of the app's client read in the window (token and connection events included). */
  events: number;
  scopes: ScopeUsage[];
  unexplained: UnexplainedWrite[];
}

export interface UsageReport {
  since: string;
  until: string;
  orgs: OrgUsage[];
  /** Orgs whose grants could not be read at all. */
  errors: { org: string; code: string; message: string; hint?: string }[];
}

export interface OrgUsageInput {
  org: string;
  granted: readonly string[];
  required: readonly string[];
  log: SourceRead<EventRecord>;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function pathOf(uri: string): string {
  const q = uri.search(/[?#]/);
  return q < 0 ? uri : uri.slice(0, q);
}

/**
 * The one scope the write operations matching `path` (of `method`, when known) require; undefined when
 * none match, or operations of several scopes do.
 */
export function scopeOfWrite(catalog: Catalog, method: string | undefined, path: string): { scope: string; template: string } | undefined {
  const methods = method ? [method] : WRITE_METHODS;
  const scopes = new Set<string>();
  const templates = new Set<string>();
  for (const m of methods) {
    const hit = catalog.matchEndpoint(m, path);
    if (!hit) continue;
    for (const s of hit.row.scopes) scopes.add(s);
    templates.add(hit.row.path);
  }
  if (scopes.size !== 1) return undefined;
  return { scope: [...scopes][0], template: templates.size === 1 ? [...templates][0] : path };
}

export function orgUsage(input: OrgUsageInput, catalog: Catalog): OrgUsage {
  if (!input.log.ok) return { org: input.org, checked: false, reason: input.log.reason, events: 0, scopes: [], unexplained: [] };
  const required = new Set(input.required);
  const writes = new Map<string, Map<string, ScopeWrite>>();
  const unexplained = new Map<string, UnexplainedWrite>();
  const bump = <T extends { count: number; lastSeen: string }>(m: Map<string, T>, key: string, make: () => T, at: string): void => {
    const seen = m.get(key);
    if (seen) {
      seen.count++;
      if (at > seen.lastSeen) seen.lastSeen = at;
    } else m.set(key, make());
  };
  for (const e of input.log.items) {
    if (e.requestUri === undefined || e.method === 'GET' || e.method === 'HEAD') continue;
    const path = pathOf(e.requestUri);
    const hit = scopeOfWrite(catalog, e.method, path);
    const methodKey = e.method ?? '';
    // A write whose scope the endpoint table knows counts on that scope's line, explained or not.
    if (hit) {
      let perScope = writes.get(hit.scope);
      if (!perScope) writes.set(hit.scope, (perScope = new Map()));
      bump(perScope, `${methodKey} ${hit.template} ${e.eventType}`, () => ({ ...(e.method ? { method: e.method } : {}), path: hit.template, eventType: e.eventType, count: 1, lastSeen: e.published }), e.published);
      if (isExplained(hit.scope, required)) continue;
    }
    bump(
      unexplained,
      `${methodKey} ${path} ${e.eventType}`,
      () => ({ ...(e.method ? { method: e.method } : {}), path, eventType: e.eventType, ...(hit ? { scope: hit.scope } : {}), why: hit ? 'undeclared-scope' : 'unmapped', count: 1, lastSeen: e.published }),
      e.published,
    );
  }
  const scopes: ScopeUsage[] = [...new Set([...input.granted, ...writes.keys()])].sort(byText).map((scope) => ({
    scope,
    declared: required.has(scope),
    observable: isReadScope(scope) ? 'not-observable' : 'writes',
    writes: [...(writes.get(scope)?.values() ?? [])].sort((a, b) => byText(a.path, b.path) || byText(a.method ?? '', b.method ?? '') || byText(a.eventType, b.eventType)),
  }));
  return {
    org: input.org,
    checked: true,
    events: input.log.items.length,
    scopes,
    unexplained: [...unexplained.values()].sort((a, b) => byText(a.path, b.path) || byText(a.method ?? '', b.method ?? '') || byText(a.eventType, b.eventType)),
  };
}

/**
 * A write is explained when the declaration requires its scope, or (for the few write operations a
 * `.read` scope allows) that scope's `.manage`, which does everything the `.read` does.
 */
export function isExplained(scope: string, required: ReadonlySet<string>): boolean {
  return required.has(scope) || (scope.endsWith('.read') && required.has(scope.replace(/\.read$/, '.manage')));
}
