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
  plan?: { toGrant: string[]; toRevoke: string[]; after: string[] };
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
  plan?: { toGrant: string[]; toRevoke: string[]; after: string[]; coversDeclaration: boolean };
  /** Present (non-empty) when the live grants list held grants of unknown status: the org is an error, not in sync. */
  unknownStatus?: UnknownStatusGrant[];
}

export interface DriftReport {
  orgs: OrgDrift[];
}
