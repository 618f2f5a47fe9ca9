// The fix explain prints: the steps in order (declare, apply, reauthorize) and the likely cause when scopes.yaml already grants the scope.
import { reauthorizeStep } from '../../core/wording';
import type { ExplainContext, Explanation } from './explain';

export const WORKFLOWS_APP = 'Okta Workflows OAuth';

function code(s: string): string {
  return `\`${s}\``;
}

function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The scopes to tick in a "Customize scopes" connection, or none. */
function tickList(scopes: string[]): string | undefined {
  return scopes.length > 0 ? listOf(scopes.map(code)) : undefined;
}

/** The connector whose connection to reauthorize: that of the cards calling the refused operation, else Okta. */
function connectorOf(e: Explanation): string {
  const names = [...new Set((e.resourceCards.length > 0 ? e.resourceCards : e.scopes.flatMap((s) => s.cards.filter((c) => !c.customApi))).map((c) => c.connector))];
  return names.length === 1 ? names[0] : 'Okta';
}

export function fixSteps(e: Explanation, ctx: ExplainContext): void {
  const toGrant = e.scopes.filter((s) => !s.autoGranted).map((s) => s.scope);
  const connector = connectorOf(e);
  if (toGrant.length === 0) {
    const names = listOf(e.scopes.map((s) => code(s.scope)));
    e.likelyCause = `${names} is a default scope the connection requests when it is authorized; it is missing only when its grant was revoked or the authorization is stale.`;
    e.steps = [
      `Check that the grant was not revoked: Admin Console → Applications → ${WORKFLOWS_APP} → Okta API Scopes. Never revoke default scopes: authorization fails without them.`,
      reauthorizeStep(connector, 'so that its token carries the default scopes again'),
      'Run the flow again.',
    ];
    return;
  }
  const project = ctx.project;
  const grants = e.scopes.filter((s) => !s.autoGranted).flatMap((s) => s.orgs);
  const missingOrgs = [...new Set(grants.filter((g) => g.status === 'not-granted').map((g) => g.org))];
  const scopesText = listOf(toGrant.map(code));

  if (project && project.resolution.orgs.length > 0 && missingOrgs.length === 0) {
    const orgs = project.resolution.orgs.map((o) => o.name);
    e.likelyCause =
      `${ctx.config.file} already grants ${scopesText} in ${orgs.length > 1 ? `every org (${orgs.join(', ')})` : `org ${orgs[0]}`}, ` +
      'so the connection was most likely not reauthorized since the grant, or the apply did not run in the org where the flow failed.';
    e.steps = [
      `Check that the grant reached that org: \`${terraformIn(orgs, 'plan')}\` shows no change (or Admin Console → Applications → ${WORKFLOWS_APP} → Okta API Scopes lists ${scopesText} as granted). If not, \`wf-scopes synth\` and apply it (\`${terraformIn(orgs, 'apply')}\`).`,
      reauthorizeStep(connector, `so that its token carries the new grant${toGrant.length > 1 ? 's' : ''}`, tickList(toGrant)),
      'Run the flow again.',
    ];
    return;
  }

  const where = project && missingOrgs.length > 0 ? ` in ${missingOrgs.length > 1 ? 'orgs' : 'org'} ${missingOrgs.join(', ')}` : '';
  e.steps = [
    declareStep(e, toGrant, missingOrgs, ctx),
    `Run \`wf-scopes synth\`, review \`${terraformIn(missingOrgs, 'plan')}\`, then apply it (\`${terraformIn(missingOrgs, 'apply')}\`) so that the ${WORKFLOWS_APP} app is granted ${scopesText}${where}.`,
    reauthorizeStep(connector, `so that its token carries the new grant${toGrant.length > 1 ? 's' : ''}`, tickList(toGrant)),
    'Run the flow again.',
  ];
}

/** The README's Terraform command for the stack of the one org concerned, else for `<org>`. */
function terraformIn(orgs: readonly string[], command: 'plan' | 'apply'): string {
  return `terraform -chdir=cdktf.out/stacks/${orgs.length === 1 ? orgs[0] : '<org>'} ${command}`;
}

function declareStep(e: Explanation, toGrant: string[], missingOrgs: string[], ctx: ExplainContext): string {
  const file = ctx.config.file;
  const extra = `(or list ${listOf(toGrant.map(code))} under \`extraScopes:\` with a \`reason:\`)`;
  // A flow that already uses the card but is limited to other orgs: widening its orgs is the fix.
  const limited = e.flows.filter((f) => f.orgs && missingOrgs.some((o) => !f.orgs?.includes(o)));
  if (limited.length > 0 && limited.length === e.flows.length) {
    const f = limited[0];
    const add = missingOrgs.filter((o) => !f.orgs?.includes(o));
    return `In ${file}, add ${listOf(add)} to \`orgs:\` of flow ${code(f.flow)}: it uses ${f.card} but runs only in ${listOf(f.orgs ?? [])} ${extra}.`;
  }
  const candidates = e.resourceCards.length > 0 ? e.resourceCards.map((c) => c.ref) : undefined;
  const refused = e.operations.filter((o) => o.needsExplainedScope);
  let card: string;
  if (candidates) card = `${listOf(candidates.map(code))} to \`cards:\` of the flow that failed`;
  else if (refused.length === 1) {
    card = `the card that calls ${refused[0].method} ${refused[0].path} to \`cards:\` of the flow that failed (a Custom API Action as ${code(`Okta/Custom API Action: ${refused[0].method} ${refused[0].path}`)})`;
  } else {
    const needing = e.scopes.flatMap((s) => s.cards.filter((c) => !c.customApi).map((c) => c.ref));
    const some = [...new Set(needing)].slice(0, 3);
    card = some.length > 0 ? `the card that needs it (e.g. ${listOf(some.map(code))}) to \`cards:\` of the flow that uses it` : 'the card that needs it to `cards:` of the flow that uses it';
  }
  const forOrgs = ctx.project && missingOrgs.length > 0 && missingOrgs.length < ctx.project.resolution.orgs.length ? ` (the flow must run in ${listOf(missingOrgs)})` : '';
  return `In ${file}, add ${card}${forOrgs} ${extra}.`;
}
