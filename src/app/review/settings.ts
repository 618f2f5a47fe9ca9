import type { BackendDecl, OrgDecl } from '../../core/manifest/types';
import { stableStringify } from '../../output/stable-json';
import type { SourceLoc } from '../../util/diagnostics';
import { redactUserinfo } from '../../util/redact-url';

/**
 * What decides where an org's grants go, besides its scopes: the tenant (domain, issuer), the app (id,
 * label, import), the credentials (envPrefix), whether a stack exists (allowEmpty, the org itself) and
 * the Terraform that applies it (backend, versions, prevent_destroy). Compared on the effective values
 * (OrgDecl: defaults applied, per-org `terraform:` over the top-level one, `{org}` substituted), so
 * moving an identical value between the top level and an org is no change, and a change of the
 * top-level block is a change of every org that inherits it. Pure.
 */

export type SettingKind =
  | 'org-added'
  | 'org-removed'
  | 'domain'
  | 'app-id'
  | 'app-label'
  | 'app-import'
  | 'env-prefix'
  | 'allow-empty'
  | 'backend'
  | 'provider-version'
  | 'required-version'
  | 'prevent-destroy';

export interface SettingChange {
  org: string;
  kind: SettingKind;
  /** What the setting is called in scopes.yaml (`domain`, `app.id`, `terraform.backend`, …). */
  setting: string;
  /** The value in the base, as shown (userinfo redacted); undefined when unset (or the org is new). */
  before?: string;
  /** The value now, as shown; undefined when unset (or the org is removed). */
  after?: string;
  /** What an apply (or the pipeline) does because of it: our own words, no value from the declaration. */
  effect: string;
  /** The org's entry in the new declaration (its backend for a backend change); none for a removed org. */
  loc?: SourceLoc;
}

/** Setting order within an org: where the grants go first, then how they are applied. */
const ORDER: readonly SettingKind[] = [
  'org-removed',
  'org-added',
  'domain',
  'app-id',
  'app-label',
  'app-import',
  'env-prefix',
  'allow-empty',
  'backend',
  'prevent-destroy',
  'provider-version',
  'required-version',
];

/** A value from a declaration, fit to show: a password in a URL-looking value never leaves. */
const shown = (v: string): string => redactUserinfo(v);

function backendText(b: BackendDecl | undefined): string {
  if (!b) return 'local (default)';
  return shown(`${b.type} ${stableStringify(b.config, { indent: 0 })}`);
}

function appText(o: OrgDecl): string {
  return o.app.id !== undefined ? `app id ${o.app.id}` : `app labelled ${o.app.label}`;
}

/** Org added: the tenant and app it grants to, and where its credentials come from. */
function added(o: OrgDecl): SettingChange {
  const creds = `${o.envPrefix ?? ''}OKTA_*`;
  return {
    org: o.name,
    kind: 'org-added',
    setting: 'orgs[]',
    after: shown(`${o.domain}, ${appText(o)}, credentials ${creds}`),
    effect: o.allowEmpty
      ? 'a new org that grants nothing on purpose (allowEmpty): no stack is synthesized for it.'
      : `a new stack grants its declared scopes to this app in this tenant, with these credentials${o.app.id !== undefined && o.app.import !== false ? ' (adopting the app\'s existing grants first, through an import block)' : ''}.`,
    loc: o.loc,
  };
}

function removed(o: OrgDecl): SettingChange {
  return {
    org: o.name,
    kind: 'org-removed',
    setting: 'orgs[]',
    before: shown(`${o.domain}, ${appText(o)}`),
    effect:
      'its stack is no longer synthesized, so no apply changes its grants: they stay granted, no longer managed, until its stack is destroyed on purpose (turn off preventDestroy first).',
  };
}

/** Records one change of the org's settings. */
type Push = (kind: SettingKind, setting: string, before: string | undefined, after: string | undefined, effect: string, loc?: SourceLoc) => void;

/** Every change of one org kept in both declarations, in ORDER. */
function kept(b: OrgDecl, a: OrgDecl): SettingChange[] {
  const out: SettingChange[] = [];
  const push: Push = (kind, setting, before, after, effect, loc = a.loc) => {
    out.push({ org: a.name, kind, setting, ...(before !== undefined ? { before: shown(before) } : {}), ...(after !== undefined ? { after: shown(after) } : {}), effect, loc });
  };
  orgChanges(b, a, push);
  terraformChanges(b, a, push);
  return out;
}

