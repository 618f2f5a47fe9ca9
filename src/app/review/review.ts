import type { Catalog } from '../../core/catalog/types';
import { useLabel } from '../../core/wording';
import type { FlowDecl, Manifest } from '../../core/manifest/types';
import type { PolicyResult } from '../../core/policy/evaluate';
import type { Project } from '../../core/project';
import type { Need, Reason, ResolvedOrg } from '../../core/resolve/types';
import { riskOf, type RiskLevel } from '../../core/risk';
import type { SourceLoc } from '../../util/diagnostics';
import type { OrgLive } from './live';
import { diffSettings, type SettingChange } from './settings';
import { compareStrings } from '../../util/compare';

/**
 * `wf-scopes review`: what a change to scopes.yaml does to the grants, per org, for a reviewer. Pure:
 * the base is read by ./base, the formats live beside this file.
 */

/** What the declaration is compared with. */
export type ReviewBase =
  /** A declaration: from `git show REF:path` or a file; `project` is undefined when absent at the ref. */
  | { kind: 'git' | 'file'; label: string; project?: Project }
  /** The grants a Terraform plan starts from, per org of the new declaration. */
  | { kind: 'plan'; label: string; orgs: ReadonlyMap<string, PlanOrgBase>; notes: string[] };

export interface PlanOrgBase {
  /** The resource the org was matched to. */
  address: string;
  /** Granted before the apply (OIDC defaults left out). */
  before: string[];
  /** Granted after the apply (OIDC defaults left out). */
  after: string[];
}

export interface ScopeChange {
  scope: string;
  risk: { level: RiskLevel; rationale: string };
  /** Added: the cards that need it now. Removed: the cards that needed it in the base. */
  neededBy: Need[];
  /** extraScopes reasons (now for added, in the base for removed). */
  reasons: string[];
  /** Why a connection's default (okta.realms.read) is listed: not an extraScopes entry, and labelled as what it is. */
  connectionDefault?: string;
  /** Added: where scopes.yaml introduces it (its first need, else its extraScopes entry). */
  loc?: SourceLoc;
  /** Removed only, when anything still uses the scope: who starts failing once an apply revokes it. */
  stillUsed?: StillUsed;
}

/**
 * Where a scope a change removes from an org is still used. `neededBy` of the removed scope lists the
 * cards that needed it in the base: those are the running cards that start failing with 403.
 */
export interface StillUsed {
  /** Cards of the new declaration's other orgs that need it (the same flow may run here too). */
  otherOrgs: { org: string; need: Need }[];
  /** Cards in the flow exports given to review that need it. */
  exports: ExportUse[];
}

/** One card of an exported flow and the scopes it needs (from `wf-scopes scan`'s reading). */
export interface ExportUse {
  file: string;
  flow: string;
  /** `Okta/Read User`, or the card's title when the catalog does not know it. */
  card: string;
  scopes: string[];
}

export type OrgStatus =
  /** In both. */
  | 'kept'
  /** Only in the new declaration: every scope is added. */
  | 'added'
  /** Only in the base: every scope is removed. */
  | 'removed'
  /** A plan base without a resource for this org: nothing to compare with. */
  | 'not-compared';

export interface OrgChange {
  name: string;
  status: OrgStatus;
  added: ScopeChange[];
  removed: ScopeChange[];
  /** The org's entry in the new declaration (absent for a removed org). */
  loc?: SourceLoc;
  /**
   * Set when no stack is synthesized for the org (it is removed, or allowEmpty): no apply revokes its
   * `removed` scopes; they stay granted, unmanaged, until its stack is destroyed on purpose.
   */
  unmanaged?: 'org-removed' | 'allow-empty';
  /** `--drift`: what the app holds now and what approving (an apply of the new declaration) grants and revokes from there. */
  live?: OrgLive;
}

export interface FlowChange {
  flow: string;
  status: 'added' | 'removed' | 'changed';
  cardsAdded: string[];
  cardsRemoved: string[];
  /** Set when the flow's `orgs:` changed; `undefined` inside means every org. */
  orgs?: { before?: string[]; after?: string[] };
  loc?: SourceLoc;
}

export interface ReviewSummary {
  /** Distinct scope names added in any org. */
  scopesAdded: number;
  highRiskAdded: number;
  scopesRemoved: number;
  policyViolations: number;
  /** Changes of what decides where the grants go (tenant, app, credentials, state, Terraform, orgs added or removed). */
  settingChanges: number;
  /** Grants added: one per scope and org, the rows of the tables (orgs that share a table count each). */
  grantsAdded: number;
  highRiskGrantsAdded: number;
  /** How many orgs the added grants go to. */
  orgsGaining: number;
  /** Grants an apply revokes (orgs with a stack). */
  grantsRemoved: number;
  /** Grants no longer declared in an org without a stack (removed, or allowEmpty): no apply revokes them. */
  grantsLeft: number;
  /** Why a reviewer must decide, in words (empty when `needsDecision` is false). */
  decision: string[];
  /**
   * A high-risk addition, a policy violation, a removal that exported flows still need, or any change
   * of where the grants go: the CLI exits 2.
   */
  needsDecision: boolean;
}

