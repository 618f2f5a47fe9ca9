import { compareStrings } from '../../util/compare';
import { compareNeeds } from '../resolve/resolve';
import type { DriftReport, OrgDrift } from './types';

export { compareStrings, compareNeeds };

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

const byScope = (a: { scope: string }, b: { scope: string }): number => compareStrings(a.scope, b.scope);

/**
 * The canonical order of every list in an OrgDrift. compareOrg already returns it; formatters apply it
 * again so that a hand-built report (another module's, a test's) renders identically too.
 */
export function sortOrgDrift(org: OrgDrift): OrgDrift {
  const sorted: OrgDrift = {
    ...org,
    missing: org.missing
      .map((m) => ({ ...m, neededBy: [...m.neededBy].sort(compareNeeds), reasons: sortedUnique(m.reasons) }))
      .sort(byScope),
    coveredByBroader: org.coveredByBroader
      .map((c) => ({ ...c, neededBy: [...c.neededBy].sort(compareNeeds) }))
      .sort(byScope),
    extra: org.extra.map((e) => (e.breaksConnections ? { ...e, breaksConnections: sortedUnique(e.breaksConnections) } : e)).sort(byScope),
    granted: sortedUnique(org.granted),
    required: sortedUnique(org.required),
    issuerMismatches: [...org.issuerMismatches].sort(
      (a, b) => compareStrings(a.scope, b.scope) || compareStrings(a.issuer, b.issuer),
    ),
  };
  if (org.unknownStatus) {
    sorted.unknownStatus = [...org.unknownStatus].sort((a, b) => compareStrings(a.scope, b.scope) || compareStrings(a.status ?? '', b.status ?? ''));
  }
  if (org.plan) {
    sorted.plan = {
      toGrant: sortedUnique(org.plan.toGrant),
      toRevoke: sortedUnique(org.plan.toRevoke),
      after: sortedUnique(org.plan.after),
      coversDeclaration: org.plan.coversDeclaration,
    };
    if (org.plan.action) sorted.plan.action = org.plan.action;
    if (org.plan.revokes) {
      sorted.plan.revokes = org.plan.revokes
        .map((r) => ({ ...r, neededBy: [...r.neededBy].sort(compareNeeds), connections: sortedUnique(r.connections) }))
        .sort(byScope);
    }
  }
  return sorted;
}

/** Orgs by name, each in canonical order; errors by org, then code. */
export function sortReport(report: DriftReport): DriftReport {
  const errors = [...(report.errors ?? [])].sort((a, b) => compareStrings(a.org, b.org) || compareStrings(a.code, b.code));
  return { orgs: report.orgs.map(sortOrgDrift).sort((a, b) => compareStrings(a.name, b.name)), errors };
}
