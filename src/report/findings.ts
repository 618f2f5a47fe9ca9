import { sortReport } from '../drift/order';
import type { DriftReport, MissingScope, OrgDrift } from '../drift/types';
import { finding, type Finding } from '../findings/types';
import type { ReportContext } from './context';
import { EXTRA_EFFECT, MISSING_EFFECT, needLabel, sourceLabel } from './wording';

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
  for (const o of sortReport(report).orgs) {
    const at = ctx.orgLoc(o.name);
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
      const effect = o.source === 'plan' ? 'stays granted after the plan is applied' : `is granted; ${EXTRA_EFFECT}`;
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
  }
  return out;
}