export interface Review {
  /** The new declaration, as given. */
  file: string;
  base: { kind: 'git' | 'file' | 'plan'; label: string; absent: boolean };
  summary: ReviewSummary;
  /**
   * Per org, each change of what decides where its grants go (see ./settings). Empty with a plan base:
   * a plan holds grants, not the declaration's settings.
   */
  settings: SettingChange[];
  orgs: OrgChange[];
  /** Undefined with a plan base: a plan holds grants, not flows. */
  flows?: FlowChange[];
  /** `declared`: whether the new declaration has a `policy:` section (none: nothing is denied, a finding to act on). */
  policy: Pick<PolicyResult, 'violations' | 'suppressed'> & { declared: boolean };
  /** `--drift`: the diff result the orgs' `live` comes from, pinned by its SHA-256; absent: not checked. */
  drift?: { file: string; sha256: string };
  notes: string[];
}

interface ScopeWhy {
  neededBy: Need[];
  reasons: Reason[];
}

function scopesOf(org: ResolvedOrg | undefined): Map<string, ScopeWhy> {
  return new Map((org?.scopes ?? []).map((s) => [s.scope, { neededBy: s.neededBy, reasons: s.reasons }]));
}

function change(scope: string, why: ScopeWhy | undefined, withLoc: boolean): ScopeChange {
  const r = riskOf(scope);
  const loc = why?.neededBy[0]?.loc ?? why?.reasons[0]?.loc;
  return {
    scope,
    risk: { level: r.level, rationale: r.rationale },
    neededBy: why?.neededBy ?? [],
    reasons: (why?.reasons ?? []).filter((x) => x.kind !== 'connector-default').map((x) => x.reason),
    ...connectionDefaultOf(why?.reasons ?? []),
    ...(withLoc && loc ? { loc } : {}),
  };
}

function connectionDefaultOf(reasons: readonly Reason[]): { connectionDefault?: string } {
  const d = reasons.find((x) => x.kind === 'connector-default');
  return d ? { connectionDefault: d.reason } : {};
}

function diffScopes(now: Map<string, ScopeWhy>, before: Map<string, ScopeWhy>): { added: ScopeChange[]; removed: ScopeChange[] } {
  const added = [...now.keys()].filter((s) => !before.has(s)).sort(compareStrings).map((s) => change(s, now.get(s), true));
  const removed = [...before.keys()].filter((s) => !now.has(s)).sort(compareStrings).map((s) => change(s, before.get(s), false));
  return { added, removed };
}

function cardsOf(flow: FlowDecl, catalog: Catalog): string[] {
  const uses = flow.trigger ? [flow.trigger, ...flow.cards] : flow.cards;
  return [...new Set(uses.map((u) => useLabel(u, catalog)))];
}

function sameOrgs(a: string[] | undefined, b: string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');
}

/** Flows by name: added, removed, or with cards added/removed or orgs changed (card order is no change). */
export function diffFlows(now: Manifest, before: Manifest | undefined, catalog: Catalog): FlowChange[] {
  const old = new Map((before?.flows ?? []).map((f) => [f.name, f]));
  const out: FlowChange[] = [];
  for (const f of now.flows) {
    const cards = cardsOf(f, catalog);
    const prev = old.get(f.name);
    if (!prev) {
      out.push({ flow: f.name, status: 'added', cardsAdded: cards, cardsRemoved: [], loc: f.loc });
      continue;
    }
    const was = cardsOf(prev, catalog);
    const cardsAdded = cards.filter((c) => !was.includes(c));
    const cardsRemoved = was.filter((c) => !cards.includes(c));
    const orgs = sameOrgs(prev.orgs, f.orgs) ? undefined : { before: prev.orgs, after: f.orgs };
    if (cardsAdded.length > 0 || cardsRemoved.length > 0 || orgs) {
      out.push({ flow: f.name, status: 'changed', cardsAdded, cardsRemoved, ...(orgs ? { orgs } : {}), loc: f.loc });
    }
  }
  const names = new Set(now.flows.map((f) => f.name));
  for (const f of before?.flows ?? []) {
    if (!names.has(f.name)) out.push({ flow: f.name, status: 'removed', cardsAdded: [], cardsRemoved: cardsOf(f, catalog) });
  }
  return out;
}

