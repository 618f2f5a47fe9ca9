import type { Confidence } from '../catalog/types';
import type { Diagnostic, SourceLoc } from '../util/diagnostics';

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

/** An `extraScopes` entry: granted on purpose though no card needs it. */
export interface Reason {
  reason: string;
  loc: SourceLoc;
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
  /** Sorted by scope name; never contains an auto-granted (OIDC/default) scope. */
  scopes: ResolvedScope[];
  loc: SourceLoc;
}

export interface Resolution {
  orgs: ResolvedOrg[];
  warnings: Diagnostic[];
}
