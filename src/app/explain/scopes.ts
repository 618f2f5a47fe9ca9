// Explains one or more scopes: what needs each, its risk, its grant per org and in the flows, then the fix.
import { globMatch, riskOf } from '../../core/risk';
import { fixSteps } from './fix';
import { cardsCalling, cardsNeeding, flowUses, orgGrant } from './lookups';
import type { ExplainContext, Explanation, OperationInfo, ScopeExplanation } from './explain';

function configNotes(ctx: ExplainContext): string[] {
  return ctx.config.loaded
    ? []
    : [`No ${ctx.config.file} here, so this is explained without the declaration; pass --config FILE to check whether it grants the scope.`];
}

export function explainScopes(
  verdict: 'missing-scope' | 'scope' | 'endpoint',
  scopes: string[],
  operations: OperationInfo[],
  request: Explanation['request'],
  ctx: ExplainContext,
): Explanation {
  const { catalog, project } = ctx;
  const wanted = new Set(scopes);
  const ops = operations.map((o) => ({ ...o, needsExplainedScope: o.requires.some((s) => wanted.has(s)) }));
  // The operation(s) the token was refused for: among a path's methods, those needing the scope.
  const refused = ops.some((o) => o.needsExplainedScope) ? ops.filter((o) => o.needsExplainedScope) : ops;
  const refusedRows = refused.map((o) => `${o.method} ${o.path}`);
  const resourceCards = cardsCalling(refused, catalog);
  const resourceRefs = new Set(resourceCards.map((c) => c.ref));

  const explained = scopes.map((scope): ScopeExplanation => {
    const info = catalog.scope(scope);
    const risk = riskOf(scope);
    const deny = project?.manifest.policy?.deny.find((d) => globMatch(d.pattern, scope));
    return {
      scope,
      known: info !== undefined || catalog.isAutoGranted(scope),
      ...(info ? { description: cleanDescription(info.description) } : {}),
      autoGranted: catalog.isAutoGranted(scope),
      risk: { level: risk.level, rationale: risk.rationale },
      cards: cardsNeeding(scope, refusedRows, resourceRefs, catalog),
      orgs: project ? project.resolution.orgs.map((org) => orgGrant(org, scope, catalog)) : [],
      ...(deny ? { deniedBy: deny.pattern } : {}),
    };
  });

  const flows = project ? flowUses(project.manifest.flows, wanted, refused, resourceRefs, catalog) : [];
  const out: Explanation = {
    verdict,
    summary: summaryOf(verdict, scopes, request, refused),
    ...(request ? { request } : {}),
    operations: ops,
    scopes: explained,
    resourceCards,
    flows,
    config: ctx.config,
    steps: [],
    notes: configNotes(ctx),
  };
  fixSteps(out, ctx);
  for (const s of explained) {
    if (!s.known) out.notes.push(`${s.scope} is not in wf-scopes' catalog (a scope newer than its data?); the steps still apply.`);
    if (s.deniedBy) {
      out.notes.push(`scopes.yaml's policy denies ${s.scope} (\`${s.deniedBy}\`): granting it needs a suppression with a reason, or another way to do the job.`);
    }
  }
  return out;
}

function summaryOf(verdict: 'missing-scope' | 'scope' | 'endpoint', scopes: string[], request: Explanation['request'], refused: OperationInfo[]): string {
  const list = scopes.join(' and ');
  switch (verdict) {
    case 'missing-scope': {
      const target = request ? `The call to ${request.path}` : 'The call';
      const plural = scopes.length > 1 ? 'scopes' : 'scope';
      return `${target} failed with 403 insufficient_scope: the Okta Workflows connection's access token lacks the ${plural} ${list}.`;
    }
    case 'endpoint': {
      const op = refused[0];
      return `${op.method} ${op.path} (${op.operationId}) needs ${scopes.length > 1 ? `all of ${list}` : list}; without it the card fails with 403 insufficient_scope.`;
    }
    case 'scope':
      return `What needs ${list}, and how to grant it to the Okta Workflows connection.`;
  }
}

/** scopes.tsv descriptions carry provenance tags like `[WF-LISTED]`; they mean nothing to a reader. */
function cleanDescription(d: string): string {
  return d.replace(/\s*\[[A-Z][A-Z-]*\]/g, '').trim();
}
