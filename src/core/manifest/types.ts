import type { CatalogCard, ConnectorKey, EndpointRow } from '../catalog/types';
import type { SourceLoc } from '../../util/diagnostics';

export const DEFAULT_APP_LABEL = 'Okta Workflows OAuth';

export interface OrgDecl {
  name: string;
  domain: string;
  /** `https://<domain>`; the authorization server issuer for the grants. */
  issuer: string;
  /** `import: false` skips adopting existing grants (see schema `orgs[].app.import`). */
  app: { label: string; id?: string; import?: boolean };
  /** Put before the credential variable names (`PROD_` reads `PROD_OKTA_API_TOKEN`); absent: the plain ones. */
  envPrefix?: string;
  /** Where the org's credential variables are decided: its `envPrefix`, or its `name` without one. */
  credentialsLoc?: SourceLoc;
  /** Set when the org grants nothing on purpose (`allowEmpty: {reason}`); otherwise no scopes is an error. */
  allowEmpty?: { reason: string };
  /** How its Terraform stack is written (`terraform:` at the top, overridden per org). */
  terraform: TerraformSettings;
  loc: SourceLoc;
}

/** A Terraform backend as CDKTF's backend classes take it: the type and its settings, no secrets. */
export interface BackendDecl {
  type: BackendType;
  /** Settings with `{org}` already replaced by the org name. */
  config: Record<string, unknown>;
  loc: SourceLoc;
}

export const BACKEND_TYPES = ['local', 's3', 'gcs', 'azurerm', 'remote', 'cloud', 'consul', 'cos', 'http', 'oss', 'pg', 'swift'] as const;
export type BackendType = (typeof BACKEND_TYPES)[number];

/** Import blocks need Terraform 1.5; older versions reject the stack at plan time. */
export const DEFAULT_REQUIRED_VERSION = '>= 1.5';
/**
 * The okta/okta releases whose `okta_app_oauth_api_scope` (app_id, issuer, scopes) and `okta_app`
 * data source (label, active_only, id) match the bindings (@cdktf/provider-okta 14.1.1, generated
 * from 4.20.0): unchanged through the 6.x line.
 */
export const DEFAULT_PROVIDER_VERSION = '>= 4.20.0, < 7.0.0';

/** The Terraform settings of one org's stack, defaults applied. */
export interface TerraformSettings {
  /** `terraform { required_version }`; import blocks need >= 1.5. */
  requiredVersion: string;
  /** The okta/okta provider's version constraint. */
  providerVersion: string;
  /** Undefined: the default local backend. */
  backend?: BackendDecl;
  /** `lifecycle { prevent_destroy }` on the grants resource (default true). */
  preventDestroy: boolean;
}

export const DEFAULT_TERRAFORM: TerraformSettings = Object.freeze({
  requiredVersion: DEFAULT_REQUIRED_VERSION,
  providerVersion: DEFAULT_PROVIDER_VERSION,
  preventDestroy: true,
});

/** A card from `customCards`: one the built-in catalog does not know yet. */
export interface CustomCardDecl {
  connector: ConnectorKey;
  name: string;
  key?: string;
  kind: 'action' | 'event';
  scopes: string[];
  source?: string;
  loc: SourceLoc;
}

export interface ApiCall {
  method: string;
  /** The path as written (ids may be concrete or `{param}`). */
  path: string;
  endpoint: EndpointRow;
}

/** One card a flow uses, already looked up in the catalog (or in customCards). */
export type CardUse =
  | { origin: 'catalog'; ref: string; card: CatalogCard; call?: ApiCall; loc: SourceLoc }
  | { origin: 'custom'; ref: string; card: CustomCardDecl; loc: SourceLoc }
  /** An event card the catalog does not know: the connector's event rule still applies (warned). */
  | { origin: 'unknown-event'; ref: string; connector: ConnectorKey; name: string; loc: SourceLoc };

export interface FlowDecl {
  name: string;
  folder?: string;
  /** Org names the flow runs in; undefined means every org. */
  orgs?: string[];
  trigger?: CardUse;
  cards: CardUse[];
  /** Why the flow needs its access; satisfies `policy.requireReason`. */
  reason?: string;
  loc: SourceLoc;
}

export interface ExtraScopeDecl {
  scope: string;
  reason: string;
  /** Org names; undefined means every org. */
  orgs?: string[];
  loc: SourceLoc;
}

export type PolicyRule = 'deny' | 'requireReason' | 'allowInferred';

/** An exception to a policy rule; it always says why, and may expire (then it no longer applies). */
export interface Suppression {
  rule: PolicyRule;
  scope?: string;
  card?: string;
  flow?: string;
  reason: string;
  /** YYYY-MM-DD; from that day on the suppression is itself a violation. */
  expires?: string;
  loc: SourceLoc;
}

/** `policy.acknowledgeInferred[]`: a catalog card (`connector/name` key) whose derived scopes someone checked. */
export interface InferredAck {
  /** `Okta/Read User` as written. */
  ref: string;
  /** The catalog card's connector key and name, e.g. `okta/Read User`. */
  card: string;
  reason: string;
  loc: SourceLoc;
}

export interface PolicyDecl {
  /** Scope names or globs (`okta.roles.*`) that must never be granted. */
  deny: { pattern: string; loc: SourceLoc }[];
  /** Risk levels (`high`) or scope globs whose every use needs a reason. */
  requireReason: { pattern: string; loc: SourceLoc }[];
  /** False rejects cards whose scopes are only inferred. */
  allowInferred: boolean;
  /** Catalog cards whose not-all-stated scopes were reviewed: no warning each, one count. */
  acknowledgeInferred: InferredAck[];
  suppressions: Suppression[];
  loc: SourceLoc;
}

export interface Manifest {
  file: string;
  version: 1;
  orgs: OrgDecl[];
  flows: FlowDecl[];
  extraScopes: ExtraScopeDecl[];
  customCards: CustomCardDecl[];
  policy?: PolicyDecl;
}
