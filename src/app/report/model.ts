import type { Catalog, CatalogCard } from '../../core/catalog/types';
import { compareOrg } from '../../core/drift/compare';
import { compareStrings } from '../../core/drift/order';
import type { ActualGrants, OrgDrift } from '../../core/drift/types';
import type { CardUse, FlowDecl, Manifest, Suppression } from '../../core/manifest/types';
import type { PolicyResult } from '../../core/policy/evaluate';
import type { Need, Reason, Resolution, ResolvedOrg } from '../../core/resolve/types';
import { compareRisk, globMatch, RISK_LEVELS, type Risk, type RiskLevel } from '../../core/risk';
import { formatLoc, UserError } from '../../util/diagnostics';
import type { DriftInput, DriftOrgError, DriftOrgFinding, DriftOrgInput, DriftSource } from './drift-input';
import { strongest, type EvidenceLevel } from './evidence';
import type { UsageEvidence } from '../usage/parse';

/** What the access report shows: built once, rendered as HTML or markdown (same content). */
export interface AccessReport {
  /** ISO 8601, UTC, as pinned by --now / WF_SCOPES_TODAY or read from the clock. */
  generatedAt: string;
  /** YYYY-MM-DD: the day suppression expiry is judged on. */
  today: string;
  toolVersion: string;
  /** The declaration as the user named it, and the SHA-256 of its bytes, so the evidence is pinned. */
  declaration: FileRef;
  drift?: FileRef;
  /** `--usage`: the usage result (pinned by its SHA-256) and the last-seen evidence it gives. */
  usage?: FileRef & { evidence: UsageEvidence };
  orgs: OrgAccess[];
}

export interface FileRef {
  file: string;
  sha256: string;
}

export interface OrgAccess {
  name: string;
  domain: string;
  issuer: string;
  app: { label: string; id?: string };
  totals: { scopes: number; byRisk: Record<RiskLevel, number>; flows: number; cards: number };
  /** Most severe first, then by name. */
  scopes: ScopeAccess[];
  /** Matrix rows, by folder then name; a flow that needs no scope is still a row. */
  flows: FlowRow[];
  /** Matrix columns: `scopes` in the same order. */
  policy: OrgPolicy;
  drift: OrgDriftView;
}

export interface CardNeed {
  /** `Okta/Read User`, or `Okta/Custom API Action (GET /api/v1/logs)`. */
  card: string;
  evidence: EvidenceLevel;
}

export interface FlowNeed {
  flow: string;
  folder?: string;
  cards: CardNeed[];
}

export type ScopeGrantStatus =
  | { kind: 'granted' }
  | { kind: 'missing' }
  | { kind: 'covered'; by: string }
  | { kind: 'not-checked' };

export interface ScopeAccess {
  scope: string;
  description?: string;
  risk: { level: RiskLevel; rationale: string };
  /** The strongest evidence among the cards that need it; `reason` for an extraScopes-only scope. */
  evidence: EvidenceLevel;
  /** By flow name. */
  neededBy: FlowNeed[];
  /** extraScopes reasons. */
  reasons: string[];
  /** Why a connection default (okta.realms.read) is listed although the connection grants it: not an extraScopes entry. */
  keptDefault?: string;
  exceptions: PolicyException[];
  status: ScopeGrantStatus;
}

export interface FlowRow {
  flow: string;
  folder?: string;
  /** scope → the cards of this flow that need it. */
  needs: Map<string, string[]>;
}

export type ExceptionStatus = 'active' | 'expired';

/** A policy suppression: an exception a person approved, with its reason and expiry. */
export interface PolicyException {
  rule: string;
  /** What it covers, as written: `scope okta.roles.* · flow Delegated admin`. */
  target: string;
  reason: string;
  expires?: string;
  status: ExceptionStatus;
  /** How many findings of this org it suppresses today (0 when expired or unused). */
  covers: number;
  /** `scopes.yaml:40:7`. */
  at: string;
}

