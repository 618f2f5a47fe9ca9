import { isDerived, type Catalog, type CatalogCard, type Confidence } from '../catalog/types';
import type { CardUse, FlowDecl, Manifest, OrgDecl } from '../manifest/types';
import type { Diagnostic } from '../../util/diagnostics';
import { compareStrings } from '../../util/compare';
import type { Need, Reason, ResolvedOrg, ResolvedScope, Resolution } from './types';

/** The scopes one card use needs, and how sure we are. */
export function scopesOfUse(use: CardUse, catalog: Catalog): { scopes: string[]; confidence: Confidence | 'custom' } {
  return { scopes: useScopes(use, catalog), confidence: useConfidence(use) };
}

/** scopesOfUse's scopes alone (no pair object: this runs for every use of a large declaration). */
function useScopes(use: CardUse, catalog: Catalog): string[] {
  switch (use.origin) {
    case 'catalog':
      return use.call ? use.call.endpoint.scopes : use.card.scopes;
    case 'custom':
      return use.card.scopes;
    case 'unknown-event':
      return catalog.connector(use.connector)?.eventScopes ?? [];
  }
}

function useConfidence(use: CardUse): Confidence | 'custom' {
  if (use.origin === 'custom') return 'custom';
  return use.origin === 'catalog' && !use.call ? use.card.confidence : 'stated';
}

/**
 * The Need of one card use; built with one fixed shape, since a large declaration makes 50,000 of them.
 * `connectorName` is the catalog's display name of a connector key (looked up once per key by the caller).
 */
export function needOf(flow: FlowDecl, use: CardUse, connectorName: (key: string) => string, confidence: Need['confidence']): Need {
  const connector = connectorName(use.origin === 'unknown-event' ? use.connector : use.card.connector);
  const card = use.origin === 'unknown-event' ? use.name : use.card.name;
  const call = use.origin === 'catalog' && use.call ? { method: use.call.method, path: use.call.path, operationId: use.call.endpoint.operationId } : undefined;
  return { flow: flow.name, connector, card, call, confidence, loc: use.loc };
}

/** A flow's card uses, its trigger first. */
function usesOf(flow: FlowDecl): readonly CardUse[] {
  return flow.trigger ? [flow.trigger].concat(flow.cards) : flow.cards;
}

function appliesTo(orgs: string[] | undefined, org: OrgDecl): boolean {
  return orgs === undefined || orgs.includes(org.name);
}


/**
 * The one order of Needs: flow, connector, card, then the Custom API call (method, path, operation);
 * the location (file, line, column) only breaks remaining ties, so that no two distinct Needs tie.
 */
export function compareNeeds(a: Need, b: Need): number {
  return (
    compareStrings(a.flow, b.flow) ||
    compareStrings(a.connector, b.connector) ||
    compareStrings(a.card, b.card) ||
    compareStrings(a.call?.method ?? '', b.call?.method ?? '') ||
    compareStrings(a.call?.path ?? '', b.call?.path ?? '') ||
    compareStrings(a.call?.operationId ?? '', b.call?.operationId ?? '') ||
    compareStrings(a.loc.file, b.loc.file) ||
    a.loc.line - b.loc.line ||
    a.loc.column - b.loc.column
  );
}

export interface ResolveOptions {
  /** A review base: an org with no scope is a warning, as it used to be, not an error. */
  lenient?: boolean;
}

/** The reason that goes with a connection default a card calls with (`okta.realms.read`). */
export function defaultReason(connectors: string[]): string {
  return `granted by default with the ${connectors.join(' and ')} connection; listed so that an apply keeps it`;
}

/**
 * manifest → per org, the sorted scopes to grant, each with every card or reason that needs it.
 * Pure: no I/O. OIDC defaults are never emitted; an auto-granted Okta API scope (Realms'
 * okta.realms.read) is emitted wherever a card calls with it, because the grants resource is
 * authoritative and would otherwise revoke it. An org that resolves to no scope is an error (every
 * grant of its app would be revoked) unless it says `allowEmpty`.
 */
