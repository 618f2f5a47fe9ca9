// The lookups behind explain: catalog operations and cards, a scope's grant per org, and the flows that use it.
import type { Catalog, CatalogCard, EndpointRow } from '../../core/catalog/types';
import { compareStrings } from '../../core/drift/order';
import type { FlowDecl } from '../../core/manifest/types';
import { scopesOfUse } from '../../core/resolve/resolve';
import type { ResolvedOrg } from '../../core/resolve/types';
import { needLabel, useLabel } from '../../core/wording';
import type { CardInfo, FlowUse, OperationInfo, OrgGrant } from './explain';
import { HTTP_METHODS } from './input';

/** Custom API calls listed per scope before "and N more": enough to recognise the family. */
const MAX_CALLS = 5;

export function operationInfo(row: EndpointRow, wanted: string[]): OperationInfo {
  return {
    method: row.method,
    path: row.path,
    operationId: row.operationId,
    requires: [...row.scopes],
    needsExplainedScope: row.scopes.some((s) => wanted.includes(s)),
  };
}

/** The header does not say which method was refused, so every method of the path is a candidate. */
export function matchAnyMethod(path: string, catalog: Catalog): OperationInfo[] {
  const out: OperationInfo[] = [];
  const seen = new Set<string>();
  for (const method of HTTP_METHODS) {
    const m = catalog.matchEndpoint(method, path);
    if (!m) continue;
    const id = `${m.row.method} ${m.row.path}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(operationInfo(m.row, []));
  }
  return out;
}

function cardInfo(card: CatalogCard, catalog: Catalog): CardInfo {
  return {
    ref: catalog.refOf(card),
    connector: catalog.connector(card.connector)?.name ?? card.connector,
    kind: card.kind,
    confidence: card.confidence,
    customApi: card.customApi,
  };
}

/** `METHOD /template` of a card's endpoint, normalised through the endpoint table so parameter names need not agree. */
function endpointId(endpoint: string, catalog: Catalog): string | undefined {
  const m = /^([A-Za-z]+)\s+(\S+)$/.exec(endpoint.trim());
  if (!m) return undefined;
  const row = catalog.matchEndpoint(m[1], m[2])?.row;
  return row ? `${row.method} ${row.path}` : `${m[1].toUpperCase()} ${m[2]}`;
}

/** Cards (other than Custom API Action) whose endpoints include one of the operations. */
export function cardsCalling(ops: { method: string; path: string }[], catalog: Catalog): CardInfo[] {
  const ids = new Set(ops.map((o) => `${o.method} ${o.path}`));
  if (ids.size === 0) return [];
  return catalog.cards
    .filter((c) => !c.customApi && c.endpoints.some((e) => ids.has(endpointId(e, catalog) ?? '')))
    .sort(byConnectorThenName(catalog))
    .map((c) => cardInfo(c, catalog));
}

/** Catalog connector order (Okta first), then card name: `Okta Realms/…` must not sort before `Okta/…`. */
function byConnectorThenName(catalog: Catalog): (a: CatalogCard, b: CatalogCard) => number {
  const rank = (c: CatalogCard) => catalog.connectors.findIndex((k) => k.key === c.connector);
  return (a, b) => rank(a) - rank(b) || compareStrings(a.name, b.name);
}

/**
 * Every catalog card that needs the scope: the cards calling the refused operation first, the rest by
 * name, then each connector's Custom API Action with the calls that need the scope.
 */
export function cardsNeeding(scope: string, refusedRows: string[], resourceRefs: Set<string>, catalog: Catalog): CardInfo[] {
  const first = (c: CatalogCard) => Number(resourceRefs.has(catalog.refOf(c)));
  const byName = byConnectorThenName(catalog);
  const plain = catalog.cards
    .filter((c) => !c.customApi && c.scopes.includes(scope))
    .sort((a, b) => first(b) - first(a) || byName(a, b))
    .map((c) => cardInfo(c, catalog));
  const calls = catalog.endpoints.filter((e) => e.scopes.includes(scope)).map((e) => `${e.method} ${e.path}`);
  if (calls.length === 0) return plain;
  const ordered = [...refusedRows.filter((r) => calls.includes(r)), ...calls.filter((c) => !refusedRows.includes(c)).sort(compareStrings)];
  const custom = catalog.cards
    .filter((c) => c.customApi)
    .map((c): CardInfo => {
      const shown = ordered.slice(0, MAX_CALLS);
      return { ...cardInfo(c, catalog), calls: shown, ...(ordered.length > shown.length ? { moreCalls: ordered.length - shown.length } : {}) };
    });
  return [...plain, ...custom];
}

export function orgGrant(org: ResolvedOrg, scope: string, catalog: Catalog): OrgGrant {
  if (catalog.isOidcDefault(scope)) return { org: org.name, status: 'auto-granted', neededBy: [], reasons: [] };
  const s = org.scopes.find((x) => x.scope === scope);
  if (!s && catalog.isAutoGranted(scope)) return { org: org.name, status: 'default-unlisted', neededBy: [], reasons: [] };
  // A kept connection default's reason is no extraScopes entry: the cards already say why it is listed.
  if (s) return { org: org.name, status: 'granted', neededBy: s.neededBy.map(needLabel), reasons: s.reasons.filter((r) => r.kind !== 'connector-default').map((r) => r.reason) };
  // Okta: a `.manage` scope allows what its `.read` does; say so, but the catalog still asks for the `.read`.
  const broader = scope.endsWith('.read') ? `${scope.slice(0, -'.read'.length)}.manage` : undefined;
  const covered = broader !== undefined && org.scopes.some((x) => x.scope === broader);
  return { org: org.name, status: 'not-granted', neededBy: [], reasons: [], ...(covered ? { coveredBy: broader } : {}) };
}

export function flowUses(flows: FlowDecl[], wanted: Set<string>, refused: OperationInfo[], resourceRefs: Set<string>, catalog: Catalog): FlowUse[] {
  const refusedIds = new Set(refused.map((o) => `${o.method} ${o.path}`));
  const out: FlowUse[] = [];
  for (const flow of flows) {
    for (const use of flow.trigger ? [flow.trigger, ...flow.cards] : flow.cards) {
      const because: string[] = [];
      if (use.origin === 'catalog') {
        if (use.call && refusedIds.has(`${use.call.endpoint.method} ${use.call.endpoint.path}`)) because.push(`calls ${use.call.endpoint.method} ${use.call.endpoint.path}`);
        else if (!use.call && resourceRefs.has(catalog.refOf(use.card))) because.push(`calls ${refused.map((o) => `${o.method} ${o.path}`).join(', ')}`);
      }
      for (const s of scopesOfUse(use, catalog).scopes) if (wanted.has(s)) because.push(`needs ${s}`);
      if (because.length === 0) continue;
      out.push({ flow: flow.name, ...(flow.orgs ? { orgs: [...flow.orgs] } : {}), card: useLabel(use, catalog), because, loc: use.loc });
    }
  }
  return out;
}
