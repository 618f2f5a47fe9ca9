import { finding, type Finding } from './finding';
import { POLICY_FIX, type PolicyFinding, type PolicyResult } from '../core/policy/evaluate';

/** A policy breach as a finding (WFS103; the policy rule is its code). */
export function policyViolation(v: PolicyFinding): Finding {
  return finding('policy-violation', {
    code: v.rule,
    // `*`: a suppression, which belongs to no org.
    org: v.org === '*' ? undefined : v.org,
    scope: v.scope,
    flow: v.flow,
    card: v.card,
    message: v.message,
    fix: POLICY_FIX[v.rule],
    loc: v.loc,
  });
}

/** A breach a live suppression covers: reported with the suppression's reason, failing nothing. */
export function suppressedViolation(s: PolicyResult['suppressed'][number]): Finding {
  const suppressed = { reason: s.suppression.reason, ...(s.suppression.expires !== undefined ? { expires: s.suppression.expires } : {}) };
  return { ...policyViolation(s), suppressed };
}

/**
 * Violations (WFS103), suppressed breaches (WFS103 with `suppressed`), and suppressions that match
 * nothing (WFS105), in the evaluator's order.
 */
export function policyFindings(policy: Pick<PolicyResult, 'violations' | 'suppressed' | 'unused'>): Finding[] {
  return [
    ...policy.violations.map(policyViolation),
    ...policy.suppressed.map(suppressedViolation),
    ...policy.unused.map((s) =>
      finding('unused-suppression', {
        code: s.rule,
        scope: s.scope,
        flow: s.flow,
        card: s.card,
        message: `suppression of \`${s.rule}\` matches nothing`,
        fix: 'remove it',
        loc: s.loc,
      }),
    ),
  ];
}
