import { byRisk, highRiskHeld, revokeOrder, type ApplyItem } from '../../core/drift/apply-item';
import type { Risk } from '../../core/risk';
import type { ConnectionDefaults } from '../../core/scopes';
import { approvingLine, NO_POLICY } from '../../core/wording';
import type { DriftSource } from '../../output/diff/drift-input';
import type { OrgDriftView, OrgPolicy, ScopeAccess } from './types';

/**
 * The decision a reviewer signs for one org: what the app holds now (from --drift), what an apply of
 * this declaration's stack grants and revokes, the high-risk and connection-default items among them,
 * and the policy status. Pure: built from the report's own model, so the page and its markdown twin
 * state the same facts.
 */

/** One scope an apply grants or revokes (core/drift/apply-item.ts), shared with `review --drift`. */
export type DecisionItem = ApplyItem;

export type PolicyStatus =
  | { kind: 'none' }
  | { kind: 'violations'; count: number; exceptions: number; expired: number }
  | { kind: 'clean'; exceptions: number; expired: number };

export interface OrgDecision {
  declared: { count: number; high: number };
  /** What the app holds now (a plan: before its apply); absent when the drift was not checked. */
  live?: {
    source: DriftSource;
    count: number;
    /** High-risk grants the app holds, the undeclared ones (approving revokes them) first. */
    high: { scope: string; declared: boolean }[];
    unknown: string[];
  };
  /** Why what the app holds is unknown; `failed`: the diff could not read the org (an error, not a note). */
  notChecked?: { why: string; failed: boolean };
  /**
   * What an apply of this declaration's stack changes, from what the app holds now: absent when not
   * checked. Revokes lead with connection defaults, then by risk; adds by risk.
   */
  apply?: { adds: DecisionItem[]; revokes: DecisionItem[] };
  policy: PolicyStatus;
}

export interface DecisionInput {
  scopes: readonly ScopeAccess[];
  drift: OrgDriftView;
  policy: OrgPolicy;
  risk: (scope: string) => Risk;
  defaults: Pick<ConnectionDefaults, 'connectionsOf' | 'isOidcDefault'>;
}

function policyStatus(p: OrgPolicy): PolicyStatus {
  if (!p.declared) return { kind: 'none' };
  const exceptions = p.exceptions.length;
  const expired = p.exceptions.filter((e) => e.status === 'expired').length;
  return p.violations.length ? { kind: 'violations', count: p.violations.length, exceptions, expired } : { kind: 'clean', exceptions, expired };
}

/** The drift's extra grants with the connection defaults first (their revocation breaks a connection). */
export function extraFirst<T extends { breaksConnections?: string[] }>(extra: readonly T[]): T[] {
  return [...extra.filter((e) => e.breaksConnections), ...extra.filter((e) => !e.breaksConnections)];
}

export function decide(input: DecisionInput): OrgDecision {
  const declared = { count: input.scopes.length, high: input.scopes.filter((s) => s.risk.level === 'high').length };
  const policy = policyStatus(input.policy);
  const d = input.drift;
  if (d.kind === 'not-checked') return { declared, notChecked: { why: d.why, failed: d.failed !== undefined }, policy };

  const wanted = new Set(input.scopes.map((s) => s.scope));
  const held = new Set(d.granted);
  const item = (scope: string): DecisionItem => {
    const r = input.risk(scope);
    return { scope, risk: r.level, rationale: r.rationale };
  };
  const adds = input.scopes
    .filter((s) => !held.has(s.scope))
    .map((s): DecisionItem => ({ ...item(s.scope), ...(s.status.kind === 'covered' ? { coveredBy: s.status.by } : {}) }))
    .sort(byRisk);
  // OIDC defaults are never listed by the stack and never proposed for revocation (README).
  const revokes = d.granted
    .filter((s) => !wanted.has(s) && !input.defaults.isOidcDefault(s))
    .map((scope): DecisionItem => {
      const breaks = input.defaults.connectionsOf(scope);
      return { ...item(scope), ...(breaks.length ? { breaks } : {}) };
    })
    .sort(revokeOrder);
  const high = highRiskHeld(d.granted, wanted, (scope) => input.risk(scope).level);
  return {
    declared,
    live: { source: d.source, count: d.granted.length, high, unknown: d.unknown.map((u) => u.scope) },
    apply: { adds, revokes },
    policy,
  };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The items a reviewer must see first: revoked connection defaults, then high-risk changes. */
export function leading(d: OrgDecision): { connectionDefaults: DecisionItem[]; high: DecisionItem[] } {
  const revokes = d.apply?.revokes ?? [];
  const adds = d.apply?.adds ?? [];
  return {
    connectionDefaults: revokes.filter((r) => r.breaks !== undefined),
    high: [...revokes, ...adds].filter((x) => x.risk === 'high'),
  };
}

/** "Approving grants 2 and revokes 2: 1 high risk, 1 connection default." The same in every format. */
export function decisionLead(d: OrgDecision): string {
  if (d.notChecked?.failed) return 'Not checked: the diff could not read this org, so what approving grants and revokes is unknown.';
  if (!d.apply || !d.live) {
    const why = d.notChecked ? ` (${d.notChecked.why})` : '';
    return `What approving changes is not known: drift not checked${why}. An apply grants the ${plural(d.declared.count, 'declared scope')} (${d.declared.high} high risk) and revokes every other grant of the app.`;
  }
  const lead = leading(d);
  return approvingLine({
    adds: d.apply.adds.length,
    revokes: d.apply.revokes.length,
    high: lead.high.length,
    connectionDefaults: lead.connectionDefaults.length,
    unknown: d.live.unknown.length,
    declared: d.declared.count,
  });
}

/** The policy status in one line; no policy is a finding to act on, not a pass. */
export function policyLine(p: PolicyStatus): string {
  switch (p.kind) {
    case 'none':
      return NO_POLICY;
    case 'violations':
      return `${plural(p.count, 'policy violation')} (\`wf-scopes check\` and \`cdktf synth\` fail on them); ${plural(p.exceptions, 'exception')}${p.expired ? ` (${p.expired} expired)` : ''}.`;
    case 'clean':
      return `No policy violation; ${plural(p.exceptions, 'exception')}${p.expired ? ` (${p.expired} expired)` : ''}.`;
  }
}