export function resolve(manifest: Manifest, catalog: Catalog, opts: ResolveOptions = {}): Resolution {
  const warnings: Diagnostic[] = [];
  const entries = sortedNeeds(manifest, catalog);
  // Orgs that the same flows and extra scopes apply to resolve alike: their scopes are computed once
  // and shared (60 orgs that every flow of a large declaration runs in hold one copy of its needs).
  const shared = new Map<string, ResolvedScope[]>();
  const orgLists = new Map<string, string[]>();
  for (const only of entries.orgs) if (only) orgLists.set(only.join('\u0000'), only);
  for (const { orgs: only } of manifest.extraScopes) if (only) orgLists.set(only.join('\u0000'), only);
  const orgs: ResolvedOrg[] = manifest.orgs.map((org) => {
    let key = '';
    for (const only of orgLists.values()) key += only.includes(org.name) ? '1' : '0';
    let resolved = shared.get(key);
    if (!resolved) shared.set(key, (resolved = scopesOf(org, entries, manifest, catalog)));
    const scopes = [...resolved];
    if (scopes.length === 0 && !org.allowEmpty) {
      warnings.push({
        severity: opts.lenient ? 'warning' : 'error',
        code: 'no-scopes',
        loc: org.loc,
        message: `org \`${org.name}\` resolves to no scope (no flow or extra scope applies to it): an apply of its stack would revoke every grant of its app`,
        hint: 'limit a flow to it with `orgs:`, or, if it must grant nothing, say so with `allowEmpty: {reason: …}` (no stack is synthesized for it)',
      });
    } else if (scopes.length > 0 && org.allowEmpty) {
      warnings.push({ severity: 'warning', code: 'allow-empty-unused', loc: org.loc, message: `org \`${org.name}\` says allowEmpty but resolves to ${scopes.length} scope${scopes.length === 1 ? '' : 's'}; its stack is synthesized`, hint: 'remove allowEmpty' });
    }
    return {
      name: org.name,
      domain: org.domain,
      issuer: org.issuer,
      app: org.app,
      scopes,
      // allowEmpty means "no stack": only true of an org that grants nothing. An org that says it but
      // resolves to scopes gets its stack (the warning above says so), else its grants go unmanaged.
      ...(org.allowEmpty && scopes.length === 0 ? { allowEmpty: org.allowEmpty } : {}),
      terraform: org.terraform,
      loc: org.loc,
    };
  });
  const inferred = inferredWarnings(manifest);
  warnings.push(...inferred.warnings, ...splitEvidenceWarnings(manifest), ...redundantExtras(manifest, orgs));
  return { orgs, warnings, ...(inferred.acknowledged > 0 ? { acknowledgedInferred: inferred.acknowledged } : {}) };
}

/** The sorted scopes an org grants, each with the needs (in order) and reasons behind it. */
function scopesOf(org: OrgDecl, entries: SortedNeeds, manifest: Manifest, catalog: Catalog): ResolvedScope[] {
  const needs = new Map<string, Need[]>();
  const reasons = new Map<string, Reason[]>();
  // Entries come sorted, so every scope's list is built already in order.
  for (const i of entries.order) {
    if (!appliesTo(entries.orgs[i], org)) continue;
    const need = entries.needs[i];
    for (const scope of entries.scopes[i]) {
      const list = needs.get(scope);
      if (list) list.push(need);
      else needs.set(scope, [need]);
    }
  }
  for (const [scope, list] of needs) {
    const connectors = catalog.isAutoGranted(scope) ? catalog.defaultOf(scope) : [];
    if (connectors.length > 0) reasons.set(scope, [{ reason: defaultReason(connectors), loc: list[0].loc, kind: 'connector-default' }]);
  }
  for (const extra of manifest.extraScopes) {
    if (!appliesTo(extra.orgs, org)) continue;
    reasons.set(extra.scope, [...(reasons.get(extra.scope) ?? []), { reason: extra.reason, loc: extra.loc }]);
  }
  const names = [...new Set([...needs.keys(), ...reasons.keys()])].sort(compareStrings);
  const scopes: ResolvedScope[] = [];
  for (const scope of names) {
    const neededBy = needs.get(scope) ?? [];
    // The connection default first, then extraScopes entries in file order.
    const why = (reasons.get(scope) ?? []).sort((a, b) => (a.kind ? 0 : 1) - (b.kind ? 0 : 1) || a.loc.line - b.loc.line);
    if (neededBy.length > 0) scopes.push({ scope, neededBy: neededBy as [Need, ...Need[]], reasons: why });
    else if (why.length > 0) scopes.push({ scope, neededBy: [], reasons: why as [Reason, ...Reason[]] });
  }
  return scopes;
}

