import type { Confidence } from '../catalog/types';
import type { TerraformSettings } from '../manifest/types';
import type { Diagnostic, SourceLoc } from '../../util/diagnostics';

export type NonEmpty<T> = [T, ...T[]];

/** One card of one flow that needs a scope. */
export interface Need {
  flow: string;
  /** Connector display name: `Okta`, `Okta Devices`, `Okta Realms`. */
  connector: string;
  /** Canonical card name, e.g. `Search System Logs`, `Custom API Action`. */
  card: string;
  /** For Custom API Action cards: the call that needs the scope. */
  call?: { method: string; path: string; operationId: string };
  confidence: Confidence | 'custom';
  loc: SourceLoc;
}

/**
 * Why a scope is granted beside the cards: an `extraScopes` entry (granted on purpose though no card
 * needs it), or, with `kind: 'connector-default'`, a connection's default that is listed so an apply
 * keeps it (located at the first card that needs it).
 */
export interface Reason {
  reason: string;
  loc: SourceLoc;
  kind?: 'connector-default';
}

/** A scope to grant always carries why: at least one card that needs it, or at least one reason. */
export type ResolvedScope =
  | { scope: string; neededBy: NonEmpty<Need>; reasons: Reason[] }
  | { scope: string; neededBy: Need[]; reasons: NonEmpty<Reason> };

export interface ResolvedOrg {
  name: string;
  domain: string;
  issuer: string;
  /** `import: false` skips adopting existing grants (see schema `orgs[].app.import`). */
  app: { label: string; id?: string; import?: boolean };
  /** Sorted by scope name; never contains an OIDC default (`openid` …); empty only with `allowEmpty`. */
  scopes: ResolvedScope[];
  /** The declaration's `allowEmpty.reason`: the org grants nothing on purpose and gets no stack. */
  allowEmpty?: { reason: string };
  /** The stack's Terraform settings; undefined means the defaults (see DEFAULT_TERRAFORM). */
  terraform?: TerraformSettings;
  loc: SourceLoc;
}

export interface Resolution {
  orgs: ResolvedOrg[];
  /** Warnings, and (unless resolved leniently) errors: conditions after which an apply would revoke a grant. */
  warnings: Diagnostic[];
  /** Cards with scopes not all stated by Okta that `policy.acknowledgeInferred` names: counted, not warned. */
  acknowledgedInferred?: number;
}