export interface OrgPolicy {
  declared: boolean;
  violations: { rule: string; message: string; at: string }[];
  exceptions: PolicyException[];
}

export type OrgDriftView =
  | {
      kind: 'not-checked';
      why: string;
      /** The diff could not read the org (its `errors`, finding WFS005): shown as an error, not a note. */
      failed?: { code: string; message: string; hint?: string };
    }
  | {
      kind: 'checked';
      source: DriftSource;
      app: { id: string; label?: string };
      /** Recomputed from the file's `granted` (or plan) and this declaration, never taken on trust. */
      inSync: boolean;
      /** Grants of unknown status (finding WFS007): they may hold their scope, so the org is not in sync. */
      unknown: { scope: string; status: string }[];
      missing: { scope: string; risk: RiskLevel; failing: string[]; reasons: string[] }[];
      covered: { scope: string; coveredBy: string }[];
      extra: { scope: string; risk: RiskLevel; rationale: string }[];
      issuerMismatches: { scope: string; issuer: string }[];
      plan?: { toGrant: string[]; toRevoke: string[]; coversDeclaration: boolean };
    };

export interface AccessReportInput {
  manifest: Manifest;
  resolution: Resolution;
  policy: PolicyResult;
  catalog: Catalog;
  risk: (scope: string) => Risk;
  generatedAt: string;
  today: string;
  toolVersion: string;
  declaration: FileRef;
  /** Only these orgs (validated by the caller); default every org. */
  orgs?: string[];
  drift?: { ref: FileRef; input: DriftInput };
  usage?: { ref: FileRef; input: UsageEvidence };
}

const DRIFT_HINT = 'rerun `wf-scopes diff --format json` against this scopes.yaml and pass its output';

/**
 * The pure core: the resolved declaration, its policy evaluation, risk, catalog evidence and an
 * optional drift result → the report's content. Throws UserError when the drift result cannot be
 * about this declaration (a stale file would otherwise show the wrong missing and extra scopes).
 */
export function buildAccessReport(input: AccessReportInput): AccessReport {
  const wanted = input.orgs ? new Set(input.orgs) : undefined;
  const declared = new Set(input.resolution.orgs.map((o) => o.name));
  const driftByOrg = new Map<string, DriftOrgInput>();
  const notDeclared = (name: string, at: string): never => {
    throw driftError(input, at, `org \`${name}\` is not declared in ${input.declaration.file}`, 'report-drift', DRIFT_HINT);
  };
  for (const d of input.drift?.input.orgs ?? []) {
    if (!declared.has(d.name)) notDeclared(d.name, `${d.at}.name`);
    driftByOrg.set(d.name, d);
  }
  for (const e of input.drift?.input.errors ?? []) if (!declared.has(e.org)) notDeclared(e.org, `${e.at}.org`);
  for (const f of input.drift?.input.findings ?? []) if (!declared.has(f.org)) notDeclared(f.org, `${f.at}.org`);
  const orgs = input.resolution.orgs.filter((o) => !wanted || wanted.has(o.name)).map((o) => orgAccess(input, o, driftByOrg.get(o.name)));
  return {
    generatedAt: input.generatedAt,
    today: input.today,
    toolVersion: input.toolVersion,
    declaration: input.declaration,
    ...(input.drift ? { drift: input.drift.ref } : {}),
    ...(input.usage ? { usage: { ...input.usage.ref, evidence: input.usage.input } } : {}),
    orgs,
  };
}

function appliesTo(orgs: string[] | undefined, name: string): boolean {
  return orgs === undefined || orgs.includes(name);
}

function cardLabel(n: { connector: string; card: string; call?: { method: string; path: string } }): string {
  return `${n.connector}/${n.card}${n.call ? ` (${n.call.method} ${n.call.path})` : ''}`;
}

