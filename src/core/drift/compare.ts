import type { ResolvedOrg } from '../resolve/types';
import { sortOrgDrift, sortReport, sortedUnique } from './order';
import type { ActualGrants, CoveredScope, DriftReport, ExtraScope, MissingScope, OrgDrift, RevokedScope } from './types';

/** What compareOrg needs of the catalog; `Catalog` satisfies it. */
export interface CompareOptions {
  /** Granted by default when a connection is authorized (OIDC scopes and `okta.realms.read`). */
  isAutoGranted(scope: string): boolean;
  /** OIDC defaults: never emitted, so never missing and never extra; a plan that revokes one is flagged. */
  isOidcDefault(scope: string): boolean;
  /** The connections (`Okta Realms`) whose authorization includes the scope by default. */
  defaultOf(scope: string): string[];
}

/**
 * The `.manage` scope that does everything a required `.read` does (Okta's developer guide), or
 * undefined. Kept to the exact `okta.<resource>.read` → `okta.<resource>.manage` pair: `.read.self`
 * and other variants have no documented broader scope.
 */
export function broaderScopeOf(scope: string): string | undefined {
  const m = /^(okta\..+)\.read$/.exec(scope);
  return m ? `${m[1]}.manage` : undefined;
}

/**
 * Compares what the declaration requires of one org with what the app holds.
 *
 * Sources `okta` and `state`: "held" is `actual.granted`, so `missing` lists scopes whose cards fail
 * with 403 today and `extra` lists grants an apply of the generated (authoritative) stack revokes.
 *
 * Source `plan`: "held" is the plan's after-state, so `missing` lists required scopes that applying
 * the plan still leaves ungranted (the plan does not cover the declaration: a stale or foreign stack)
 * and `extra` lists scopes the after-state keeps granting though nothing declares them. `granted`
 * stays the before-state; `plan.toGrant`/`toRevoke` say what the apply changes.
 *
 * `inSync` means an apply of the generated stack would change nothing, like `terraform plan` says:
 * `missing`, `extra` and `coveredByBroader` are all empty (a required `.read` held only through its
 * `.manage` breaks no card, but the apply still adds the `.read`), and a plan neither replaces nor
 * deletes the grants nor revokes a grant that must stay (`plan.revokes`). Issuer mismatches are
 * reported beside and do not break it: the scope is granted. Grants of unknown status do break it
 * (they may hold a scope): the caller turns them into an error.
 */
export function compareOrg(required: ResolvedOrg, actual: ActualGrants, opts: CompareOptions): OrgDrift {
  if (actual.source === 'plan' && !actual.plan) {
    // A plan reader that produced no after-state is a bug upstream, not drift.
    throw new Error(`compareOrg(${required.name}): source "plan" without plan data`);
  }
  const granted = sortedUnique(actual.granted.map((g) => g.scope));
  const held = new Set(actual.plan && actual.source === 'plan' ? actual.plan.after : granted);
  const requiredScopes = sortedUnique(required.scopes.map((s) => s.scope));
  const requiredSet = new Set(requiredScopes);

  const missing: MissingScope[] = [];
  const coveredByBroader: CoveredScope[] = [];
  for (const r of required.scopes) {
    // The resolver never emits OIDC defaults; should one slip in, the grants list may not show it
    // (README: unconfirmed), so calling it missing would be a false alarm.
    if (held.has(r.scope) || opts.isOidcDefault(r.scope)) continue;
    const broader = broaderScopeOf(r.scope);
    if (broader !== undefined && held.has(broader)) {
      coveredByBroader.push({ scope: r.scope, coveredBy: broader, neededBy: [...r.neededBy] });
    } else {
      missing.push({ scope: r.scope, neededBy: [...r.neededBy], reasons: r.reasons.filter((x) => x.kind !== 'connector-default').map((x) => x.reason) });
    }
  }

  const extra: ExtraScope[] = [...held]
    .filter((s) => !requiredSet.has(s) && !opts.isOidcDefault(s))
    .map((scope) => {
      const connections = opts.isAutoGranted(scope) ? opts.defaultOf(scope) : [];
      return connections.length > 0 ? { scope, revokedOnApply: true, breaksConnections: connections } : { scope, revokedOnApply: true };
    });

  const issuerMismatches = actual.granted.flatMap((g) =>
    g.issuerMismatch !== undefined ? [{ scope: g.scope, issuer: g.issuerMismatch }] : [],
  );

  const drift: OrgDrift = {
    name: required.name,
    source: actual.source,
    app: actual.app.label !== undefined ? { id: actual.app.id, label: actual.app.label } : { id: actual.app.id },
    inSync: missing.length === 0 && extra.length === 0 && coveredByBroader.length === 0 && !actual.unknownStatus?.length,
    missing,
    coveredByBroader,
    extra,
    granted,
    required: requiredScopes,
    issuerMismatches,
  };
  if (actual.unknownStatus?.length) drift.unknownStatus = actual.unknownStatus.map((u) => ({ ...u }));
  if (actual.source === 'plan' && actual.plan) {
    const after = new Set(actual.plan.after);
    const needs = new Map(required.scopes.map((r) => [r.scope, r.neededBy]));
    const revokes: RevokedScope[] = actual.plan.toRevoke.flatMap((scope): RevokedScope[] => {
      const base = { scope, neededBy: [], connections: [], regranted: after.has(scope) };
      if (requiredSet.has(scope)) return [{ ...base, why: 'needed', neededBy: [...(needs.get(scope) ?? [])] }];
      if (opts.isOidcDefault(scope)) return [{ ...base, why: 'oidc-default' }];
      if (opts.isAutoGranted(scope)) return [{ ...base, why: 'connector-default', connections: opts.defaultOf(scope) }];
      return [];
    });
    const action = actual.plan.action;
    drift.plan = {
      toGrant: actual.plan.toGrant,
      toRevoke: actual.plan.toRevoke,
      after: actual.plan.after,
      // Held through a .manage counts as covered: every card works after the apply.
      coversDeclaration: missing.length === 0,
      ...(action ? { action } : {}),
      ...(revokes.length > 0 ? { revokes } : {}),
    };
    if (action === 'replace' || action === 'delete' || revokes.length > 0) drift.inSync = false;
  }
  return sortOrgDrift(drift);
}

/** A plan that revokes every grant (replace, delete) or one that must stay: 403s during or after the apply. */
export function unsafePlan(org: OrgDrift): boolean {
  return org.plan !== undefined && (org.plan.action === 'replace' || org.plan.action === 'delete' || (org.plan.revokes?.length ?? 0) > 0);
}

/** One report over several orgs, sorted by org name. */
export function compareOrgs(
  pairs: readonly { required: ResolvedOrg; actual: ActualGrants }[],
  opts: CompareOptions,
): DriftReport {
  return sortReport({ orgs: pairs.map((p) => compareOrg(p.required, p.actual, opts)) });
}