/** Fills `stillUsed` on every removed scope that the declaration's other orgs or the exports still use. */
function markStillUsed(orgs: OrgChange[], head: Project, exports: readonly ExportUse[]): void {
  const byScope = new Map<string, ExportUse[]>();
  for (const u of exports) for (const s of u.scopes) byScope.set(s, [...(byScope.get(s) ?? []), u]);
  for (const o of orgs) {
    for (const r of o.removed) {
      const otherOrgs = head.resolution.orgs
        .filter((other) => other.name !== o.name)
        .flatMap((other) => (other.scopes.find((s) => s.scope === r.scope)?.neededBy ?? []).map((need) => ({ org: other.name, need })));
      const inExports = byScope.get(r.scope) ?? [];
      if (otherOrgs.length > 0 || inExports.length > 0) r.stillUsed = { otherOrgs, exports: inExports };
    }
  }
}

export interface ReviewOptions {
  /** Cards of the flow exports (`review --flows`): a removed scope they need is flagged. */
  exports?: readonly ExportUse[];
}

/** Why a reviewer must decide, in words: empty when the change is routine. */
function decisionOf(highRiskAdded: number, violations: number, settingChanges: number, revoking: readonly OrgChange[]): string[] {
  return [
    ...(highRiskAdded > 0 ? [highRiskAdded === 1 ? 'a high-risk scope is added' : 'high-risk scopes are added'] : []),
    ...(violations > 0 ? [plural(violations, 'policy violation')] : []),
    // A change of where the grants go (another tenant, app, state or Terraform) is never a routine change.
    ...(settingChanges > 0 ? [`${plural(settingChanges, 'change')} to where the grants go`] : []),
    // A removal that running (exported) flows still need is a 403 waiting for the next apply.
    ...(revoking.some((o) => o.removed.some((r) => (r.stillUsed?.exports.length ?? 0) > 0)) ? ['exported flows still use a scope it removes'] : []),
  ];
}

