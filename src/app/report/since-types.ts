import type { RiskLevel } from '../../core/risk';

/** `report --since`: what changed in the grants since a previous review (a report, a git revision or a file). */
export interface SinceView {
  kind: 'report' | 'git' | 'file';
  /** As the user named it: `report-q3.html`, `HEAD~1:scopes.yaml`, `old/scopes.yaml`. */
  label: string;
  /** What pins it: the record's SHA-256 (verified), the commit, or the file's SHA-256. */
  pin: { what: 'record SHA-256' | 'commit' | 'SHA-256'; value: string };
  /** A previous report's generated-at. */
  generatedAt?: string;
  /** The previous declaration's file and SHA-256, as the previous report named them. */
  declaration?: { file: string; sha256: string };
  /** Per org of this report, in its order. */
  orgs: SinceOrg[];
  /** Orgs of the previous review that this declaration no longer has. */
  removedOrgs: { name: string; scopes: SinceScope[] }[];
}

export interface SinceOrg {
  name: string;
  /** `new`: the previous review did not cover this org (every scope is new to the review). */
  status: 'compared' | 'new';
  added: SinceScope[];
  removed: SinceScope[];
}

export interface SinceScope {
  scope: string;
  risk: RiskLevel;
  /** Added: the flows that need it now. Removed: the flows that needed it then. Empty: extraScopes only. */
  flows: string[];
  /** Flows a folded record of a previous report only counts (beyond `flows`). */
  moreFlows?: number;
}

/** A previous review as read: per org, each scope it granted and the flows that needed it (by name). */
export interface Previous {
  kind: SinceView['kind'];
  label: string;
  pin: SinceView['pin'];
  generatedAt?: string;
  declaration?: { file: string; sha256: string };
  orgs: { name: string; scopes: Map<string, PreviousFlows> }[];
}

/** The flows that needed a scope: by name, and how many more a folded record only counts. */
export interface PreviousFlows {
  flows: string[];
  more: number;
}
