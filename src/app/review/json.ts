import type { PolicyFinding } from '../../core/policy/evaluate';
import { needToJson } from '../../output/check';
import { stableStringify } from '../../output/stable-json';
import { appendFindings } from '../../output/findings/json';
import { reviewFindings } from './findings';
import type { SourceLoc } from '../../util/diagnostics';
import type { ReviewContext } from './context';
import { displayPath } from '../../util/paths';
import type { LiveItem, OrgLive } from './live';
import type { Review, ScopeChange } from './review';

/** Documented reading order; keys not listed follow alphabetically. */
const KEY_ORDER: readonly string[] = [
  'file',
  'base',
  'drift',
  'summary',
  'settings',
  'orgs',
  'flows',
  'policy',
  'notes',
  'kind',
  'label',
  'absent',
  'sha256',
  'scopesAdded',
  'highRiskAdded',
  'scopesRemoved',
  'policyViolations',
  'settingChanges',
  'grantsAdded',
  'highRiskGrantsAdded',
  'orgsGaining',
  'grantsRemoved',
  'grantsLeft',
  'needsDecision',
  'decision',
  'name',
  'status',
  'unmanaged',
  'live',
  'source',
  'count',
  'declaredScopes',
  'high',
  'declared',
  'unknown',
  'apply',
  'adds',
  'revokes',
  'baseDiffers',
  'undeclared',
  'lacking',
  'why',
  'failed',
  'code',
  'setting',
  'effect',
  'added',
  'removed',
  'scope',
  'risk',
  'level',
  'rationale',
  'neededBy',
  'reasons',
  'connectionDefault',
  'breaksConnections',
  'coveredBy',
  'stillUsed',
  'otherOrgs',
  'exports',
  'flow',
  'connector',
  'card',
  'call',
  'cardsAdded',
  'cardsRemoved',
  'before',
  'after',
  'violations',
  'suppressed',
  'rule',
  'org',
  'message',
  'suppression',
  'reason',
  'expires',
  'at',
  'line',
  'column',
];

function at(loc: SourceLoc | undefined, ctx: ReviewContext): { file: string; line: number; column: number } | undefined {
  return loc ? { file: displayPath(loc.file, ctx.cwd, ctx.baseDir), line: loc.line, column: loc.column } : undefined;
}

function scopeJson(c: ScopeChange, ctx: ReviewContext): unknown {
  const stillUsed = c.stillUsed
    ? { otherOrgs: c.stillUsed.otherOrgs.map((u) => ({ org: u.org, ...needToJson(u.need) })), exports: c.stillUsed.exports.map((u) => ({ file: u.file, flow: u.flow, card: u.card })) }
    : undefined;
  return { scope: c.scope, risk: c.risk, neededBy: c.neededBy.map(needToJson), reasons: c.reasons, connectionDefault: c.connectionDefault, stillUsed, at: at(c.loc, ctx) };
}

function liveItemJson(x: LiveItem): unknown {
  return { scope: x.scope, risk: { level: x.risk, rationale: x.rationale }, breaksConnections: x.breaks, coveredBy: x.coveredBy };
}

/** `--drift`: what the app holds now and what approving grants and revokes from there (README, review). */
function liveJson(l: OrgLive | undefined): unknown {
  if (l === undefined) return undefined;
  if (l.kind === 'not-checked') return { kind: l.kind, why: l.why, failed: l.failed };
  const apply = l.apply ? { adds: l.apply.adds.map(liveItemJson), revokes: l.apply.revokes.map(liveItemJson) } : undefined;
  return { kind: l.kind, source: l.source, count: l.count, declaredScopes: l.declaredScopes, high: l.high, unknown: l.unknown, apply, baseDiffers: l.baseDiffers };
}

function findingJson(f: PolicyFinding, ctx: ReviewContext): Record<string, unknown> {
  return { rule: f.rule, org: f.org, scope: f.scope, flow: f.flow, card: f.card, message: f.message, at: at(f.loc, ctx) };
}

/** `--format json`: stable bytes; paths relative to the repository root; undefined members left out. */
export function reviewToJson(r: Review, ctx: ReviewContext): string {
  const doc = {
    file: displayPath(r.file, ctx.cwd, ctx.baseDir),
    base: r.base,
    // `null`: what the apps hold was not checked (no --drift given).
    drift: r.drift ?? null,
    summary: r.summary,
    settings: r.settings.map((c) => ({ org: c.org, kind: c.kind, setting: c.setting, before: c.before, after: c.after, effect: c.effect, at: at(c.loc, ctx) })),
    orgs: r.orgs.map((o) => ({
      name: o.name,
      status: o.status,
      // Set when no stack applies the org (removed, or allowEmpty): its `removed` scopes stay granted.
      unmanaged: o.unmanaged,
      live: liveJson(o.live),
      added: o.added.map((c) => scopeJson(c, ctx)),
      removed: o.removed.map((c) => scopeJson(c, ctx)),
    })),
    flows: r.flows?.map((f) => ({
      flow: f.flow,
      status: f.status,
      cardsAdded: f.cardsAdded,
      cardsRemoved: f.cardsRemoved,
      // `null` stands for "every org", which JSON cannot otherwise tell from "unchanged".
      orgs: f.orgs ? { before: f.orgs.before ?? null, after: f.orgs.after ?? null } : undefined,
      at: at(f.loc, ctx),
    })),
    policy: {
      // false: scopes.yaml has no `policy:` section, so nothing is denied (a finding to act on).
      declared: r.policy.declared,
      violations: r.policy.violations.map((v) => findingJson(v, ctx)),
      suppressed: r.policy.suppressed.map((s) => ({ ...findingJson(s, ctx), suppression: { reason: s.suppression.reason, expires: s.suppression.expires } })),
    },
    notes: r.notes,
  };
  // `findings`: the same facts in the shape every command shares, after the documented members.
  return appendFindings(`${stableStringify(doc, { keyOrder: KEY_ORDER })}\n`, reviewFindings(r), ctx);
}