/**
 * Every Need with, at the same index, its scopes to grant (OIDC defaults left out) and its flow's orgs
 * (undefined = every org); `order` lists the indexes as compareNeeds orders the needs. Parallel
 * arrays rather than an object per need: a large declaration has 50,000 of them, each kept until
 * every org is resolved.
 */
interface SortedNeeds {
  needs: Need[];
  scopes: string[][];
  orgs: (string[] | undefined)[];
  order: number[];
}

/**
 * Every card use's Need, computed once for all orgs and sorted as `compareNeeds` orders them. The
 * same card twice in a flow, or in two flows of the same name that run in the same orgs, is one Need.
 */
function sortedNeeds(manifest: Manifest, catalog: Catalog): SortedNeeds {
  // Scope lists are shared by every use of a card or endpoint: filter each list once.
  const grantable = new Map<readonly string[], string[]>();
  const names = new Map<string, string>();
  const connectorName = (key: string): string => {
    let name = names.get(key);
    if (name === undefined) names.set(key, (name = catalog.connector(key)?.name ?? key));
    return name;
  };
  // Sized once for every use (grown arrays would copy themselves as they grow), cut to length at the end.
  let uses = 0;
  for (const flow of manifest.flows) uses += flow.cards.length + (flow.trigger ? 1 : 0);
  const out: SortedNeeds = { needs: new Array<Need>(uses), scopes: new Array<string[]>(uses), orgs: new Array<string[] | undefined>(uses), order: [] };
  let n = 0;
  // A flow's uses are told apart in `flowSeen`, emptied for each flow (a large declaration has
  // thousands of flows: no set per flow). Only a group (name, folder and org list: the same name in
  // two folders is two flows) declared more than once keeps its uses, in `groupSeen`.
  const groups = groupCounts(manifest.flows);
  const groupSeen = new Map<string, Set<unknown>>();
  const flowSeen: unknown[] = [];
  for (const flow of manifest.flows) {
    const group = groupOf(flow);
    let seen: Set<unknown> | undefined;
    if ((groups.get(group) ?? 0) > 1) {
      seen = groupSeen.get(group);
      if (!seen) groupSeen.set(group, (seen = new Set()));
    }
    flowSeen.length = 0;
    const add = (use: CardUse): void => {
      // A catalog card by identity, a call or an unknown event by text.
      const identity =
        use.origin === 'unknown-event' ? `${use.connector}/${use.name}` : use.origin === 'catalog' && use.call ? `${use.card.connector} ${use.call.method} ${use.call.path}` : use.card;
      if (seen) {
        if (seen.has(identity)) return;
        seen.add(identity);
      } else {
        if (flowSeen.includes(identity)) return;
        flowSeen.push(identity);
      }
      const scopes = useScopes(use, catalog);
      let granted = grantable.get(scopes);
      if (!granted) grantable.set(scopes, (granted = scopes.filter((s) => !catalog.isOidcDefault(s))));
      if (granted.length === 0) return;
      out.needs[n] = needOf(flow, use, connectorName, useConfidence(use));
      out.scopes[n] = granted;
      out.orgs[n++] = flow.orgs;
    };
    if (flow.trigger) add(flow.trigger);
    for (let i = 0; i < flow.cards.length; i++) add(flow.cards[i]);
  }
  out.needs.length = out.scopes.length = out.orgs.length = n;
  const needs = out.needs;
  out.order = Array.from({ length: n }, (_, i) => i).sort((a, b) => compareNeeds(needs[a], needs[b]));
  return out;
}

/** The key under which two flow declarations are one flow: name, folder and org list. */
function groupOf(flow: FlowDecl): string {
  return `${flow.name}\u0000${flow.folder ?? ''}\u0000${flow.orgs ? flow.orgs.join(',') : '*'}`;
}

