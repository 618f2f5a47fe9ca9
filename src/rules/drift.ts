import { sortReport } from '../core/drift/order';
import type { DriftReport, MissingScope, OrgDrift } from '../core/drift/types';
import { finding, type Finding } from './finding';
import type { ReportContext } from './report-context';
import { EXTRA_EFFECT, MISSING_EFFECT, extraDefaultEffect, needLabel, planActionEffect, revokedEffect, sentence, sourceLabel, UNKNOWN_STATUS_FIX } from '../core/wording';

/** `(live grants, app 0oa1)`: the org itself is the finding's `org`, which every renderer names. */
function where(o: OrgDrift): string {
  return `(${sourceLabel(o.source)}, app ${o.app.id})`;
}

function missing(o: OrgDrift, m: MissingScope, ctx: Pick<ReportContext, 'orgLoc'>): Finding {
  const notGranted = o.source === 'plan' ? 'is still not granted after the plan is applied' : 'is not granted';
  const n = m.neededBy.length;
  const message =
    n > 0
      ? `Scope ${m.scope} ${notGranted} ${where(o)}: ${n === 1 ? 'this card fails' : `these ${n} cards fail`} with ${MISSING_EFFECT}: ${m.neededBy.map(needLabel).join('; ')}.`
      : `Scope ${m.scope} ${notGranted} ${where(o)} though extraScopes declares it: ${m.reasons.join('; ')}.`;
  const [first, ...rest] = m.neededBy;
  const related: { loc: { file: string; line: number; column: number }; message: string }[] = [];
  const seen = new Set<string>();
  for (const need of rest) {
    const key = `${need.loc.file}:${need.loc.line}:${need.loc.column}:${needLabel(need)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    related.push({ loc: need.loc, message: needLabel(need) });
  }
  return finding('missing-scope', {
    org: o.name,
    scope: m.scope,
    flow: first?.flow,
    card: first ? `${first.connector}/${first.card}` : undefined,
    message,
    // An extraScopes-only scope has no card to point at: the org's declaration is the nearest place.
    loc: first?.loc ?? ctx.orgLoc(o.name),
    related: related.length > 0 ? related : undefined,
    properties: { source: o.source },
  });
}

/**
 * The drift report as findings, in report order (orgs by name; per org missing, covered by broader,
 * extra, issuer mismatches): what `diff --format sarif|github` and the JSON `findings` list.
 */
export function driftFindings(report: DriftReport, ctx: Pick<ReportContext, 'orgLoc'>): Finding[] {
  const out: Finding[] = [];
  const sorted = sortReport(report);
  for (const o of sorted.orgs) {
    const at = ctx.orgLoc(o.name);
    const unsafe = unsafePlan(o, at);
    if (unsafe) out.push(unsafe);
    for (const m of o.missing) out.push(missing(o, m, ctx));
    for (const c of o.coveredByBroader) {
      const first = c.neededBy[0];
      out.push(
        finding('covered-by-broader', {
          org: o.name,
          scope: c.scope,
          message: `Scope ${c.scope} is held ${where(o)} only through ${c.coveredBy}; an apply of the generated stack grants it too.`,
          loc: first?.loc ?? at,
          properties: { source: o.source, coveredBy: c.coveredBy },
        }),
      );
    }
    for (const e of o.extra) {
      const effect =
        o.source === 'plan'
          ? 'stays granted after the plan is applied'
          : e.breaksConnections?.length
            ? `is ${extraDefaultEffect(e.breaksConnections)}`
            : `is granted; ${EXTRA_EFFECT}`;
      out.push(
        finding('extra-scope', {
          org: o.name,
          scope: e.scope,
          message: `Scope ${e.scope} is not declared ${where(o)} but ${effect}. To keep it, list it under extraScopes with a reason.`,
          loc: at,
          properties: { source: o.source },
        }),
      );
    }
    for (const i of o.issuerMismatches) {
      out.push(
        finding('issuer-mismatch', {
          org: o.name,
          scope: i.scope,
          message: `Scope ${i.scope} is granted ${where(o)} under issuer ${i.issuer}, not the org's.`,
          loc: at,
          properties: { source: o.source, issuer: i.issuer },
        }),
      );
    }
    if (o.unknownStatus?.length) {
      for (const u of o.unknownStatus) {
        out.push(
          finding('unknown-grant-status', {
            org: o.name,
            scope: u.scope,
            message: `Scope ${u.scope} has a grant ${where(o)} of status ${u.status === undefined ? '(none)' : u.status}, neither ACTIVE nor REVOKED: it may be in force.`,
            loc: at,
            fix: UNKNOWN_STATUS_FIX,
            properties: { source: o.source, status: u.status ?? '' },
          }),
        );
      }
    }
  }
  for (const e of sorted.errors ?? []) {
    out.push(
      finding('org-not-read', {
        org: e.org,
        message: `Not compared, its grants could not be read: ${sentence(e.message)}${e.hint ? ` ${sentence(e.hint)}` : ''}`,
        loc: ctx.orgLoc(e.org),
        properties: { code: e.code },
      }),
    );
  }
  return out;
}

/** A plan that replaces or deletes the grants, or revokes what must stay: one error at the org. */
function unsafePlan(o: OrgDrift, at: ReturnType<Pick<ReportContext, 'orgLoc'>['orgLoc']>): Finding | undefined {
  if (!o.plan) return undefined;
  const parts: string[] = [];
  const action = planActionEffect(o.plan.action);
  if (action) parts.push(`The plan ${action}.`);
  for (const r of o.plan.revokes ?? []) parts.push(`${r.scope}: ${revokedEffect(r)}.`);
  if (parts.length === 0) return undefined;
  return finding('plan-revokes-grants', {
    org: o.name,
    message: `${where(o)}: ${parts.join(' ')}`,
    loc: at,
    properties: { source: o.source, action: o.plan.action ?? 'update' },
  });
}
