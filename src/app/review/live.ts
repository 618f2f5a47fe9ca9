import { byRisk, highRiskHeld, revokeOrder, type ApplyItem } from '../../core/drift/apply-item';
import { compareOrg } from '../../core/drift/compare';
import { compareStrings } from '../../core/drift/order';
import type { ActualSource, OrgDrift } from '../../core/drift/types';
import type { Project } from '../../core/project';
import type { ResolvedOrg } from '../../core/resolve/types';
import { riskOf } from '../../core/risk';
import type { DriftInput, DriftOrgInput } from '../../output/diff/drift-input';
import { checkOrgDrift, driftOrgsByName, sameSet, type DriftCheck } from '../../output/diff/drift-verify';
import type { OrgChange, Review, ReviewBase } from './review';

/**
 * `review --drift`: what each org's app holds now (a `wf-scopes diff --format json` result, read and
 * verified as `report --drift` does: src/output/diff) and what approving the change, an apply of the
 * new declaration's stack, grants and revokes from there. The change's tables compare the new
 * declaration with its base; an apply compares it with what the app holds: where the two differ, the
 * apply is what counts.
 */

/** One scope an apply grants or revokes (core/drift/apply-item.ts), as the report's decision block lists it. */
export type LiveItem = ApplyItem;

export type OrgLive =
  | {
      kind: 'checked';
      source: ActualSource;
      /** Grants the app holds now (a plan: before its apply). */
      count: number;
      /** Scopes the new declaration grants this org (0 for a removed org). */
      declaredScopes: number;
      /** High-risk grants the app holds: the undeclared ones (approving revokes them) first. */
      high: { scope: string; declared: boolean }[];
      /** Grants of unknown status (WFS007): they may hold more. */
      unknown: string[];
      /**
       * What an apply of the new declaration grants and revokes from what the app holds: revoked
       * connection defaults first, then by risk. Absent for an org without a stack (removed, or
       * allowEmpty): no apply changes its grants.
       */
      apply?: { adds: LiveItem[]; revokes: LiveItem[] };
      /** Set when the app does not hold what the base declares: the change's tables are not what an apply does. */
      baseDiffers?: { undeclared: string[]; lacking: string[] };
      /** The new declaration against what the app holds, as `diff` compares them: its extras are findings (WFS002). */
      comparison?: OrgDrift;
    }
  | { kind: 'not-checked'; why: string; failed?: { code: string; message: string } };

/** The drift file given with --drift, as read (pinned by its SHA-256). */
export interface ReviewDriftInput {
  ref: { file: string; sha256: string };
  input: DriftInput;
}

function item(scope: string, extra: Partial<LiveItem> = {}): LiveItem {
  const r = riskOf(scope);
  return { scope, risk: r.level, rationale: r.rationale, ...extra };
}


/** What the declared org needs against what the app holds (a plan's before-state, not its after). */
function against(org: ResolvedOrg, d: DriftOrgInput, catalog: Project['catalog']): OrgDrift {
  return compareOrg(org, { source: d.source === 'plan' ? 'state' : d.source, app: d.app, granted: d.granted.map((scope) => ({ scope })) }, catalog);
}

function declarationOf(base: ReviewBase): Project | undefined {
  return base.kind === 'plan' ? undefined : base.project;
}

/**
 * The declaration the drift was computed for: the new one, else the base (a diff run before the
 * change), else the new one again, so that a stale file is refused against it.
 */
function verifyAgainst(head: ResolvedOrg | undefined, prev: ResolvedOrg | undefined, d: DriftOrgInput | undefined): 'head' | 'base' {
  if (!d || !prev) return 'head';
  const matches = (o: ResolvedOrg | undefined): boolean => {
    if (!o) return false;
    const { added, removed } = sameSet(
      d.required,
      o.scopes.map((s) => s.scope),
    );
    return added.length === 0 && removed.length === 0;
  };
  return !matches(head) && matches(prev) ? 'base' : 'head';
}

function orgLive(o: OrgChange, head: Project, base: ReviewBase, ctx: { head: DriftCheck; base: DriftCheck }, byName: Map<string, DriftOrgInput>): OrgLive {
  const now = head.resolution.orgs.find((x) => x.name === o.name);
  const prev = declarationOf(base)?.resolution.orgs.find((x) => x.name === o.name);
  const d = byName.get(o.name);
  const which = now ? verifyAgainst(now, prev, d) : 'base';
  const org = which === 'head' ? now : prev;
  if (!org) return { kind: 'not-checked', why: 'not declared' };
  const check = checkOrgDrift(which === 'head' ? ctx.head : ctx.base, org, d);
  if (check.kind === 'failed') return { kind: 'not-checked', why: `the diff could not read this org (${check.failed.code})`, failed: { code: check.failed.code, message: check.failed.message } };
  if (check.kind !== 'checked') return { kind: 'not-checked', why: check.kind === 'absent' ? `${check.file} has no result for this org` : 'no --drift given' };

  const granted = [...new Set(check.d.granted)].sort(compareStrings);
  const declared = new Set((now?.scopes ?? []).map((s) => s.scope));
  const high = highRiskHeld(granted, declared, (scope) => riskOf(scope).level);
  const out: Extract<OrgLive, { kind: 'checked' }> = { kind: 'checked', source: check.d.source, count: granted.length, declaredScopes: declared.size, high, unknown: check.unknown.map((u) => u.scope ?? '').sort(compareStrings) };
  if (now && o.unmanaged === undefined) {
    const t = against(now, check.d, head.catalog);
    out.comparison = t;
    out.apply = {
      adds: [...t.missing.map((m) => item(m.scope)), ...t.coveredByBroader.map((c) => item(c.scope, { coveredBy: c.coveredBy }))].sort(byRisk),
      revokes: t.extra.map((e) => item(e.scope, e.breaksConnections?.length ? { breaks: [...e.breaksConnections] } : {})).sort(revokeOrder),
    };
  }
  if (prev && o.status === 'kept') {
    const b = against(prev, check.d, head.catalog);
    const lacking = [...b.missing.map((m) => m.scope), ...b.coveredByBroader.map((c) => c.scope)].sort(compareStrings);
    const undeclared = b.extra.map((e) => e.scope).sort(compareStrings);
    if (lacking.length || undeclared.length) out.baseDiffers = { undeclared, lacking };
  }
  return out;
}

/**
 * Each org's live state, set on the review (`review.drift`, each org's `live`), and the reason a
 * reviewer must decide when an apply revokes a connection default. Throws UserError, at the drift
 * file's key, when the file cannot be about this change (an org neither declaration has, an edited
 * verdict, another version of the declaration, another app).
 */
export function withLive(review: Review, head: Project, base: ReviewBase, drift: ReviewDriftInput): Review {
  const prev = declarationOf(base);
  const ctx = {
    head: { catalog: head.catalog, declaration: { file: head.manifest.file }, drift },
    base: { catalog: head.catalog, declaration: { file: base.label }, drift },
  };
  const names = new Set([...head.resolution.orgs.map((o) => o.name), ...(prev?.resolution.orgs ?? []).map((o) => o.name)]);
  const byName = driftOrgsByName(ctx.head, names);
  const orgs = review.orgs.map((o) => ({ ...o, live: orgLive(o, head, base, ctx, byName) }));
  const breaks = orgs.some((o) => o.live.kind === 'checked' && o.live.apply?.revokes.some((r) => r.breaks));
  const decision = [...review.summary.decision, ...(breaks ? ['an apply revokes a connection default'] : [])];
  return { ...review, drift: drift.ref, orgs, summary: { ...review.summary, decision, needsDecision: decision.length > 0 } };
}
