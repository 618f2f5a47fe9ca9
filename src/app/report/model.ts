import type { Catalog, CatalogCard } from '../../core/catalog/types';
import { compareStrings } from '../../core/drift/order';
import { cardLabel, useLabel } from '../../core/wording';
import { limit } from '../../util/limits';
import type { CardUse, FlowDecl } from '../../core/manifest/types';
import { flowIndex, type FlowIndex } from './flow-index';
import type { Need, Reason, ResolvedOrg } from '../../core/resolve/types';
import { compareRisk, type RiskLevel } from '../../core/risk';
import type { DriftOrgInput } from '../../output/diff/drift-input';
import { checkOrgDrift, driftOrgsByName } from '../../output/diff/drift-verify';
import { decide } from './decision';
import { strongest, weakest, type EvidenceLevel } from './evidence';
import { exceptionsFor, orgPolicy } from './exceptions';
import type { AccessReport, AccessReportInput, FlowNeed, FlowRow, OrgAccess, OrgDriftView, ScopeAccess, ScopeGrantStatus } from './types';

/**
 * The pure core: the resolved declaration, its policy evaluation, risk, catalog evidence and an
 * optional drift result → the report's content. Throws UserError when the drift result cannot be
 * about this declaration (a stale file would otherwise show the wrong missing and extra scopes).
 */
export function buildAccessReport(input: AccessReportInput): AccessReport {
  const wanted = input.orgs ? new Set(input.orgs) : undefined;
  const declared = new Set(input.resolution.orgs.map((o) => o.name));
  const driftByOrg = driftOrgsByName(input, declared);
  // Orgs that run the same flows share what those flows give the report (built once per group): 60
  // orgs of 50,000 flows would otherwise hold 3 million flow rows.
  // Orgs that run different flows still share each flow's rows and cards (flow-index.ts).
  const groupOf = flowGroups(input.manifest.flows);
  const index = flowIndex(input.manifest.flows);
  const labels = new Map<CardUse, string>();
  const labelOf = (use: CardUse): string => {
    let label = labels.get(use);
    if (label === undefined) labels.set(use, (label = useLabel(use, input.catalog)));
    return label;
  };
  const parts = new Map<string, FlowPart>();
  const partOf = (org: string): FlowPart => {
    const key = groupOf(org);
    let part = parts.get(key);
    if (!part) parts.set(key, (part = { flows: flowsOf(input.manifest.flows, org), scopes: new Map(), labelOf, ...(index ? { index } : {}) }));
    return part;
  };
  const orgs = input.resolution.orgs.filter((o) => !wanted || wanted.has(o.name)).map((o) => orgAccess(input, o, partOf(o.name), driftByOrg.get(o.name)));
  return {
    generatedAt: input.generatedAt,
    today: input.today,
    toolVersion: input.toolVersion,
    declaration: input.declaration,
    ...(input.drift ? { drift: input.drift.ref } : {}),
    ...(input.usage ? { usage: { ...input.usage.ref, evidence: input.usage.input } } : {}),
    orgs,
    ...(input.controls ? { controls: input.controls } : {}),
    foldAt: input.foldAt ?? limit('maxReportItems'),
  };
}

function appliesTo(orgs: string[] | undefined, name: string): boolean {
  return orgs === undefined || orgs.includes(name);
}

/** What the flows of an org give its report: the same for every org that runs the same flows. */
interface FlowPart {
  flows: FlowDecl[];
  /** The matrix rows and the distinct cards, built on first use. */
  rows?: { flows: FlowRow[]; cards: number };
  /** Per scope: its evidence and the flows that need it. */
  scopes: Map<string, Pick<ScopeAccess, 'evidence' | 'strongestEvidence' | 'neededBy'>>;
  /** Per scope: `flow: card` of each card that needs it (a missing scope's failing cards). */
  failing?: Map<string, string[]>;
  folderOf?: Map<string, string | undefined>;
  /** The declaration's flows indexed once (when their names are unique): rows and cards shared by every org. */
  index?: FlowIndex;
  /** A card use's catalog reference, made once per use. */
  labelOf: (use: CardUse) => string;
}

/** A key shared by the orgs that run the same flows: whether each distinct `orgs:` list names the org. */
function flowGroups(flows: readonly FlowDecl[]): (org: string) => string {
  const lists = new Map<string, ReadonlySet<string>>();
  for (const f of flows) if (f.orgs) lists.set(f.orgs.join('\u0000'), new Set(f.orgs));
  const sets = [...lists.values()];
  return (org) => sets.map((s) => (s.has(org) ? '1' : '0')).join('');
}

