import { unsafePlan } from './compare';
import type { DriftReport, OrgDrift } from './types';

/**
 * Kinds of drift that can fail a run; issuer mismatches are informational. `missing` and
 * `unsafe-plan` mean 403s (now, after, or during an apply); `covered` and `extra` mean an apply of the
 * generated stack would still change the grants.
 */
export type DriftKind = 'missing' | 'unsafe-plan' | 'covered' | 'extra';

/** The kinds `--fail-on missing` fails on: those that make a card fail with 403. */
const FAILS_CARDS: readonly DriftKind[] = ['missing', 'unsafe-plan'];

/** `--fail-on`: which drift makes the exit code 2. */
export type FailOn = 'missing' | 'any' | 'none';
export const FAIL_ON_VALUES: readonly FailOn[] = ['missing', 'any', 'none'];

export function isFailOn(value: string): value is FailOn {
  return (FAIL_ON_VALUES as readonly string[]).includes(value);
}

/** The drift kinds present in one org, in a fixed order. */
export function driftKinds(org: OrgDrift): DriftKind[] {
  const kinds: DriftKind[] = [];
  if (org.missing.length > 0) kinds.push('missing');
  if (unsafePlan(org)) kinds.push('unsafe-plan');
  if (org.coveredByBroader.length > 0) kinds.push('covered');
  if (org.extra.length > 0) kinds.push('extra');
  return kinds;
}

/**
 * 0 when no org has drift of a selected kind, 2 when one has (the values of EXIT_OK and EXIT_DRIFT in
 * src/cli/io.ts, like `terraform plan -detailed-exitcode`). 1 when an org could not be read.
 * `any` is exactly "an apply of the generated stack would change the grants" (a `.read` held only
 * through its `.manage` included), plus any plan that revokes what must stay; `missing` fails only
 * where a card would 403: a missing scope, or a plan that replaces, deletes or revokes a needed grant.
 */
export function exitCodeFor(report: DriftReport, failOn: FailOn): 0 | 1 | 2 {
  // An org that could not be read outranks any drift in the others: the run did not do its job.
  if ((report.errors ?? []).length > 0) return 1;
  if (failOn === 'none') return 0;
  const selected = (k: DriftKind): boolean => failOn === 'any' || FAILS_CARDS.includes(k);
  return report.orgs.some((o) => driftKinds(o).some(selected)) ? 2 : 0;
}

export interface OrgSummary {
  name: string;
  inSync: boolean;
  missing: number;
  extra: number;
  coveredByBroader: number;
  issuerMismatches: number;
  /** Plan source only. */
  plan?: { toGrant: number; toRevoke: number; coversDeclaration: boolean };
}

/** Counts per org, in report order: what a one-line summary needs. */
export function summarize(report: DriftReport): OrgSummary[] {
  return report.orgs.map((o) => {
    const s: OrgSummary = {
      name: o.name,
      inSync: o.inSync,
      missing: o.missing.length,
      extra: o.extra.length,
      coveredByBroader: o.coveredByBroader.length,
      issuerMismatches: o.issuerMismatches.length,
    };
    if (o.plan) {
      s.plan = {
        toGrant: o.plan.toGrant.length,
        toRevoke: o.plan.toRevoke.length,
        coversDeclaration: o.plan.coversDeclaration,
      };
    }
    return s;
  });
}
