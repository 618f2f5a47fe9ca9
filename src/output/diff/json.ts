import { sortReport } from '../../core/drift/order';
import type { ActualSource, DriftReport, OrgDrift, OrgError, PlanAction, RevokedScope, ScopeRisk } from '../../core/drift/types';
import type { Need } from '../../core/resolve/types';
import type { ReportContext } from '../../rules/report-context';
import { stableStringify } from '../stable-json';
import { appendFindings, type FindingJson } from '../findings/json';
import { driftFindings } from '../../rules/drift';

/** The documented order of the JSON schema; keys not listed follow alphabetically. */
export const JSON_KEY_ORDER: readonly string[] = [
  'orgs',
  'errors',
  'name',
  'source',
  'app',
  'id',
  'label',
  'inSync',
  'missing',
  'coveredByBroader',
  'extra',
  'granted',
  'required',
  'issuerMismatches',
  'unknownStatus',
  'plan',
  'scope',
  'risk',
  'level',
  'rationale',
  'coveredBy',
  'neededBy',
  'reasons',
  'revokedOnApply',
  'breaksConnections',
  'issuer',
  'status',
  'flow',
  'connector',
  'card',
  'call',
  'method',
  'path',
  'operationId',
  'confidence',
  'toGrant',
  'toRevoke',
  'after',
  'coversDeclaration',
  'org',
  'code',
  'message',
  'hint',
  'action',
  'revokes',
  'why',
  'connections',
  'regranted',
];

/**
 * The one type of `wf-scopes diff --format json` (schema/diff.schema.json): what formatJson writes and
 * what `report --drift` reads back. Keys the writer leaves undefined are absent from the file.
 */
export interface DiffJsonNeed {
  flow: string;
  connector: string;
  card: string;
  call?: { method: string; path: string; operationId?: string };
  confidence?: string;
}

export interface DiffJsonOrg {
  name: string;
  source: ActualSource;
  /** Always both keys, so consumers need not test for presence. */
  app: { id: string; label: string | null };
  inSync: boolean;
  missing: { scope: string; risk?: ScopeRisk; neededBy: DiffJsonNeed[]; reasons: string[] }[];
  coveredByBroader: { scope: string; coveredBy: string; neededBy: DiffJsonNeed[] }[];
  extra: { scope: string; risk?: ScopeRisk; revokedOnApply?: boolean; breaksConnections?: string[] }[];
  granted: string[];
  required: string[];
  issuerMismatches: { scope: string; issuer: string }[];
  /** Grants whose status is neither ACTIVE nor REVOKED (rule WFS007); absent when none. `status` null: the server sent none. */
  unknownStatus?: { scope: string; status: string | null }[];
  plan?: {
    toGrant: string[];
    toRevoke: string[];
    after: string[];
    coversDeclaration: boolean;
    action?: PlanAction;
    revokes?: { scope: string; why: RevokedScope['why']; neededBy: DiffJsonNeed[]; connections: string[]; regranted: boolean }[];
  };
}

/** An org the diff could not read (finding WFS005). */
export interface DiffJsonError {
  org: string;
  code: string;
  message: string;
  hint?: string;
}

export interface DiffJson {
  orgs: DiffJsonOrg[];
  errors: DiffJsonError[];
  /** Absent only in results of versions before findings were added. */
  findings?: FindingJson[];
}

// Source locations stay out: they hold machine-specific paths, and SARIF is the format that locates.
function needJson(n: Need): DiffJsonNeed {
  return {
    flow: n.flow,
    connector: n.connector,
    card: n.card,
    call: n.call ? { method: n.call.method, path: n.call.path, operationId: n.call.operationId } : undefined,
    confidence: n.confidence,
  };
}

function orgJson(o: OrgDrift): DiffJsonOrg {
  return {
    name: o.name,
    source: o.source,
    app: { id: o.app.id, label: o.app.label ?? null },
    inSync: o.inSync,
    missing: o.missing.map((m) => ({ scope: m.scope, risk: m.risk, neededBy: m.neededBy.map(needJson), reasons: m.reasons })),
    coveredByBroader: o.coveredByBroader.map((c) => ({
      scope: c.scope,
      coveredBy: c.coveredBy,
      neededBy: c.neededBy.map(needJson),
    })),
    extra: o.extra.map((e) => ({ scope: e.scope, risk: e.risk, revokedOnApply: e.revokedOnApply, breaksConnections: e.breaksConnections })),
    granted: o.granted,
    required: o.required,
    issuerMismatches: o.issuerMismatches.map((i) => ({ scope: i.scope, issuer: i.issuer })),
    // Only when there are some; the status is null when the server sent none.
    unknownStatus: o.unknownStatus?.length ? o.unknownStatus.map((u) => ({ scope: u.scope, status: u.status ?? null })) : undefined,
    plan: o.plan
      ? {
          toGrant: o.plan.toGrant,
          toRevoke: o.plan.toRevoke,
          after: o.plan.after,
          coversDeclaration: o.plan.coversDeclaration,
          action: o.plan.action ?? 'update',
          revokes: (o.plan.revokes ?? []).map((r) => ({
            scope: r.scope,
            why: r.why,
            neededBy: r.neededBy.map(needJson),
            connections: r.connections,
            regranted: r.regranted,
          })),
        }
      : undefined,
  };
}

function errorJson(e: OrgError): DiffJsonError {
  return { org: e.org, code: e.code, message: e.message, hint: e.hint };
}

/**
 * `{"orgs":[…],"errors":[{"org","code","message"}],"findings":[…]}`: the orgs that were read, one entry
 * per org that could not be (always present, empty when none), then the same facts as findings in the
 * shape every command shares (WFS0xx). Two-space indented, keys in the documented order, ending with a newline.
 */
export function formatJson(report: DriftReport, ctx?: ReportContext): string {
  const sorted = sortReport(report);
  const doc = `${stableStringify({ orgs: sorted.orgs.map(orgJson), errors: (sorted.errors ?? []).map(errorJson) }, { keyOrder: JSON_KEY_ORDER })}\n`;
  const base = ctx?.baseDir ?? process.cwd();
  return appendFindings(doc, driftFindings(sorted, { orgLoc: ctx?.orgLoc ?? (() => undefined) }), { baseDir: base, cwd: base });
}
