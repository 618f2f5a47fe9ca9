import type { Need } from '../resolve/types';

/** Where the "actual" side of a diff came from. */
export type ActualSource = 'okta' | 'state' | 'plan';

/** One scope the app holds (live: an ACTIVE grant; state: a listed scope). */
export interface GrantedScope {
  scope: string;
  /** Live source only: the grant's issuer when it differs from the org's (`https://<domain>`). */
  issuerMismatch?: string;
  /** Live source only: ADMIN or END_USER. */
  grantSource?: string;
}

/** What the org (or Terraform) actually grants to the Workflows OAuth app. */
export interface ActualGrants {
  source: ActualSource;
  app: { id: string; label?: string };
  /** Sorted by scope, one entry per scope. */
  granted: GrantedScope[];
  /** Plan source only: what applying the plan changes, and the set after apply. */
  plan?: {
    toGrant: string[];
    toRevoke: string[];
    after: string[];
    /** Undefined: an in-place `update` (or no-op). */
    action?: PlanAction;
  };
  /**
   * Live source only: grants whose status is neither ACTIVE nor REVOKED (`active`, `PENDING`, none…).
   * They may hold their scope, so they are never dropped: they make the org's verdict an error.
   */
  unknownStatus?: UnknownStatusGrant[];
}

export interface UnknownStatusGrant {
  scope: string;
  /** As the server sent it; undefined when the grant had no status. */
  status?: string;
  grantId?: string;
}

/**
 * What the plan does to the grants resource, from Terraform's `change.actions`. `replace` (delete and
 * create, in either order) revokes every grant, then grants again; `delete` revokes every grant.
 */
export type PlanAction = 'no-op' | 'create' | 'update' | 'replace' | 'delete' | 'forget';

/** A grant the plan's apply revokes though it must stay: a declared card needs it, or it is a connection default. */
export interface RevokedScope {
  scope: string;
  /** `needed`: declared (a card or extraScopes); `connector-default`: e.g. okta.realms.read; `oidc-default`: openid … */
  why: 'needed' | 'connector-default' | 'oidc-default';
  /** `needed`: the cards that start failing. */
  neededBy: Need[];
  /** `connector-default`: the connections whose authorization breaks. */
  connections: string[];
  /** True when a replace grants it again after the revocation (a window of failures, not a lasting one). */
  regranted: boolean;
}

/** Risk of a scope (data/risk.yaml), added by the caller; the comparison itself is risk-blind. */
export interface ScopeRisk {
  level: 'high' | 'medium' | 'low';
  rationale: string;
}

export interface MissingScope {
  scope: string;
  risk?: ScopeRisk;
  /** The flows and cards that will fail with 403 insufficient_scope (empty for an extraScopes-only scope). */
  neededBy: Need[];
  reasons: string[];
}

export interface CoveredScope {
  scope: string;
  /** The `.manage` scope that covers this required `.read`. */
  coveredBy: string;
  neededBy: Need[];
}

export interface ExtraScope {
  scope: string;
  risk?: ScopeRisk;
  /** Always true today: the authoritative resource revokes what it does not list. */
  revokedOnApply: true;
  /**
   * A connection default no declared card needs (okta.realms.read with no Realms flow): the
   * connections whose authorization breaks when the apply revokes it. Absent for an ordinary extra.
   */
  breaksConnections?: string[];
}

export interface OrgDrift {
  name: string;
  source: ActualSource;
  app: { id: string; label?: string };
  inSync: boolean;
  missing: MissingScope[];
  coveredByBroader: CoveredScope[];
  extra: ExtraScope[];
  granted: string[];
  required: string[];
  /** Grants whose issuer is not the org's. */
  issuerMismatches: { scope: string; issuer: string }[];
  plan?: {
    toGrant: string[];
    toRevoke: string[];
    after: string[];
    coversDeclaration: boolean;
    /** Undefined: an in-place `update` (or no-op). */
    action?: PlanAction;
    /** Grants the apply revokes that must stay (needed, or defaults): any makes the plan unsafe. Undefined: none. */
    revokes?: RevokedScope[];
  };
  /** Present (non-empty) when the live grants list held grants of unknown status: the org is an error, not in sync. */
  unknownStatus?: UnknownStatusGrant[];
}

/**
 * An org that could not be read (401, timeout, missing credentials, ...). It stands in the report in
 * place of the org's drift, so no format can show that org as "in sync"; the run then exits 1.
 */
export interface OrgError {
  org: string;
  /** The diagnostic code, e.g. `okta-unauthorized`, `okta-credentials`. */
  code: string;
  message: string;
  hint?: string;
}

export interface DriftReport {
  orgs: OrgDrift[];
  /** Orgs that could not be read; absent or empty when every org was read. */
  errors?: OrgError[];
}