function sharedScope(part: FlowPart, s: ResolvedOrg['scopes'][number], evidenceOf: (n: Need, scope: string) => EvidenceLevel): Pick<ScopeAccess, 'evidence' | 'strongestEvidence' | 'neededBy'> {
  let shared = part.scopes.get(s.scope);
  if (!shared && part.index) {
    const neededBy = part.index.neededBy(s.scope, s.neededBy, (n) => evidenceOf(n, s.scope));
    // Each card's level, in the order of the needs (the first of equal rank wins, as below).
    const levels = new Set<EvidenceLevel>();
    for (const f of neededBy) for (const c of f.cards) levels.add(c.evidence);
    shared = { evidence: weakest(levels) ?? 'reason', strongestEvidence: strongest(levels) ?? 'reason', neededBy };
    part.scopes.set(s.scope, shared);
  }
  if (!shared) {
    const folderOf = (part.folderOf ??= new Map(part.flows.map((f) => [f.name, f.folder])));
    const levels = s.neededBy.map((n) => evidenceOf(n, s.scope));
    shared = {
      evidence: weakest(levels) ?? 'reason',
      strongestEvidence: strongest(levels) ?? 'reason',
      neededBy: groupByFlow(s.neededBy, folderOf, (n) => evidenceOf(n, s.scope)),
    };
    part.scopes.set(s.scope, shared);
  }
  return shared;
}

function flowRowsOf(part: FlowPart, org: ResolvedOrg): { flows: FlowRow[]; cards: number } {
  if (part.rows) return part.rows;
  const cards = new Set<string>();
  for (const f of part.flows) for (const use of f.trigger ? [f.trigger, ...f.cards] : f.cards) cards.add(part.labelOf(use));
  // The index filed each flow's cards as the org's scopes were built.
  if (part.index) return (part.rows = { flows: part.index.rowsOf(part.flows), cards: cards.size });
  const rows = new Map<string, FlowRow>();
  for (const f of part.flows) if (!rows.has(f.name)) rows.set(f.name, { flow: f.name, ...(f.folder !== undefined ? { folder: f.folder } : {}), needs: new Map() });
  for (const s of org.scopes) {
    for (const n of s.neededBy) {
      const row = rows.get(n.flow);
      if (!row) continue;
      const cards = row.needs.get(s.scope);
      if (cards) cards.push(cardLabel(n));
      else row.needs.set(s.scope, [cardLabel(n)]);
    }
  }
  const flows = [...rows.values()].sort((a, b) => compareStrings(a.folder ?? '\uffff', b.folder ?? '\uffff') || compareStrings(a.flow, b.flow));
  return (part.rows = { flows, cards: cards.size });
}

function orgAccess(input: AccessReportInput, org: ResolvedOrg, part: FlowPart, drift: DriftOrgInput | undefined): OrgAccess {
  const policy = orgPolicy(input, org.name);
  const view = driftView(input, org, part, drift);

  const evidenceOf = scopeEvidence(input.catalog);
  const scopes: ScopeAccess[] = org.scopes.map((s) => {
    const risk = input.risk(s.scope);
    const shared = sharedScope(part, s, evidenceOf);
    return {
      scope: s.scope,
      ...descriptionOf(input.catalog, s.scope),
      risk: { level: risk.level, rationale: risk.rationale },
      evidence: shared.evidence,
      strongestEvidence: shared.strongestEvidence,
      neededBy: shared.neededBy,
      reasons: s.reasons.filter((r) => r.kind !== 'connector-default').map((r) => r.reason),
      ...keptDefaultOf(s.reasons),
      exceptions: exceptionsFor(input, org.name, s.scope, policy.exceptions),
      status: statusOf(s.scope, view),
    };
  });
  scopes.sort((a, b) => compareRisk(a.risk.level, b.risk.level) || compareStrings(a.scope, b.scope));

  const rows = flowRowsOf(part, org);
  const byRisk: Record<RiskLevel, number> = { high: 0, medium: 0, low: 0 };
  for (const s of scopes) byRisk[s.risk.level]++;

  return {
    name: org.name,
    domain: org.domain,
    issuer: org.issuer,
    app: org.app.id !== undefined ? { label: org.app.label, id: org.app.id } : { label: org.app.label },
    totals: { scopes: scopes.length, byRisk, flows: rows.flows.length, cards: rows.cards },
    scopes,
    flows: rows.flows,
    policy,
    drift: view,
    decision: decide({ scopes, drift: view, policy, risk: input.risk, defaults: input.catalog.defaults }),
  };
}

function keptDefaultOf(reasons: readonly Reason[]): { keptDefault?: string } {
  const d = reasons.find((r) => r.kind === 'connector-default');
  return d ? { keptDefault: d.reason } : {};
}

/** The catalog's description without its provenance tags (`[WF-LISTED]`), which mean nothing to a reader. */
function descriptionOf(catalog: Catalog, scope: string): { description?: string } {
  const d = catalog.scope(scope)?.description.replace(/\s*\[[A-Z][A-Z-]*\]/g, '').trim();
  return d ? { description: d } : {};
}