/** The org's own settings: its tenant, its app, its credential variables, allowEmpty. */
function orgChanges(b: OrgDecl, a: OrgDecl, push: Push): void {
  const guardOff = b.terraform.preventDestroy && !a.terraform.preventDestroy;
  const ta = a.terraform;
  if (b.domain !== a.domain || b.issuer !== a.issuer) {
    push(
      'domain',
      'domain',
      `${b.domain} (issuer ${b.issuer})`,
      `${a.domain} (issuer ${a.issuer})`,
      'the stack talks to another Okta tenant: the grants, their issuer and the credentials used to apply and audit them move there.',
    );
  }
  if (b.app.id !== a.app.id) {
    const replace =
      a.app.id === undefined
        ? 'the app is then looked up by its label at plan time; if that finds another app, its new app_id forces replacement of the grants resource'
        : 'a new app_id forces replacement of the grants resource';
    const stop = guardOff
      ? 'and preventDestroy is turned off in the same change, so nothing stops it: the replacement revokes every grant of the old app.'
      : ta.preventDestroy
        ? 'which prevent_destroy stops at plan time (the old app keeps its grants).'
        : 'and preventDestroy is off, so nothing stops it: the replacement revokes every grant of the old app.';
    push('app-id', 'app.id', b.app.id ?? '(none: looked up by label)', a.app.id ?? '(none: looked up by label)', `${replace}, ${stop}`);
  }
  if (b.app.label !== a.app.label) {
    push(
      'app-label',
      'app.label',
      b.app.label,
      a.app.label,
      a.app.id !== undefined
        ? 'no effect on the apply while the app id is pinned; the label is looked up again if the id is ever removed.'
        : 'the stack looks up another app by this label (okta_app data source) at plan time: the grants would move to whatever app carries it.',
    );
  }
  if ((b.app.import !== false) !== (a.app.import !== false)) {
    push(
      'app-import',
      'app.import',
      b.app.import === false ? 'false' : 'true (default)',
      a.app.import === false ? 'false' : 'true (default)',
      a.app.import === false
        ? 'no import block: an apply on a stack without state Creates the grants resource, which fails when the app already holds a listed scope.'
        : 'an import block adopts the app\'s existing grants before the first apply (only with a pinned app id).',
    );
  }
  if (b.envPrefix !== a.envPrefix) {
    push(
      'env-prefix',
      'envPrefix',
      b.envPrefix ?? '(none)',
      a.envPrefix ?? '(none)',
      'diff and the pipeline read other credential variables for this org (the prefix is put before OKTA_*), which may belong to another tenant or service app.',
    );
  }
  if ((b.allowEmpty !== undefined) !== (a.allowEmpty !== undefined)) {
    push(
      'allow-empty',
      'allowEmpty',
      b.allowEmpty ? `on: ${b.allowEmpty.reason}` : 'off',
      a.allowEmpty ? `on: ${a.allowEmpty.reason}` : 'off',
      a.allowEmpty
        ? 'no stack is synthesized for this org any more: its grants stay as they are, no longer managed.'
        : 'a stack is synthesized for this org again: the next apply makes its grants exactly the declared ones (it is authoritative).',
    );
  }
}

/** The org's Terraform settings: backend, preventDestroy and the versions. */
function terraformChanges(b: OrgDecl, a: OrgDecl, push: Push): void {
  const tb = b.terraform;
  const ta = a.terraform;
  if (backendKey(tb.backend) !== backendKey(ta.backend)) {
    push(
      'backend',
      'terraform.backend',
      backendText(tb.backend),
      backendText(ta.backend),
      a.app.id !== undefined && a.app.import !== false
        ? 'the stack starts from another, empty state: the next apply does not know the existing grants resource; its import block adopts the grants again (migrate the state instead to keep its history).'
        : 'the stack starts from another, empty state: the next apply does not know the existing grants resource and Creates it, which fails (or duplicates the resource) without an import block; migrate the state first.',
      ta.backend?.loc ?? a.loc,
    );
  }
  if (tb.preventDestroy !== ta.preventDestroy) {
    push(
      'prevent-destroy',
      'terraform.preventDestroy',
      String(tb.preventDestroy),
      String(ta.preventDestroy),
      ta.preventDestroy
        ? 'a plan that destroys or replaces the grants resource fails again at plan time.'
        : 'the guard is removed: a plan that destroys or replaces the grants resource (revoking every grant) is no longer stopped.',
    );
  }
  if (tb.providerVersion !== ta.providerVersion) {
    push('provider-version', 'terraform.providerVersion', tb.providerVersion, ta.providerVersion, 'another okta/okta provider release may run the apply.');
  }
  if (tb.requiredVersion !== ta.requiredVersion) {
    push('required-version', 'terraform.requiredVersion', tb.requiredVersion, ta.requiredVersion, 'another Terraform release may run the apply (import blocks need 1.5 or later).');
  }
}

function backendKey(b: BackendDecl | undefined): string {
  return b ? stableStringify([b.type, b.config], { indent: 0 }) : '';
}

/**
 * Per org (in the order of the new declaration, removed orgs after), every change of what decides
 * where its grants go. `before` undefined: the base is absent, every org is new.
 */
export function diffSettings(now: readonly OrgDecl[], before: readonly OrgDecl[] | undefined): SettingChange[] {
  const old = new Map((before ?? []).map((o) => [o.name, o]));
  const out: SettingChange[] = [];
  for (const o of now) {
    const b = old.get(o.name);
    out.push(...(b ? kept(b, o) : [added(o)]));
  }
  const names = new Set(now.map((o) => o.name));
  for (const b of before ?? []) if (!names.has(b.name)) out.push(removed(b));
  // Stable within an org; orgs keep their order.
  const orgOrder = new Map([...now, ...(before ?? [])].map((o, i) => [o.name, i] as const).reverse());
  return out.sort((x, y) => (orgOrder.get(x.org) ?? 0) - (orgOrder.get(y.org) ?? 0) || ORDER.indexOf(x.kind) - ORDER.indexOf(y.kind));
}