/** Compares the new declaration with its base; the policy is that of the new declaration. */
export function reviewChange(head: Project, base: ReviewBase, opts: ReviewOptions = {}): Review {
  const orgs: OrgChange[] = [];
  const notes: string[] = [];
  let flows: FlowChange[] | undefined;
  let settings: SettingChange[] = [];

  if (base.kind === 'plan') {
    for (const org of head.resolution.orgs) {
      const b = base.orgs.get(org.name);
      if (!b) {
        orgs.push({ name: org.name, status: 'not-compared', added: [], removed: [], loc: org.loc });
        continue;
      }
      const before = new Map(b.before.map((s): [string, ScopeWhy] => [s, { neededBy: [], reasons: [] }]));
      orgs.push({ name: org.name, status: 'kept', ...diffScopes(scopesOf(org), before), loc: org.loc });
      const declared = org.scopes.map((s) => s.scope);
      const after = new Set(b.after);
      if (declared.length !== after.size || declared.some((s) => !after.has(s))) {
        notes.push(`The plan for org ${org.name} (${b.address}) does not grant what ${head.manifest.file} declares: synthesize and plan again.`);
      }
    }
    notes.push(...base.notes);
  } else {
    const old = base.project;
    const oldOrgs = new Map((old?.resolution.orgs ?? []).map((o) => [o.name, o]));
    for (const org of head.resolution.orgs) {
      const prev = oldOrgs.get(org.name);
      orgs.push({ name: org.name, status: prev ? 'kept' : 'added', ...diffScopes(scopesOf(org), scopesOf(prev)), loc: org.loc, ...(org.allowEmpty ? { unmanaged: 'allow-empty' as const } : {}) });
    }
    const names = new Set(head.resolution.orgs.map((o) => o.name));
    for (const prev of old?.resolution.orgs ?? []) {
      if (names.has(prev.name)) continue;
      // Its `removed` scopes are the grants it holds: the org-removed setting change says they stay.
      orgs.push({ name: prev.name, status: 'removed', ...diffScopes(new Map(), scopesOf(prev)), unmanaged: 'org-removed' });
    }
    flows = diffFlows(head.manifest, old?.manifest, head.catalog);
    settings = diffSettings(head.manifest.orgs, old?.manifest.orgs);
  }
  for (const org of head.resolution.orgs) {
    if (org.allowEmpty) notes.push(`Org ${org.name} grants nothing on purpose (allowEmpty: ${org.allowEmpty.reason}): no stack is synthesized for it and its grants stay as they are.`);
  }
  markStillUsed(orgs, head, opts.exports ?? []);

  const added = new Map<string, ScopeChange>();
  for (const o of orgs) for (const a of o.added) added.set(a.scope, a);
  // The grants of an org without a stack are not revoked by any apply: they are not removals.
  const revoking = orgs.filter((o) => o.unmanaged === undefined);
  const removed = new Set(revoking.flatMap((o) => o.removed.map((r) => r.scope)));
  const highRiskAdded = [...added.values()].filter((a) => a.risk.level === 'high').length;
  const violations = head.policy.violations.length;
  const grantsAdded = orgs.flatMap((o) => o.added);
  const decision = decisionOf(highRiskAdded, violations, settings.length, revoking);
  return {
    file: head.manifest.file,
    base: { kind: base.kind, label: base.label, absent: base.kind !== 'plan' && base.project === undefined },
    summary: {
      scopesAdded: added.size,
      highRiskAdded,
      scopesRemoved: removed.size,
      policyViolations: violations,
      settingChanges: settings.length,
      grantsAdded: grantsAdded.length,
      highRiskGrantsAdded: grantsAdded.filter((a) => a.risk.level === 'high').length,
      orgsGaining: orgs.filter((o) => o.added.length > 0).length,
      grantsRemoved: revoking.reduce((n, o) => n + o.removed.length, 0),
      grantsLeft: orgs.filter((o) => o.unmanaged !== undefined).reduce((n, o) => n + o.removed.length, 0),
      decision,
      needsDecision: decision.length > 0,
    },
    settings,
    orgs,
    ...(flows ? { flows } : {}),
    policy: { violations: head.policy.violations, suppressed: head.policy.suppressed, declared: head.manifest.policy !== undefined },
    notes,
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * `adds 2 grants in 2 orgs (1 high risk), removes 1 grant · a reviewer must decide: a high-risk scope is
 * added; 1 change to where the grants go`, or `no scope changes`. It counts
 * the rows of the tables (a grant is one scope in one org) and says why the run exits 2. Counts and
 * fixed words only: nothing from the declaration, so every format can print it as it is.
 */
export function summaryLine(r: Review): string {
  const s = r.summary;
  const parts: string[] = [];
  if (s.grantsAdded > 0) parts.push(`adds ${plural(s.grantsAdded, 'grant')}${s.orgsGaining > 1 ? ` in ${s.orgsGaining} orgs` : ''}${s.highRiskGrantsAdded > 0 ? ` (${s.highRiskGrantsAdded} high risk)` : ''}`);
  if (s.grantsRemoved > 0) parts.push(`removes ${plural(s.grantsRemoved, 'grant')}`);
  if (s.grantsLeft > 0) parts.push(`leaves ${plural(s.grantsLeft, 'grant')} in place (no stack revokes ${s.grantsLeft === 1 ? 'it' : 'them'})`);
  // The changes of where the grants go and the policy violations are counted among the reasons.
  const out = [parts.length > 0 ? parts.join(', ') : 'no scope changes'];
  const live = liveCounts(r);
  if (live) out.push(live);
  if (s.decision.length > 0) out.push(`a reviewer must decide: ${s.decision.join('; ')}`);
  return out.join(' · ');
}

/**
 * With --drift, what an apply does to what the apps hold now, when that is not what the tables count:
 * `an apply grants 1 and revokes 2 of what the apps hold now (1 high risk, 1 connection default)`.
 */
function liveCounts(r: Review): string | undefined {
  if (!r.drift) return undefined;
  const applied = r.orgs.flatMap((o) => (o.live?.kind === 'checked' && o.live.apply ? [o.live.apply] : []));
  const adds = applied.flatMap((a) => a.adds);
  const revokes = applied.flatMap((a) => a.revokes);
  const notChecked = r.orgs.filter((o) => o.live?.kind === 'not-checked').length;
  const high = [...adds, ...revokes].filter((x) => x.risk === 'high').length;
  const defaults = revokes.filter((x) => x.breaks).length;
  const marks = [high ? `${high} high risk` : '', defaults ? plural(defaults, 'connection default') : ''].filter(Boolean);
  const change = adds.length || revokes.length ? `an apply grants ${adds.length} and revokes ${revokes.length} of what the app${applied.length === 1 ? ' holds' : 's hold'} now${marks.length ? ` (${marks.join(', ')})` : ''}` : applied.length ? 'an apply changes nothing the app holds now' : '';
  const unknown = notChecked ? `${plural(notChecked, 'org')} not checked` : '';
  return [change, unknown].filter(Boolean).join(', ') || undefined;
}

/** Whether following the review grants anything new, so that the connection must be reauthorized. */
export function addsScopes(r: Review): boolean {
  return r.summary.scopesAdded > 0;
}
