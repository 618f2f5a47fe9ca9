import * as path from 'node:path';
import type { Location, ReportingDescriptor, Result } from 'sarif';
import { artifactUri, sarifLog } from '../report/sarif';
import { REAUTHORIZE, needLabel } from '../report/wording';
import type { SourceLoc } from '../util/diagnostics';
import type { ReviewContext } from './context';
import type { Review, ScopeChange } from './review';

export const RULE_HIGH_RISK_ADDED = 'WFS101';
export const RULE_SCOPE_ADDED = 'WFS102';
export const RULE_POLICY = 'WFS103';
export const RULE_SCOPE_REMOVED = 'WFS104';

/** Fixed order: results refer to rules by index too. */
const RULES: ReportingDescriptor[] = [
  {
    id: RULE_HIGH_RISK_ADDED,
    name: 'high-risk-scope-added',
    shortDescription: { text: 'The change grants a high-risk Okta API scope' },
    fullDescription: {
      text: 'A scope that can take over accounts or apps, weaken authentication, or grant more access is added to the Okta Workflows OAuth app.',
    },
    help: {
      text: `Confirm that the flow needs it, or use a card that needs less. ${REAUTHORIZE}`,
      markdown: `Confirm that the flow needs it, or use a card that needs less.\n\n${REAUTHORIZE}`,
    },
    defaultConfiguration: { level: 'warning' },
  },
  {
    id: RULE_SCOPE_ADDED,
    name: 'scope-added',
    shortDescription: { text: 'The change grants an Okta API scope' },
    fullDescription: { text: 'A scope is added to the Okta Workflows OAuth app.' },
    help: { text: REAUTHORIZE, markdown: REAUTHORIZE },
    defaultConfiguration: { level: 'note' },
  },
  {
    id: RULE_POLICY,
    name: 'policy-violation',
    shortDescription: { text: 'The declaration breaks its own policy' },
    fullDescription: { text: 'A scope, card or suppression of scopes.yaml breaks a rule of its `policy:` section, or a suppression has expired.' },
    help: {
      text: 'Remove the card or scope, give the reason the policy asks for, or add a suppression with a reason.',
      markdown: 'Remove the card or scope, give the reason the policy asks for, or add a suppression with a reason.',
    },
    defaultConfiguration: { level: 'error' },
  },
  {
    id: RULE_SCOPE_REMOVED,
    name: 'scope-removed',
    shortDescription: { text: 'The change revokes an Okta API scope' },
    fullDescription: { text: 'A scope is no longer declared; applying the stack revokes it from the Okta Workflows OAuth app.' },
    help: { text: 'Check that no flow still needs it.', markdown: 'Check that no flow still needs it.' },
    defaultConfiguration: { level: 'note' },
  },
];


function location(loc: SourceLoc, ctx: ReviewContext): Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(loc.file, ctx.baseDir) },
      region: { startLine: Math.max(1, loc.line), startColumn: Math.max(1, loc.column) },
    },
  };
}

function needs(c: ScopeChange): string {
  const items = [...c.neededBy.map(needLabel), ...c.reasons.map((r) => `extraScopes: ${r}`)];
  return items.length > 0 ? items.join('; ') : 'nothing declared';
}

function result(ruleIndex: number, text: string, loc: SourceLoc | undefined, properties: Record<string, string>, ctx: ReviewContext): Result {
  const rule = RULES[ruleIndex];
  const r: Result = { ruleId: rule.id, ruleIndex, level: rule.defaultConfiguration?.level ?? 'note', message: { text }, properties };
  if (loc) r.locations = [location(loc, ctx)];
  return r;
}

/**
 * SARIF 2.1.0: a result per added scope (high risk as a warning, others as notes) at the line that
 * introduces it, a note per removed scope at its org, and an error per policy violation. Locations are
 * relative to ctx.baseDir; nothing time- or machine-dependent is written.
 */
export function reviewToSarif(r: Review, ctx: ReviewContext): string {
  const abs = (loc: SourceLoc | undefined): SourceLoc | undefined => (loc ? { ...loc, file: absolute(loc.file, ctx) } : undefined);
  const results: Result[] = [];
  for (const o of r.orgs) {
    for (const a of o.added) {
      const high = a.risk.level === 'high';
      const text = `Org ${o.name}: adds ${a.scope} (${a.risk.level} risk: ${a.risk.rationale}); needed by ${needs(a)}.`;
      results.push(result(high ? 0 : 1, text, abs(a.loc), { org: o.name, scope: a.scope, risk: a.risk.level }, ctx));
    }
    for (const c of o.removed) {
      const text = `Org ${o.name}: removes ${c.scope}; it was needed by ${needs(c)}.`;
      results.push(result(3, text, abs(o.loc), { org: o.name, scope: c.scope, risk: c.risk.level }, ctx));
    }
  }
  for (const v of r.policy.violations) {
    const text = `${v.org === '*' ? '' : `Org ${v.org}: `}${v.message}`;
    results.push(result(2, text, abs(v.loc), { org: v.org, rule: v.rule, ...(v.scope ? { scope: v.scope } : {}) }, ctx));
  }
  return sarifLog(RULES, results, ctx.toolVersion);
}

/** artifactUri resolves against its base folder; the review's paths are relative to the working folder. */
function absolute(file: string, ctx: ReviewContext): string {
  return path.resolve(ctx.cwd, file);
}