/** How many declarations each flow group has. */
function groupCounts(flows: readonly FlowDecl[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const flow of flows) {
    const group = groupOf(flow);
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return counts;
}

/**
 * One warning per inferred catalog card (not per use: a large org would drown in them), but for the
 * cards `policy.acknowledgeInferred` names: those are counted (the cards used, not the entries).
 */
function inferredWarnings(manifest: Manifest): { warnings: Diagnostic[]; acknowledged: number } {
  const acked = new Set(manifest.policy?.acknowledgeInferred.map((a) => a.card) ?? []);
  const uses = new Map<string, { first: CardUse; count: number }>();
  for (const flow of manifest.flows) {
    for (const use of usesOf(flow)) {
      if (use.origin !== 'catalog' || use.call || !isDerived(use.card.confidence)) continue;
      const key = `${use.card.connector}/${use.card.name}`;
      const seen = uses.get(key);
      if (seen) seen.count++;
      else uses.set(key, { first: use, count: 1 });
    }
  }
  const warned = [...uses.entries()].filter(([key]) => !acked.has(key)).map(([, u]) => u);
  return { warnings: warned.map(inferredWarning), acknowledged: uses.size - warned.length };
}

function inferredWarning({ first, count }: { first: CardUse; count: number }): Diagnostic {
  const card = (first as Extract<CardUse, { origin: 'catalog' }>).card;
  const also = card.alsoConsider.length ? `; it may also need ${card.alsoConsider.join(', ')}` : '';
  return {
    severity: 'warning' as const,
    code: 'inferred-card',
    loc: first.loc,
    message: `\`${first.ref}\`: scopes (${card.scopes.join(', ')}) are not all stated by Okta: ${derivedEvidence(card)}${count > 1 ? ` (${count} uses)` : ''}${also}`,
    hint: 'if a run fails with 403, `wf-scopes explain` the www-authenticate header and add the scope under extraScopes, or, once checked, list the card under policy.acknowledgeInferred with the reason',
  };
}

/** One warning per catalog card whose sources disagree about a scope (the card's `split` says how). */
function splitEvidenceWarnings(manifest: Manifest): Diagnostic[] {
  const uses = new Map<CatalogCard, { first: CardUse; count: number }>();
  for (const flow of manifest.flows) {
    for (const use of usesOf(flow)) {
      if (use.origin !== 'catalog' || use.card.split === undefined) continue;
      const seen = uses.get(use.card);
      if (seen) seen.count++;
      else uses.set(use.card, { first: use, count: 1 });
    }
  }
  return [...uses.entries()].map(([card, { first, count }]) => ({
    severity: 'warning' as const,
    code: 'split-evidence',
    loc: first.loc,
    message: `\`${first.ref}\`: the sources disagree${count > 1 ? ` (${count} uses)` : ''}: ${card.split ?? ''}`,
    hint: card.alsoConsider.length
      ? `if a run fails with 403 naming ${card.alsoConsider.join(' or ')}, add it under extraScopes with the reason`
      : 'if a run fails with 403, `wf-scopes explain` the www-authenticate header and add the scope under extraScopes',
  }));
}

/** `okta.users.read inferred from its endpoint, okta.schemas.read by analogy with Okta/Create User`. */
function derivedEvidence(card: CatalogCard): string {
  return card.evidence
    .filter((e) => isDerived(e.evidence))
    .map((e) => (e.evidence === 'inferred' ? `${e.scope} inferred from the API endpoint it calls` : `${e.scope} by analogy with ${e.like ?? 'a stated card'}`))
    .join(', ');
}

/** An extraScopes entry that a card already needs says something that is no longer true. */
function redundantExtras(manifest: Manifest, orgs: ResolvedOrg[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const extra of manifest.extraScopes) {
    const needing = orgs.filter((o) => appliesTo(extra.orgs, { name: o.name } as OrgDecl)).flatMap((o) => o.scopes.filter((s) => s.scope === extra.scope && s.neededBy.length > 0));
    if (needing.length === 0) continue;
    const first = needing[0].neededBy[0];
    out.push({
      severity: 'warning',
      code: 'redundant-extra-scope',
      loc: extra.loc,
      message: `extra scope \`${extra.scope}\` is also needed by ${first.connector}/${first.card} in flow \`${first.flow}\``,
      hint: 'keep it only if it must stay granted when that flow goes away',
    });
  }
  return out;
}