function flowsOf(flows: FlowDecl[], org: string): FlowDecl[] {
  return flows.filter((f) => appliesTo(f.orgs, org));
}

/**
 * The evidence behind one scope of one need. The catalog labels each scope of a card on its own (Read
 * User: okta.users.read inferred, okta.schemas.read by analogy), so the card's weakest level would
 * understate the scopes that are better backed. Custom API calls, custom cards and unknown event cards
 * keep the resolver's level. Looked up once per card.
 */
function scopeEvidence(catalog: Catalog): (n: Need, scope: string) => EvidenceLevel {
  const cards = new Map<string, CatalogCard | undefined>();
  return (n, scope) => {
    if (n.call || n.confidence === 'custom') return n.confidence;
    const ref = `${n.connector}/${n.card}`;
    if (!cards.has(ref)) {
      const hit = catalog.findCard(ref);
      cards.set(ref, hit.ok ? hit.card : undefined);
    }
    return cards.get(ref)?.evidence.find((e) => e.scope === scope)?.evidence ?? n.confidence;
  };
}

function groupByFlow(needs: Need[], folderOf: Map<string, string | undefined>, evidenceOf: (n: Need) => EvidenceLevel): FlowNeed[] {
  const out = new Map<string, FlowNeed>();
  for (const n of needs) {
    let f = out.get(n.flow);
    if (!f) {
      const folder = folderOf.get(n.flow);
      out.set(n.flow, (f = { flow: n.flow, ...(folder !== undefined ? { folder } : {}), cards: [] }));
    }
    f.cards.push({ card: cardLabel(n), evidence: evidenceOf(n) });
  }
  return [...out.values()].sort((a, b) => compareStrings(a.flow, b.flow));
}

function statusOf(scope: string, view: OrgDriftView): ScopeGrantStatus {
  if (view.kind === 'not-checked') return { kind: 'not-checked' };
  if (view.missing.some((m) => m.scope === scope)) return { kind: 'missing' };
  const c = view.covered.find((x) => x.scope === scope);
  return c ? { kind: 'covered', by: c.coveredBy } : { kind: 'granted' };
}

function driftView(input: AccessReportInput, org: ResolvedOrg, part: FlowPart, drift: DriftOrgInput | undefined): OrgDriftView {
  const check = checkOrgDrift(input, org, drift);
  if (check.kind === 'not-given') return { kind: 'not-checked', why: 'no drift result given (--drift)' };
  if (check.kind === 'failed') return { kind: 'not-checked', why: `the diff could not read this org (${check.failed.code})`, failed: check.failed };
  if (check.kind === 'absent') return { kind: 'not-checked', why: `${check.file} has no result for this org` };
  const { d, truth, unknown } = check;
  // The same for every org of the group: built once per scope.
  const failing = (scope: string, ns: readonly Need[]): string[] => {
    const known = (part.failing ??= new Map()).get(scope);
    if (known) return known;
    const list = [...new Set(ns.map((n) => `${n.flow}: ${cardLabel(n)}`))].sort(compareStrings);
    part.failing.set(scope, list);
    return list;
  };
  const bySeverity = <T extends { scope: string; risk: RiskLevel }>(a: T, b: T) => compareRisk(a.risk, b.risk) || compareStrings(a.scope, b.scope);
  return {
    kind: 'checked',
    source: d.source,
    app: d.app,
    inSync: truth.inSync,
    granted: [...truth.granted],
    unknown: unknown.map((u) => ({ scope: u.scope ?? '', status: u.status || '(none)' })).sort((a, b) => compareStrings(a.scope, b.scope)),
    missing: truth.missing.map((m) => ({ scope: m.scope, risk: input.risk(m.scope).level, failing: failing(m.scope, m.neededBy), reasons: [...m.reasons].sort(compareStrings) })).sort(bySeverity),
    covered: truth.coveredByBroader.map((c) => ({ scope: c.scope, coveredBy: c.coveredBy })).sort((a, b) => compareStrings(a.scope, b.scope)),
    extra: truth.extra
      .map((e) => {
        const r = input.risk(e.scope);
        return { scope: e.scope, risk: r.level, rationale: r.rationale, ...(e.breaksConnections?.length ? { breaksConnections: [...e.breaksConnections] } : {}) };
      })
      .sort(bySeverity),
    issuerMismatches: [...d.issuerMismatches].sort((a, b) => compareStrings(a.scope, b.scope) || compareStrings(a.issuer, b.issuer)),
    ...(d.plan ? { plan: { toGrant: [...d.plan.toGrant].sort(compareStrings), toRevoke: [...d.plan.toRevoke].sort(compareStrings), coversDeclaration: truth.plan?.coversDeclaration ?? d.plan.coversDeclaration } } : {}),
  };
}
