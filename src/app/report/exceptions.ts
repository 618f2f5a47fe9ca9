import { globMatch } from '../../core/risk';
import type { Suppression } from '../../core/manifest/types';
import { formatLoc } from '../../util/diagnostics';
import type { AccessReportInput, OrgPolicy, PolicyException } from './types';

/** The declaration's policy as the report shows it per org: its violations and its exceptions (suppressions). */

function targetOf(s: Suppression): string {
  const parts = [s.scope && `scope ${s.scope}`, s.flow && `flow ${s.flow}`, s.card && `card ${s.card}`].filter((x): x is string => typeof x === 'string');
  return parts.length ? parts.join(' · ') : 'every finding of the rule';
}

export function orgPolicy(input: AccessReportInput, org: string): OrgPolicy {
  const decl = input.manifest.policy;
  const at = (l: { file: string; line: number; column: number }) => formatLoc(l);
  const exceptions: PolicyException[] = (decl?.suppressions ?? []).map((s) => {
    const expired = s.expires !== undefined && s.expires < input.today;
    const covers = expired ? 0 : input.policy.suppressed.filter((f) => f.org === org && sameLoc(f.suppression.loc, s.loc)).length;
    return {
      rule: s.rule,
      target: targetOf(s),
      reason: s.reason,
      ...(s.expires !== undefined ? { expires: s.expires } : {}),
      status: expired ? 'expired' : 'active',
      covers,
      at: at(s.loc),
    };
  });
  const violations = input.policy.violations.filter((v) => v.org === org || v.org === '*').map((v) => ({ rule: v.rule, message: v.message, at: at(v.loc) }));
  return { declared: decl !== undefined, violations, exceptions };
}

function sameLoc(a: { file: string; line: number; column: number }, b: { file: string; line: number; column: number }): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** The exceptions bearing on one scope: those naming it (by glob) and those suppressing a finding about it. */
export function exceptionsFor(input: AccessReportInput, org: string, scope: string, all: PolicyException[]): PolicyException[] {
  const sups = input.manifest.policy?.suppressions ?? [];
  return sups
    .map((s, i) => ({ s, e: all[i] }))
    .filter(({ s }) => (s.scope !== undefined && globMatch(s.scope, scope)) || input.policy.suppressed.some((f) => f.org === org && f.scope === scope && sameLoc(f.suppression.loc, s.loc)))
    .map(({ e }) => e);
}
