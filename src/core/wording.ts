import type { ActualSource, DriftReport, OrgDrift, PlanAction, RevokedScope } from './drift/types';
import type { Catalog } from './catalog/types';
import type { CardUse } from './manifest/types';
import type { Need } from './resolve/types';

/** Shared wording, so that every format tells the user the same thing. */

/** The one line check and synth print for the cards `policy.acknowledgeInferred` names, instead of a warning each. */
export function acknowledgedInferredNote(count: number): string {
  return `note: ${count} card${count === 1 ? '' : 's'} with scopes not all stated by Okta acknowledged (policy.acknowledgeInferred)\n`;
}

export const MISSING_EFFECT = '403 insufficient_scope at run time';
export const EXTRA_EFFECT = 'an apply of the generated stack revokes this';
/** Plan source: the after-state still holds it, so the plan's stack does not match the declaration. */
export const EXTRA_AFTER_APPLY_EFFECT = 'still granted after the apply though not declared (re-synthesize the stack)';
/** A grant whose status is neither ACTIVE nor REVOKED (rule WFS007). */
export const UNKNOWN_STATUS_EFFECT = 'neither ACTIVE nor REVOKED, so it may hold its scope';
export const UNKNOWN_STATUS_FIX = 'check these grants in the Admin Console (Applications → the app → Okta API Scopes); wf-scopes cannot tell whether they are in force';

/** No `policy:` section: a finding to act on, never a pass (report's decision block, review's policy section). */
export const NO_POLICY =
  'NO POLICY: scopes.yaml declares no policy section, so nothing is denied and no high-risk scope needs a reason. Add a `policy:` section (deny, requireReason).';

/** A high-risk grant the app holds that the declaration does not list. */
export const UNDECLARED_GRANT = 'not declared: approving revokes it';

/**
 * What approving (an apply of the declaration's stack) changes from what the app holds now, in one
 * line: "Approving grants 2 and revokes 2: 1 high risk, 1 connection default." (report and review).
 */
export function approvingLine(n: { adds: number; revokes: number; high: number; connectionDefaults: number; unknown: number; declared: number }): string {
  const count = (k: number, one: string): string => `${k} ${one}${k === 1 ? '' : 's'}`;
  const unknown = n.unknown ? ` ${count(n.unknown, 'grant')} of unknown status may hold more.` : '';
  if (n.adds === 0 && n.revokes === 0) return `Approving changes nothing: the app holds exactly the ${count(n.declared, 'declared scope')}.${unknown}`;
  const parts = [n.high ? `${n.high} high risk` : '', n.connectionDefaults ? count(n.connectionDefaults, 'connection default') : ''].filter(Boolean);
  return `Approving grants ${n.adds} and revokes ${n.revokes}${parts.length ? `: ${parts.join(', ')}` : ''}.${unknown}`;
}

/** An extra that is a connection default (okta.realms.read with no Realms flow): louder than an ordinary extra. */
export function extraDefaultEffect(connections: readonly string[]): string {
  const which = connections.join(' and ');
  return `granted by default with the ${which} connection and needed by no declared card; an apply of the generated stack REVOKES it, which breaks the ${which} connection's authorization (list it under extraScopes to keep it)`;
}

/** What a plan does to the grants resource when it revokes every grant. */
export function planActionEffect(action: PlanAction | undefined): string | undefined {
  switch (action) {
    case 'replace':
      return 'replaces the grants resource: every grant is revoked, then granted again (every flow fails in between)';
    case 'delete':
      return 'deletes the grants resource: every grant is revoked';
    default:
      return undefined;
  }
}

/** Why a grant the plan revokes had to stay. */
export function revokedEffect(r: RevokedScope): string {
  const again = r.regranted ? ' (granted again after the replacement)' : '';
  switch (r.why) {
    case 'needed':
      return r.neededBy.length > 0
        ? `revoked though declared cards need it${again}: ${r.neededBy.map(needLabel).join('; ')}`
        : `revoked though scopes.yaml declares it${again}`;
    case 'connector-default':
      return `revoked${again}: a default of the ${r.connections.join(' and ')} connection, whose authorization breaks`;
    case 'oidc-default':
      return `revoked${again}: an OIDC default of the Workflows connections, whose authorization breaks`;
  }
}

