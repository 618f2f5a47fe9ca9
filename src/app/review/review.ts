import type { Catalog } from '../../core/catalog/types';
import { useLabel } from '../../core/wording';
import type { FlowDecl, Manifest } from '../../core/manifest/types';
import type { PolicyResult } from '../../core/policy/evaluate';
import type { Project } from '../../core/project';
import type { Need, ResolvedOrg } from '../../core/resolve/types';
import { riskOf, type RiskLevel } from '../../core/risk';
import type { SourceLoc } from '../../util/diagnostics';
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
  policy: Pick<PolicyResult, 'violations' | 'suppressed'>;
  notes: string[];
}

interface ScopeWhy {
  neededBy: Need[];
  reasons: { reason: string; loc: SourceLoc }[];
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
    reasons: (why?.reasons ?? []).map((x) => x.reason),
    ...(withLoc && loc ? { loc } : {}),
  };
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
  return {
    file: head.manifest.file,
    base: { kind: base.kind, label: base.label, absent: base.kind !== 'plan' && base.project === undefined },
    summary: {
      scopesAdded: added.size,
      highRiskAdded,
      scopesRemoved: removed.size,
      policyViolations: violations,
      settingChanges: settings.length,
      // A removal that running (exported) flows still need is a 403 waiting for the next apply; a change
      // of where the grants go (another tenant, app, state or Terraform) is never a routine change.
      needsDecision:
        highRiskAdded > 0 ||
        violations > 0 ||
        settings.length > 0 ||
        revoking.some((o) => o.removed.some((r) => (r.stillUsed?.exports.length ?? 0) > 0)),
    },
    settings,
    orgs,
    ...(flows ? { flows } : {}),
    policy: { violations: head.policy.violations, suppressed: head.policy.suppressed },
    notes,
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * `adds 2 scopes (1 high risk), removes 1 · 1 change to where the grants go · 1 policy violation`, or
 * `no scope changes`.
 */
export function summaryLine(r: Review): string {
  const s = r.summary;
  const parts: string[] = [];
  if (s.scopesAdded > 0) parts.push(`adds ${plural(s.scopesAdded, 'scope')}${s.highRiskAdded > 0 ? ` (${s.highRiskAdded} high risk)` : ''}`);
  if (s.scopesRemoved > 0) parts.push(`removes ${s.scopesAdded > 0 ? s.scopesRemoved : plural(s.scopesRemoved, 'scope')}`);
  const out = [parts.length > 0 ? parts.join(', ') : 'no scope changes'];
  if (s.settingChanges > 0) out.push(`${plural(s.settingChanges, 'change')} to where the grants go`);
  if (s.policyViolations > 0) out.push(plural(s.policyViolations, 'policy violation'));
  return out.join(' · ');
}

/** Whether following the review grants anything new, so that the connection must be reauthorized. */
export function addsScopes(r: Review): boolean {
  return r.summary.scopesAdded > 0;
}
