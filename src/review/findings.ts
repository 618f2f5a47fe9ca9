import { finding, type Finding } from '../findings/types';
import { policyViolation, suppressedViolation } from '../policy/findings';
import { needLabel } from '../report/wording';
import type { Review, ScopeChange } from './review';

/** `Flow: Okta/Card; …; and 2 more`: at most three needs, then a count. */
function who(c: ScopeChange): string {
  const items = [...c.neededBy.map(needLabel), ...c.reasons.map((r) => `extraScopes: ${r}`)];
  const shown = items.slice(0, 3);
  return `${shown.join('; ')}${items.length > shown.length ? `; and ${items.length - shown.length} more` : ''}`;
}

function about(c: ScopeChange): { flow?: string; card?: string } {
  const n = c.neededBy[0];
  return n ? { flow: n.flow, card: `${n.connector}/${n.card}` } : {};
}

/**
 * The review as findings: per org, each added scope (WFS101 when high risk, else WFS102) at the line
 * that introduces it, each removed scope (WFS104) at the org, then each policy violation (WFS103).
 * Messages leave the org out, so that renderers can name the orgs that share a finding once.
 */
export function reviewFindings(r: Review): Finding[] {
  const plan = r.base.kind === 'plan';
  const out: Finding[] = [];
  for (const o of r.orgs) {
    for (const a of o.added) {
      const high = a.risk.level === 'high';
      const why = who(a);
      out.push(
        finding(high ? 'high-risk-scope-added' : 'scope-added', {
          org: o.name,
          scope: a.scope,
          ...about(a),
          title: `${high ? 'High-risk scope' : 'Scope'} added: ${a.scope}`,
          message:
            `${plan ? 'grants' : 'adds'} ${a.scope} (${a.risk.level} risk: ${a.risk.rationale}).` +
            `${why ? ` Needed by ${why}.` : ''} After the apply, reauthorize the Okta Workflows connection.`,
          loc: a.loc,
          properties: { risk: a.risk.level },
        }),
      );
    }
  }
  for (const o of r.orgs) {
    for (const c of o.removed) {
      const why = who(c);
      out.push(
        finding('scope-removed', {
          org: o.name,
          scope: c.scope,
          ...about(c),
          title: `Scope ${plan ? 'revoked' : 'removed'}: ${c.scope}`,
          message: `${plan ? 'revokes' : 'removes'} ${c.scope}${why ? ` (was needed by ${why})` : ''}.`,
          loc: o.loc,
          properties: { risk: c.risk.level },
        }),
      );
    }
  }
  for (const v of r.policy.violations) out.push({ ...policyViolation(v), title: `Policy violation (${v.rule})` });
  for (const s of r.policy.suppressed) out.push({ ...suppressedViolation(s), title: `Policy violation (${s.rule}), suppressed` });
  return out;
}
