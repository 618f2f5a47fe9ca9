import type { Catalog } from '../../core/catalog/types';
import type { Manifest } from '../../core/manifest/types';
import type { PolicyResult } from '../../core/policy/evaluate';
import type { Resolution } from '../../core/resolve/types';
import type { Risk, RiskLevel } from '../../core/risk';
import type { ControlTags } from './controls';
import type { OrgDecision } from './decision';
import type { DriftInput, DriftSource } from '../../output/diff/drift-input';
import type { EvidenceLevel } from './evidence';
import type { UsageEvidence } from '../usage/parse';
import type { SinceView } from './since-types';

/** What the access report shows: built once, rendered as HTML or markdown (same content). */
export interface AccessReport {
  /** ISO 8601, UTC, as pinned by --now / WF_SCOPES_TODAY or read from the clock. */
  generatedAt: string;
  /** YYYY-MM-DD: the day suppression expiry is judged on. */
  today: string;
  toolVersion: string;
  /** The declaration as the user named it, and the SHA-256 of its bytes, so the evidence is pinned. */
  declaration: FileRef;
  drift?: FileRef;
  /** `--usage`: the usage result (pinned by its SHA-256) and the last-seen evidence it gives. */
  usage?: FileRef & { evidence: UsageEvidence };
  orgs: OrgAccess[];
  /** `--since`: what changed since a previous review (set by the command, after the build). */
  since?: SinceView;
  /** `--controls`: the framework whose controls tag the findings. */
  controls?: ControlTags;
  /** Past this many items a list of the page (a scope's flows, the matrix rows) shows that many and counts the rest. */
  foldAt: number;
}

export interface FileRef {
  file: string;
  sha256: string;
}

export interface OrgAccess {
  name: string;
  domain: string;
  issuer: string;
  app: { label: string; id?: string };
  totals: { scopes: number; byRisk: Record<RiskLevel, number>; flows: number; cards: number };
  /** Most severe first, then by name. */
  scopes: ScopeAccess[];
  /** Matrix rows, by folder then name; a flow that needs no scope is still a row. */
  flows: FlowRow[];
  /** Matrix columns: `scopes` in the same order. */
  policy: OrgPolicy;
  drift: OrgDriftView;
  /** What approving this declaration changes for the org: the page leads with it. */
  decision: OrgDecision;
}

export interface CardNeed {
  /** `Okta/Read User`, or `Okta/Custom API Action (GET /api/v1/logs)`. */
  card: string;
  evidence: EvidenceLevel;
}

export interface FlowNeed {
  flow: string;
  folder?: string;
  cards: CardNeed[];
}

export type ScopeGrantStatus =
  | { kind: 'granted' }
  | { kind: 'missing' }
  | { kind: 'covered'; by: string }
  | { kind: 'not-checked' };

export interface ScopeAccess {
  scope: string;
  description?: string;
  risk: { level: RiskLevel; rationale: string };
  /**
   * The weakest evidence among the cards that need it (a scope counts under its weakest card, as the
   * README says); `reason` for an extraScopes-only scope.
   */
  evidence: EvidenceLevel;
  /** The strongest evidence among those cards (shown in the badge's detail). */
  strongestEvidence: EvidenceLevel;
  /** By flow name. */
  neededBy: FlowNeed[];
  /** extraScopes reasons. */
  reasons: string[];
  /** Why a connection default (okta.realms.read) is listed although the connection grants it: not an extraScopes entry. */
  keptDefault?: string;
  exceptions: PolicyException[];
  status: ScopeGrantStatus;
}

export interface FlowRow {
  flow: string;
  folder?: string;
  /** scope → the cards of this flow that need it. */
  needs: Map<string, string[]>;
}

export type ExceptionStatus = 'active' | 'expired';

/** A policy suppression: an exception a person approved, with its reason and expiry. */
export interface PolicyException {
  rule: string;
  /** What it covers, as written: `scope okta.roles.* · flow Delegated admin`. */
  target: string;
  reason: string;
  expires?: string;
  status: ExceptionStatus;
  /** How many findings of this org it suppresses today (0 when expired or unused). */
  covers: number;
  /** `scopes.yaml:40:7`. */
  at: string;
}

export interface OrgPolicy {
  declared: boolean;
  violations: { rule: string; message: string; at: string }[];
  exceptions: PolicyException[];
}

export type OrgDriftView =
  | {
      kind: 'not-checked';
      why: string;
      /** The diff could not read the org (its `errors`, finding WFS005): shown as an error, not a note. */
      failed?: { code: string; message: string; hint?: string };
    }
  | {
      kind: 'checked';
      source: DriftSource;
      app: { id: string; label?: string };
      /** Recomputed from the file's `granted` (or plan) and this declaration, never taken on trust. */
      inSync: boolean;
      /** What the app holds now (a plan: before the apply), sorted. */
      granted: string[];
      /** Grants of unknown status (finding WFS007): they may hold their scope, so the org is not in sync. */
      unknown: { scope: string; status: string }[];
      missing: { scope: string; risk: RiskLevel; failing: string[]; reasons: string[] }[];
      covered: { scope: string; coveredBy: string }[];
      /** `breaksConnections`: a connection default no card needs, whose revocation breaks those connections. */
      extra: { scope: string; risk: RiskLevel; rationale: string; breaksConnections?: string[] }[];
      issuerMismatches: { scope: string; issuer: string }[];
      plan?: { toGrant: string[]; toRevoke: string[]; coversDeclaration: boolean };
    };

export interface AccessReportInput {
  manifest: Manifest;
  resolution: Resolution;
  policy: PolicyResult;
  catalog: Catalog;
  risk: (scope: string) => Risk;
  generatedAt: string;
  today: string;
  toolVersion: string;
  declaration: FileRef;
  /** Only these orgs (validated by the caller); default every org. */
  orgs?: string[];
  drift?: { ref: FileRef; input: DriftInput };
  usage?: { ref: FileRef; input: UsageEvidence };
  controls?: ControlTags;
  /** Where long lists fold (default: the cap `maxReportItems`, WF_SCOPES_MAX_REPORT_ITEMS). */
  foldAt?: number;
}
