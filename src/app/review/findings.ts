import { finding, type Finding } from '../../rules/finding';
import { policyViolation, suppressedViolation } from '../../rules/policy';
import { needLabel, REAUTHORIZE_AFTER_THE_APPLY } from '../../core/wording';
import { driftFindings } from '../../rules/drift';
import type { RuleName } from '../../rules/registry';
import type { Review, ScopeChange } from './review';
import type { SettingChange, SettingKind } from './settings';

/** The rule of each kind of change of where the grants go. */
export const SETTING_RULES: Readonly<Record<SettingKind, RuleName>> = {
  'org-added': 'org-added',
  'org-removed': 'org-removed',
  domain: 'org-domain-changed',
  'app-id': 'app-id-changed',
  'app-label': 'app-label-changed',
  'app-import': 'app-import-changed',
  'env-prefix': 'env-prefix-changed',
  'allow-empty': 'allow-empty-changed',
  backend: 'backend-changed',
  'provider-version': 'provider-version-changed',
  'required-version': 'required-version-changed',
  'prevent-destroy': 'prevent-destroy-changed',
};

/** `domain changes from `a` to `b`: what an apply does.` (values in backticks: names, by convention). */
export function settingMessage(c: SettingChange): string {
  const what =
    c.kind === 'org-added'
      ? `org added (\`${c.after ?? ''}\`)`
      : c.kind === 'org-removed'
        ? `org removed (was \`${c.before ?? ''}\`)`
        : `${c.setting} changes from \`${c.before ?? ''}\` to \`${c.after ?? ''}\``;
  return `${what}: ${c.effect}`;
}

function settingFinding(c: SettingChange): Finding {
  return finding(SETTING_RULES[c.kind], {
    org: c.org,
    title: RULES_TITLE[c.kind],
    message: settingMessage(c),
    loc: c.loc,
    properties: { setting: c.setting, ...(c.before !== undefined ? { before: c.before } : {}), ...(c.after !== undefined ? { after: c.after } : {}) },
  });
}

/** Short annotation titles: what changed, never a value from the declaration. */
const RULES_TITLE: Readonly<Record<SettingKind, string>> = {
  'org-added': 'Org added',
  'org-removed': 'Org removed (its grants stay)',
  domain: 'Org domain changed: another tenant',
  'app-id': 'App id changed: grants resource replaced',
  'app-label': 'App label changed',
  'app-import': 'app.import changed',
  'env-prefix': 'envPrefix changed: other credentials',
  'allow-empty': 'allowEmpty changed',
  backend: 'Terraform backend changed: empty state',
  'provider-version': 'okta provider version changed',
  'required-version': 'Terraform required version changed',
  'prevent-destroy': 'preventDestroy changed',
};

/** `Flow: Okta/Card; …; and 2 more`: at most three needs, then a count. */
function who(c: ScopeChange): string {
  const items = [...c.neededBy.map(needLabel), ...c.reasons.map((r) => `extraScopes: ${r}`), ...(c.connectionDefault !== undefined ? [`connection default: ${c.connectionDefault}`] : [])];
  const shown = items.slice(0, 3);
  return `${shown.join('; ')}${items.length > shown.length ? `; and ${items.length - shown.length} more` : ''}`;
}

function about(c: ScopeChange): { flow?: string; card?: string } {
  const n = c.neededBy[0];
  return n ? { flow: n.flow, card: `${n.connector}/${n.card}` } : {};
}

/**
 * The review as findings: first each change of where the grants go (WFS106–WFS117), then per org, each added scope (WFS101 when high risk, else WFS102) at the line
 * that introduces it, each removed scope (WFS104) at the org, with --drift each grant an apply revokes
 * from what the app holds now (WFS002) at the org, then each policy violation (WFS103).
 * Messages leave the org out, so that renderers can name the orgs that share a finding once.
 */
export function reviewFindings(r: Review): Finding[] {
  const plan = r.base.kind === 'plan';
  // Where the grants go leads: a scope table means little once the tenant or the app changes.
  const out: Finding[] = r.settings.map(settingFinding);
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
            `${why ? ` Needed by ${why}.` : ''} ${REAUTHORIZE_AFTER_THE_APPLY}`,
          loc: a.loc,
          properties: { risk: a.risk.level },
        }),
      );
    }
  }
  // The grants of an org without a stack are not revoked (its org-removed or allow-empty finding says so).
  for (const o of r.orgs.filter((x) => x.unmanaged === undefined)) {
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
  // --drift: each grant an apply revokes from what the app holds now (WFS002, as `diff` reports it), a connection default loudest.
  const live = r.orgs.flatMap((o) => (o.live?.kind === 'checked' && o.live.comparison ? [o.live.comparison] : []));
  if (live.length > 0) out.push(...driftFindings({ orgs: live }, { orgLoc: (name) => r.orgs.find((o) => o.name === name)?.loc }).filter((f) => f.rule === 'extra-scope'));
  for (const v of r.policy.violations) out.push({ ...policyViolation(v), title: `Policy violation (${v.rule})` });
  for (const s of r.policy.suppressed) out.push({ ...suppressedViolation(s), title: `Policy violation (${s.rule}), suppressed` });
  return out;
}
