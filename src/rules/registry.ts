/**
 * The rule registry: every finding any command reports (check, diff, review, scan --check) has one of
 * these rules, and an id means the same thing in every command and every format. Ids are never
 * reused: a retired rule keeps its number out of circulation.
 *
 * To add a rule: add an entry below (id in its command's range, kebab-case name, level), a row to the
 * README's "Rules" table (its anchor is the id in lower case), and produce findings with it through
 * `finding()` in ./types. Ranges: WFS0xx drift (diff), WFS1xx changes and policy (review, check,
 * synth), WFS2xx exports against the declaration (scan --check), WFS3xx input (any command).
 */

import { REAUTHORIZE_AFTER_APPLY } from '../core/wording';

export type FindingLevel = 'error' | 'warning' | 'note';

export interface Rule {
  /** `WFS001`: what SARIF `ruleId`, JSON `rule` and the README's table carry. */
  id: string;
  /** `missing-scope`: SARIF `name`, JSON `name`. */
  name: string;
  level: FindingLevel;
  /** One line: SARIF shortDescription, the default GitHub annotation title. */
  title: string;
  /** What the rule detects and why it matters. */
  description: string;
  /** How to fix a finding of this rule, in general (a finding may say more in its own `fix`). */
  help: string;
}


const DEFINITIONS = {
  'missing-scope': {
    id: 'WFS001',
    level: 'error',
    title: 'A scope a Workflows card needs is not granted',
    description: 'A card that calls the Okta API through the Okta Workflows OAuth app fails with 403 insufficient_scope at run time when the app lacks the scope the API requires.',
    help: `Grant the scope: apply the generated stack. ${REAUTHORIZE_AFTER_APPLY}`,
  },
  'extra-scope': {
    id: 'WFS002',
    level: 'warning',
    title: 'A granted scope is not declared',
    description: 'The Okta Workflows OAuth app holds a scope no declared card needs and no extraScopes entry lists; the generated stack is authoritative, so an apply revokes it.',
    help: 'Remove the grant, or keep it by listing it under extraScopes in scopes.yaml with a reason.',
  },
  'covered-by-broader': {
    id: 'WFS003',
    level: 'warning',
    title: 'A required scope is held only through its broader .manage scope',
    description: 'No 403 is expected, but an apply of the generated stack grants the narrower scope too: drift in the sense of terraform plan.',
    help: 'Apply the generated stack so that the grants match the declaration.',
  },
  'issuer-mismatch': {
    id: 'WFS004',
    level: 'warning',
    title: "A scope is granted under an issuer other than the org's",
    description: "The grant names another issuer than https://<domain>; it does not serve the org's cards.",
    help: "Check the org's domain in scopes.yaml; apply the generated stack to grant under the org's issuer.",
  },
  'org-not-read': {
    id: 'WFS005',
    level: 'error',
    title: 'An org could not be read',
    description: 'The org\'s grants could not be read (401, 403, timeout, malformed answer, …): its drift is unknown, never "in sync". The finding\'s code names the failure.',
    help: 'Check the org\'s credentials, URL and network, then run the diff again.',
  },
  'plan-revokes-grants': {
    id: 'WFS006',
    level: 'error',
    title: 'The plan revokes grants that running flows need',
    description: 'The plan replaces or deletes the authoritative grants resource (every grant is revoked), or revokes a grant that a declared card needs, that a connection holds by default (okta.realms.read) or that is an OIDC scope.',
    help: 'Do not apply this plan. Keep prevent_destroy on the grants, re-synthesize from scopes.yaml and plan again.',
  },
  'unknown-grant-status': {
    id: 'WFS007',
    level: 'error',
    title: 'A grant has a status other than ACTIVE or REVOKED',
    description: 'Okta answered with a grant whose status is neither ACTIVE nor REVOKED (or none): it may hold its scope, so the org cannot be called in sync.',
    help: 'Check the grant in the Admin Console (Applications → the app → Okta API Scopes), then run the diff again.',
  },
  'connection-scope-not-carried': {
    id: 'WFS008',
    level: 'error',
    title: "A granted scope is not carried by the Okta connection's newest token",
    description: 'The app grants a scope a declared card needs, but the newest refresh token of an Okta connection (or the newest token the System Log shows) does not carry it: tokens carry the scopes granted when the connection was authorized, so its cards fail with 403 until it is reauthorized.',
    help: 'Reauthorize the Okta connection in Workflows (Connections → the connection → Reauthorize), ticking the scope if it uses "Customize scopes"; then run diff --connection again.',
  },
  'connection-carries-revoked-scope': {
    id: 'WFS009',
    level: 'warning',
    title: "An Okta connection's token carries a scope the app no longer grants",
    description: 'The newest token of an Okta connection carries an Okta API scope that the app no longer grants: the token still works for it today, and loses it at the next reauthorization.',
    help: 'Declare the scope again if a flow needs it, or reauthorize the connection so that what it can do matches the grants.',
  },
  'connection-not-checked': {
    id: 'WFS010',
    level: 'warning',
    title: 'The Okta connection could not be checked',
    description: 'Neither the app\'s refresh tokens (okta.apps.read) nor the System Log (okta.logs.read) gave a token to compare with the grants: whether the connection carries the granted scopes is unknown, never "in sync". The grants diff still stands.',
    help: 'Give the auditing credential okta.apps.read and okta.logs.read (OKTA_API_SCOPES for a service app), or check the connection in Workflows by hand.',
  },
  'high-risk-scope-added': {
    id: 'WFS101',
    level: 'warning',
    title: 'High-risk scope added',
    description: 'The change grants a scope that can take over accounts or apps, weaken authentication, or grant more access.',
    help: `Confirm that the flow needs it, or use a card that needs less. ${REAUTHORIZE_AFTER_APPLY}`,
  },
  'scope-added': {
    id: 'WFS102',
    level: 'note',
    title: 'Scope added',
    description: 'The change grants a scope to the Okta Workflows OAuth app.',
    help: REAUTHORIZE_AFTER_APPLY,
  },
  'policy-violation': {
    id: 'WFS103',
    level: 'error',
    title: 'Policy violation',
    description: 'A scope, card or suppression of scopes.yaml breaks a rule of its `policy:` section (deny, requireReason, allowInferred), or a suppression has expired. The finding\'s code names the policy rule.',
    help: 'Remove the card or scope, give the reason the policy asks for, or add a suppression (rule, scope, flow or card) with a reason.',
  },
  'scope-removed': {
    id: 'WFS104',
    level: 'note',
    title: 'Scope removed',
    description: 'A scope is no longer declared; applying the stack revokes it from the Okta Workflows OAuth app.',
    help: 'Check that no flow still needs it.',
  },
  'unused-suppression': {
    id: 'WFS105',
    level: 'warning',
    title: 'A policy suppression matches nothing',
    description: 'A live suppression in `policy.suppressions` covers no finding: a stale exception.',
    help: 'Remove the suppression, or correct its rule, scope, flow or card.',
  },
  'org-domain-changed': {
    id: 'WFS106',
    level: 'warning',
    title: "An org's domain (and so its issuer) changes",
    description: "The org's stack then talks to another Okta tenant: the provider, the issuer of the grants and the credentials the pipeline uses all move there.",
    help: 'Confirm that the new domain is the intended tenant (the exact host, not one that only starts like it).',
  },
  'app-id-changed': {
    id: 'WFS107',
    level: 'warning',
    title: 'The app whose grants an org manages changes (app id)',
    description: "A new `app_id` forces replacement of the authoritative grants resource: prevent_destroy stops the plan; without it the replacement revokes every grant of the old app.",
    help: 'Confirm the app id in the Admin Console (Applications → Okta Workflows OAuth); keep preventDestroy on and move the state on purpose.',
  },
  'app-label-changed': {
    id: 'WFS108',
    level: 'warning',
    title: 'The label the app is looked up by changes',
    description: 'Without a pinned app id, the stack finds the app by its label at plan time: a new label can find another app.',
    help: 'Pin the app id (`app.id`) instead of relying on the label, or confirm the label names the Okta Workflows OAuth app.',
  },
  'app-import-changed': {
    id: 'WFS109',
    level: 'warning',
    title: "Adopting the app's existing grants (app.import) is turned on or off",
    description: 'With an app id pinned, the stack adopts existing grants with an import block; without it the first apply Creates the resource, which fails on an app that already holds a listed scope.',
    help: 'Keep `app.import` on unless the app holds no grant at all.',
  },
  'env-prefix-changed': {
    id: 'WFS110',
    level: 'warning',
    title: 'The credential variables an org is read with change (envPrefix)',
    description: 'diff and the pipeline read other credential variables (`<envPrefix>OKTA_*`) for the org, which can belong to another tenant or service app.',
    help: 'Confirm the variables with the new prefix are set, for this org, in the pipeline.',
  },
  'allow-empty-changed': {
    id: 'WFS111',
    level: 'warning',
    title: 'allowEmpty is turned on or off for an org',
    description: 'allowEmpty decides whether a stack is synthesized for an org that grants nothing; its grants are then left as they are, or managed (and revoked) again.',
    help: 'Confirm the org should grant nothing (on) or be managed again (off).',
  },
  'backend-changed': {
    id: 'WFS112',
    level: 'warning',
    title: "An org's Terraform backend changes",
    description: 'The stack starts from another (empty) state: the next apply does not know the existing grants resource and Creates it, which fails or duplicates without an import.',
    help: 'Move the state to the new backend (terraform init -migrate-state) before the next apply, or pin the app id so an import block adopts the grants.',
  },
  'provider-version-changed': {
    id: 'WFS113',
    level: 'warning',
    title: 'The okta provider version range changes',
    description: 'Another okta/okta provider release runs the apply; the grants resource and the app data source must behave as the stack expects.',
    help: 'Check the provider release notes for okta_app_oauth_api_scope and okta_app before merging.',
  },
  'required-version-changed': {
    id: 'WFS114',
    level: 'warning',
    title: 'The required Terraform version changes',
    description: 'Another Terraform (or OpenTofu) runs the apply; import blocks need 1.5 or later.',
    help: 'Keep `requiredVersion` at `>= 1.5` or later.',
  },
  'prevent-destroy-changed': {
    id: 'WFS115',
    level: 'warning',
    title: 'prevent_destroy on the grants is turned on or off',
    description: 'prevent_destroy is what stops a plan that destroys or replaces the grants resource (which revokes every grant); turning it off removes that guard.',
    help: 'Turn it off only for a planned destroy or replacement, and back on after.',
  },
  'org-added': {
    id: 'WFS116',
    level: 'warning',
    title: 'An org is added',
    description: 'A new stack grants the declared scopes in another tenant, with its own credentials.',
    help: 'Confirm the domain, the app and the credentials of the new org.',
  },
  'org-removed': {
    id: 'WFS117',
    level: 'warning',
    title: 'An org is removed',
    description: 'Its stack is no longer synthesized: no apply changes its grants, which stay (unmanaged) until its stack is destroyed on purpose.',
    help: 'Destroy its stack on purpose (turn off preventDestroy first) if its grants must go, or keep the org declared.',
  },
  'undeclared-card': {
    id: 'WFS201',
    level: 'error',
    title: 'An exported flow uses a card its declaration lacks, and the scope it needs is not granted (or cannot be told)',
    description: 'The exports use an Okta-family card that scopes.yaml does not declare; a scope it needs is granted in no declared way, so the card likely fails with 403.',
    help: `Declare the card in the flow in scopes.yaml (\`wf-scopes scan --write\` adds it), apply. ${REAUTHORIZE_AFTER_APPLY}`,
  },
  'undeclared-card-granted-anyway': {
    id: 'WFS202',
    level: 'warning',
    title: 'An exported flow uses a card its declaration lacks; its scopes are granted through other declarations',
    description: 'No 403 today, but nothing keeps the scopes granted when the other declarations change.',
    help: 'Declare the card in the flow in scopes.yaml.',
  },
  'stale-card': {
    id: 'WFS203',
    level: 'note',
    title: 'A declared card is used by no scanned export of its flow',
    description: 'The declaration lists a card that the flow\'s scanned exports do not use.',
    help: 'Remove the entry if the flow no longer uses the card; its scopes may then no longer be needed.',
  },
  'flow-not-in-exports': {
    id: 'WFS204',
    level: 'note',
    title: 'A declared flow is in no scanned export',
    description: 'Scans often cover a subset of the flows; a flow that no longer exists keeps its scopes granted.',
    help: 'Scan the export that holds the flow, or remove the flow if it no longer exists.',
  },
  'card-not-checked': {
    id: 'WFS205',
    level: 'note',
    title: 'A card outside what the declaration covers',
    description: 'A card of another Okta product, or a Custom API call to no Okta API endpoint: its access cannot be checked.',
    help: 'Check the access of this card by hand.',
  },
  'unreadable-export': {
    id: 'WFS206',
    level: 'error',
    title: 'An export could not be read',
    description: 'A file given to scan could not be read or is not a valid flow export; its cards are not checked.',
    help: 'Export the flow again, or leave the file out of the scan.',
  },
  'invalid-input': {
    id: 'WFS301',
    level: 'error',
    title: 'Invalid input',
    description: 'scopes.yaml, a flag or a file given to wf-scopes is not what was expected; nothing else is reported until it is fixed. The finding\'s code names the problem (`unknown-card`, `unknown-scope`, …).',
    help: 'Fix the input at the file, line and column (or the flag) given; the finding\'s fix says how.',
  },
  'input-warning': {
    id: 'WFS302',
    level: 'warning',
    title: 'Questionable input',
    description: 'scopes.yaml is valid but something in it deserves a look (an inferred card, a flow declared twice, …). The finding\'s code names it.',
    help: 'Follow the finding\'s fix, or leave it if it is intended.',
  },
} as const satisfies Record<string, Omit<Rule, 'name'>>;

export type RuleName = keyof typeof DEFINITIONS;

/** Every rule, by name. */
export const RULES: Readonly<Record<RuleName, Rule>> = Object.fromEntries(
  Object.entries(DEFINITIONS).map(([name, d]) => [name, { name, ...d }]),
) as Record<RuleName, Rule>;

/** Every rule in id order: SARIF's `rules` array (results refer to it by index). */
export const RULE_LIST: readonly Rule[] = Object.values(RULES).sort((a, b) => (a.id < b.id ? -1 : 1));

const INDEX = new Map(RULE_LIST.map((r, i) => [r.name, i]));

export function ruleIndex(name: RuleName): number {
  return INDEX.get(name) as number;
}

/** The README section that documents the rules; each rule has a row whose anchor is its id in lower case. */
export const RULES_DOC_ANCHOR = 'rules';

/**
 * A rule's help URI: the README's rule table on the project's home page (package.json `homepage`),
 * or undefined when no home page is configured (SARIF then carries the help text alone).
 */
export function helpUri(rule: Rule, homepage: string | undefined): string | undefined {
  if (!homepage) return undefined;
  return `${homepage.replace(/#.*$/, '')}#${rule.id.toLowerCase()}`;
}