function useLabel(use: CardUse, catalog: Catalog): string {
  switch (use.origin) {
    case 'catalog':
      return use.call ? `${catalog.refOf(use.card)} (${use.call.method} ${use.call.path})` : catalog.refOf(use.card);
    case 'custom':
      return `${catalog.connector(use.card.connector)?.name ?? use.card.connector}/${use.card.name}`;
    case 'unknown-event':
      return use.ref;
  }
}

function orgAccess(input: AccessReportInput, org: ResolvedOrg, drift: DriftOrgInput | undefined): OrgAccess {
  const flows = flowsOf(input.manifest.flows, org.name);
  const folderOf = new Map(flows.map((f) => [f.name, f.folder]));
  const policy = orgPolicy(input, org.name);
  const view = driftView(input, org, drift);

  const evidenceOf = scopeEvidence(input.catalog);
  const scopes: ScopeAccess[] = org.scopes.map((s) => {
    const risk = input.risk(s.scope);
    return {
      scope: s.scope,
      ...descriptionOf(input.catalog, s.scope),
      risk: { level: risk.level, rationale: risk.rationale },
      evidence: strongest(s.neededBy.map((n) => evidenceOf(n, s.scope))) ?? 'reason',
      neededBy: groupByFlow(s.neededBy, folderOf, (n) => evidenceOf(n, s.scope)),
      reasons: s.reasons.filter((r) => r.kind !== 'connector-default').map((r) => r.reason),
      ...keptDefaultOf(s.reasons),
      exceptions: exceptionsFor(input, org.name, s.scope, policy.exceptions),
      status: statusOf(s.scope, view),
    };
  });
  scopes.sort((a, b) => compareRisk(a.risk.level, b.risk.level) || compareStrings(a.scope, b.scope));

  const rows = new Map<string, FlowRow>();
  for (const f of flows) if (!rows.has(f.name)) rows.set(f.name, { flow: f.name, ...(f.folder !== undefined ? { folder: f.folder } : {}), needs: new Map() });
  for (const s of org.scopes) {
    for (const n of s.neededBy) {
      const row = rows.get(n.flow);
      if (!row) continue;
      const cards = row.needs.get(s.scope);
      if (cards) cards.push(cardLabel(n));
      else row.needs.set(s.scope, [cardLabel(n)]);
    }
  }
  const flowRows = [...rows.values()].sort((a, b) => compareStrings(a.folder ?? '\uffff', b.folder ?? '\uffff') || compareStrings(a.flow, b.flow));

  const byRisk: Record<RiskLevel, number> = { high: 0, medium: 0, low: 0 };
  for (const s of scopes) byRisk[s.risk.level]++;
  const cards = new Set<string>();
  for (const f of flows) for (const use of f.trigger ? [f.trigger, ...f.cards] : f.cards) cards.add(useLabel(use, input.catalog));

  return {
    name: org.name,
    domain: org.domain,
    issuer: org.issuer,
    app: org.app.id !== undefined ? { label: org.app.label, id: org.app.id } : { label: org.app.label },
    totals: { scopes: scopes.length, byRisk, flows: rows.size, cards: cards.size },
    scopes,
    flows: flowRows,
    policy,
    drift: view,
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

function targetOf(s: Suppression): string {
  const parts = [s.scope && `scope ${s.scope}`, s.flow && `flow ${s.flow}`, s.card && `card ${s.card}`].filter((x): x is string => typeof x === 'string');
  return parts.length ? parts.join(' · ') : 'every finding of the rule';
}

function orgPolicy(input: AccessReportInput, org: string): OrgPolicy {
  const decl = input.manifest.policy;
  const at = (l: { file: string; line: number; column: number }) => formatLoc(l);
  const exceptions: PolicyException[] = (decl?.suppressions ?? []).map((s) => {
    const expired = s.expires !== undefined && s.expires < input.today;
    const covers = expired ? 0 : input.policy.suppressed.filter((f) => f.org === org && sameLoc(f.suppression.loc, s.loc)).length;
    return {
      rule: s.rule,
      target: targetOf(s),
      reason: s.reason,
      ...(s.expires !== undefined ? { expires: s.expires } : {}),
      status: expired ? 'expired' : 'active',
      covers,
      at: at(s.loc),
    };
  });
  const violations = input.policy.violations.filter((v) => v.org === org || v.org === '*').map((v) => ({ rule: v.rule, message: v.message, at: at(v.loc) }));
  return { declared: decl !== undefined, violations, exceptions };
}

function sameLoc(a: { file: string; line: number; column: number }, b: { file: string; line: number; column: number }): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** The exceptions bearing on one scope: those naming it (by glob) and those suppressing a finding about it. */
function exceptionsFor(input: AccessReportInput, org: string, scope: string, all: PolicyException[]): PolicyException[] {
  const sups = input.manifest.policy?.suppressions ?? [];
  return sups
    .map((s, i) => ({ s, e: all[i] }))
    .filter(({ s }) => (s.scope !== undefined && globMatch(s.scope, scope)) || input.policy.suppressed.some((f) => f.org === org && f.scope === scope && sameLoc(f.suppression.loc, s.loc)))
    .map(({ e }) => e);
}

function statusOf(scope: string, view: OrgDriftView): ScopeGrantStatus {
  if (view.kind === 'not-checked') return { kind: 'not-checked' };
  if (view.missing.some((m) => m.scope === scope)) return { kind: 'missing' };
  const c = view.covered.find((x) => x.scope === scope);
  return c ? { kind: 'covered', by: c.coveredBy } : { kind: 'granted' };
}

function sameSet(a: readonly string[], b: readonly string[]): { added: string[]; removed: string[] } {
  const A = new Set(a);
  const B = new Set(b);
  return { added: [...B].filter((x) => !A.has(x)).sort(compareStrings), removed: [...A].filter((x) => !B.has(x)).sort(compareStrings) };
}

/**
 * A refusal of the drift file, at the line and column of the key path when the file has it (else
 * naming --drift). Exit 1, nothing written.
 */
function driftError(input: AccessReportInput, path: string, message: string, code: string, hint: string): UserError {
  const file = input.drift?.ref.file ?? '--drift';
  const at = input.drift?.input.locate(path);
  return at
    ? new UserError({ severity: 'error', code, loc: { file, line: at.line, column: at.column }, message: `\`${path}\`: ${message}`, hint })
    : new UserError({ severity: 'error', code, flag: '--drift', message: `${file}: \`${path}\`: ${message}`, hint });
}

const EDITED_HINT = 'the file was edited or does not come from `wf-scopes diff --format json`: rerun the diff against this scopes.yaml and pass its output unchanged';

const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : 'none');

/**
 * The file's stated verdict against the one the diff's own comparison (src/drift) gives for its
 * `granted` (or the plan's `after`) and this declaration: any difference refuses the file at the key
 * that states it. A file cannot claim "in sync" while its grants say otherwise.
 */
function verified(input: AccessReportInput, org: ResolvedOrg, d: DriftOrgInput, unknown: DriftOrgFinding[]): OrgDrift {
  if (d.source === 'plan' && !d.plan) throw driftError(input, `${d.at}.source`, 'is `plan` but the org has no `plan`', 'report-drift-mismatch', EDITED_HINT);
  const actual: ActualGrants = {
    source: d.source,
    app: d.app,
    granted: d.granted.map((scope) => ({ scope })),
    ...(d.source === 'plan' && d.plan ? { plan: { toGrant: d.plan.toGrant, toRevoke: d.plan.toRevoke, after: d.plan.after, ...(d.plan.action && d.plan.action !== 'update' ? { action: d.plan.action } : {}) } } : {}),
    ...(unknown.length ? { unknownStatus: unknown.map((u) => ({ scope: u.scope ?? '', ...(u.status ? { status: u.status } : {}) })) } : {}),
  };
  const truth = compareOrg(org, actual, input.catalog);
  const refuse = (key: string, message: string): never => {
    throw driftError(input, `${d.at}.${key}`, message, 'report-drift-mismatch', EDITED_HINT);
  };
  const sorted = (xs: readonly string[]) => [...new Set(xs)].sort(compareStrings);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const held = d.source === 'plan' ? '`plan.after`' : '`granted`';
  const pairs: [string, string[], string[]][] = [
    ['missing', sorted(d.missing.map((m) => m.scope)), truth.missing.map((m) => m.scope)],
    ['extra', sorted(d.extra.map((e) => e.scope)), truth.extra.map((e) => e.scope)],
    ['coveredByBroader', sorted(d.coveredByBroader.map((c) => `${c.scope} (through ${c.coveredBy})`)), sorted(truth.coveredByBroader.map((c) => `${c.scope} (through ${c.coveredBy})`))],
  ];
  for (const [key, stated, actualList] of pairs) {
    const want = sorted(actualList);
    if (!same(stated, want)) refuse(key, `lists ${list(stated)}, but ${held} and \`required\` give ${list(want)}`);
  }
  if (d.inSync !== truth.inSync) {
    const why = unknown.length ? `${unknown.length} grant${unknown.length === 1 ? ' has' : 's have'} an unknown status (WFS007)` : `${held} and \`required\` give ${truth.inSync}`;
    refuse('inSync', `is ${d.inSync}, but ${why}`);
  }
  if (d.plan && truth.plan && d.plan.coversDeclaration !== truth.plan.coversDeclaration) {
    refuse('plan.coversDeclaration', `is ${d.plan.coversDeclaration}, but \`plan.after\` lacks ${list(truth.missing.map((m) => m.scope))}`);
  }
  return truth;
}

function driftView(input: AccessReportInput, org: ResolvedOrg, d: DriftOrgInput | undefined): OrgDriftView {
  if (!input.drift) return { kind: 'not-checked', why: 'no drift result given (--drift)' };
  const file = input.drift.ref.file;
  // An org the diff could not read outranks whatever else the file says about it.
  const failure: DriftOrgError | DriftOrgFinding | undefined =
    input.drift.input.errors.find((e) => e.org === org.name) ?? input.drift.input.findings.find((f) => f.rule === 'WFS005' && f.org === org.name);
  if (failure) {
    const failed = 'code' in failure ? { code: failure.code, message: failure.message, ...(failure.hint !== undefined ? { hint: failure.hint } : {}) } : { code: 'WFS005', message: failure.message };
    return { kind: 'not-checked', why: `the diff could not read this org (${failed.code})`, failed };
  }
  if (!d) return { kind: 'not-checked', why: `${file} has no result for this org` };
  // The diff's `required` is what this declaration resolved to when the diff ran: if it differs now,
  // its missing and extra lists describe another declaration.
  const { added, removed } = sameSet(
    d.required,
    org.scopes.map((s) => s.scope),
  );
  if (added.length || removed.length) {
    const parts = [added.length ? `now also requires ${added.join(', ')}` : '', removed.length ? `no longer requires ${removed.join(', ')}` : ''].filter(Boolean);
    throw driftError(input, `${d.at}.required`, `org \`${org.name}\`: the drift was computed for another version of ${input.declaration.file} (it ${parts.join('; ')})`, 'report-drift-stale', DRIFT_HINT);
  }
  if (org.app.id !== undefined && d.app.id !== org.app.id) {
    throw driftError(input, `${d.at}.app.id`, `org \`${org.name}\`: the drift is about app ${d.app.id}, but ${input.declaration.file} declares app ${org.app.id}`, 'report-drift-stale', DRIFT_HINT);
  }
  // An app declared by label is looked up by exact label (src/okta/grants.ts): a live diff of another app says so.
  if (org.app.id === undefined && d.source === 'okta' && d.app.label !== undefined && d.app.label !== org.app.label) {
    throw driftError(input, `${d.at}.app.label`, `org \`${org.name}\`: the drift is about the app labelled "${d.app.label}", but ${input.declaration.file} declares the app labelled "${org.app.label}"`, 'report-drift-stale', DRIFT_HINT);
  }
  const unknown = input.drift.input.findings.filter((f) => f.rule === 'WFS007' && f.org === org.name);
  const truth = verified(input, org, d, unknown);
  const failing = (ns: readonly Need[]) => [...new Set(ns.map((n) => `${n.flow}: ${cardLabel(n)}`))].sort(compareStrings);
  const bySeverity = <T extends { scope: string; risk: RiskLevel }>(a: T, b: T) => compareRisk(a.risk, b.risk) || compareStrings(a.scope, b.scope);
  return {
    kind: 'checked',
    source: d.source,
    app: d.app,
    inSync: truth.inSync,
    unknown: unknown.map((u) => ({ scope: u.scope ?? '', status: u.status || '(none)' })).sort((a, b) => compareStrings(a.scope, b.scope)),
    missing: truth.missing.map((m) => ({ scope: m.scope, risk: input.risk(m.scope).level, failing: failing(m.neededBy), reasons: [...m.reasons].sort(compareStrings) })).sort(bySeverity),
    covered: truth.coveredByBroader.map((c) => ({ scope: c.scope, coveredBy: c.coveredBy })).sort((a, b) => compareStrings(a.scope, b.scope)),
    extra: truth.extra
      .map((e) => {
        const r = input.risk(e.scope);
        return { scope: e.scope, risk: r.level, rationale: r.rationale };
      })
      .sort(bySeverity),
    issuerMismatches: [...d.issuerMismatches].sort((a, b) => compareStrings(a.scope, b.scope) || compareStrings(a.issuer, b.issuer)),
    ...(d.plan ? { plan: { toGrant: [...d.plan.toGrant].sort(compareStrings), toRevoke: [...d.plan.toRevoke].sort(compareStrings), coversDeclaration: truth.plan?.coversDeclaration ?? d.plan.coversDeclaration } } : {}),
  };
}

/** `3 high, 5 medium, 2 low`, leaving out zero counts. */
export function riskCounts(byRisk: Record<RiskLevel, number>): string {
  const parts = RISK_LEVELS.filter((l) => byRisk[l] > 0).map((l) => `${byRisk[l]} ${l}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** The drift status in a few words, the same in every format. */
export function driftHeadline(d: OrgDriftView): string {
  if (d.kind === 'not-checked') return d.failed ? `NOT CHECKED: ${d.why}: ${d.failed.message}` : `not checked (${d.why})`;
  const from = d.source === 'okta' ? 'live grants' : d.source === 'state' ? 'Terraform state' : 'Terraform plan';
  if (d.inSync) return `in sync with the ${from}`;
  const unknown = d.unknown.length ? `${d.unknown.length} grant${d.unknown.length === 1 ? '' : 's'} of unknown status` : '';
  const parts = [
    unknown,
    d.missing.length ? `${d.missing.length} missing` : '',
    d.covered.length ? `${d.covered.length} covered by a broader scope` : '',
    d.extra.length ? `${d.extra.length} extra` : '',
    d.issuerMismatches.length ? `${d.issuerMismatches.length} issuer mismatch${d.issuerMismatches.length === 1 ? '' : 'es'}` : '',
  ].filter(Boolean);
  if (d.unknown.length) return `UNKNOWN against the ${from}: ${parts.join(', ')}`;
  return `DRIFT against the ${from}: ${parts.join(', ') || (d.plan ? 'the plan revokes grants that must stay' : 'see the diff')}`;
}