/** README: a granted scope reaches the cards only once the connection is reauthorized. */
export const REAUTHORIZE =
  'After scopes are granted, reauthorize the Okta Workflows connection so that it picks them up; ' +
  'a connection set to "Customize scopes" must also have the new scopes ticked.';

/** Where a connection is reauthorized in the Workflows console. */
export function reauthorizePath(connector = 'Okta'): string {
  return `Workflows console → Connections → the ${connector} connection → Reauthorize`;
}

/** The same rule where an apply is the next step (a rule's help, a review's note, a review finding). */
export const REAUTHORIZE_AFTER_APPLY =
  'After an apply that adds scopes, reauthorize the Okta Workflows connection (and tick the new scopes if it uses "Customize scopes").';
export const REAUTHORIZE_AFTER_THE_APPLY = 'After the apply, reauthorize the Okta Workflows connection.';
export const REAUTHORIZE_HOW =
  `The Okta Workflows connection picks up new scopes only when it is reauthorized (${reauthorizePath()}); ` +
  'a connection set to "Customize scopes" must also have them ticked.';

/**
 * explain's step: `why` completes "Reauthorize the Okta Workflows connection …" (the token is only
 * renewed by that); `tick`, when given, lists the scopes to tick in a "Customize scopes" connection.
 */
export function reauthorizeStep(connector: string, why: string, tick?: string): string {
  const ticked = tick ? ` If the connection uses "Customize scopes", also tick ${tick} there.` : '';
  return `Reauthorize the Okta Workflows connection ${why}: ${reauthorizePath(connector)}.${ticked}`;
}

export function sourceLabel(source: ActualSource): string {
  switch (source) {
    case 'okta':
      return 'live grants';
    case 'state':
      return 'Terraform state';
    case 'plan':
      return 'Terraform plan';
  }
}

export function appLabel(app: OrgDrift['app']): string {
  return app.label !== undefined ? `${app.id} (${app.label})` : app.id;
}

/** The card of a Need: `Okta/Custom API Action (GET /api/v1/logs)`. */
export function cardLabel(n: Pick<Need, 'connector' | 'card' | 'call'>): string {
  return `${n.connector}/${n.card}${n.call ? ` (${n.call.method} ${n.call.path})` : ''}`;
}

/** A Need with its flow: `Flow: Okta/Custom API Action (GET /api/v1/logs)`. */
export function needLabel(n: Need): string {
  return `${n.flow}: ${cardLabel(n)}`;
}

/** A declared card use by its catalog reference: `Okta/Read User`, `Okta/Custom API Action: GET /api/v1/logs`. */
export function useLabel(use: CardUse, catalog: Catalog): string {
  switch (use.origin) {
    case 'catalog':
      return `${catalog.refOf(use.card)}${use.call ? `: ${use.call.method} ${use.call.path}` : ''}`;
    case 'custom':
      return `${catalog.connector(use.card.connector)?.name ?? use.card.connector}/${use.card.name}`;
    case 'unknown-event':
      return `${catalog.connector(use.connector)?.name ?? use.connector}/${use.name}`;
  }
}

/** Plan source: the status is about the after-state, not about today's grants. */
export function statusLabel(org: OrgDrift): string {
  const status = org.inSync ? 'IN SYNC' : 'DRIFT';
  return org.source === 'plan' ? `${status} AFTER APPLY` : status;
}

export function planHasChanges(org: OrgDrift): boolean {
  return org.plan !== undefined && (org.plan.toGrant.length > 0 || org.plan.toRevoke.length > 0);
}

/** True when following the report adds a grant: a missing scope, or a plan that grants one. */
export function addsScopes(report: DriftReport): boolean {
  return report.orgs.some((o) => o.missing.length > 0 || (o.plan?.toGrant.length ?? 0) > 0);
}

/** Text as one sentence: exactly one final period, however the source ended it. */
export function sentence(text: string): string {
  return `${text.replace(/[.\s]+$/, '')}.`;
}

/** A read scope in the usage evidence: Okta logs state-changing calls only. Never "unused". */
export const NOT_OBSERVABLE = 'not observable (reads are not logged)';
/** A write scope with no write in the System Log window: not a verdict. */
export const NO_WRITE_SEEN = 'no write seen in the window (not proof it is unused)';
/** A scope's writes that no declared card explains: `2 unexplained (no declared card needs this scope)`. */
export function unexplainedWrites(n: number): string {
  return `${n} unexplained (no declared card needs this scope)`;
}
