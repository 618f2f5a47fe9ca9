import type { SourceLoc } from '../../util/diagnostics';
import { isPlainObject } from '../../util/json';
import { cleanForeign, quoteForeign, redactHostUserinfo } from '../../util/redact-url';
import type { PathSeg } from '../../util/yaml-locator';
import { str, type ManifestContext, type Obj } from './context';
import { terraformSettings } from './terraform';
import { DEFAULT_APP_LABEL, type OrgDecl } from './types';

/** `orgs:`: each org, its domain and app, and the conflicts between orgs that would make an apply revoke grants. */

export function orgs(ctx: ManifestContext, items: unknown[], defaults: Obj): OrgDecl[] {
  const out: OrgDecl[] = [];
  const seen = new Map<string, SourceLoc>();
  const apps = new Map<string, string>();
  const states = new Map<string, string>();
  const prefixes = new Map<string, string>();
  items.forEach((o, i) => {
    const path = ['orgs', i];
    if (!isPlainObject(o)) return;
    const name = str(o.name);
    const domain = str(o.domain);
    if (name !== undefined) {
      const first = seen.get(name.toLowerCase());
      if (first) {
        ctx.error('duplicate-org', [...path, 'name'], `duplicate org name \`${name}\` (first declared at line ${first.line})`, 'org names become Terraform stack names and must be unique');
      } else seen.set(name.toLowerCase(), ctx.at.loc([...path, 'name']));
    }
    if (domain !== undefined) checkDomain(ctx, domain, [...path, 'domain']);
    const app = isPlainObject(o.app) ? o.app : {};
    if (name && domain) {
      const clean = domain.trim().toLowerCase();
      const decl: OrgDecl = {
        name,
        domain: clean,
        issuer: `https://${clean}`,
        app: { label: str(app.label) ?? DEFAULT_APP_LABEL, ...(str(app.id) ? { id: str(app.id) } : {}), ...(app.import === false ? { import: false } : {}) },
        ...(str(o.envPrefix) ? { envPrefix: str(o.envPrefix) } : {}),
        credentialsLoc: ctx.at.loc([...path, str(o.envPrefix) ? 'envPrefix' : 'name']),
        ...(isPlainObject(o.allowEmpty) && str(o.allowEmpty.reason)?.trim() ? { allowEmpty: { reason: (str(o.allowEmpty.reason) as string).trim() } } : {}),
        terraform: terraformSettings(ctx, defaults, isPlainObject(o.terraform) ? o.terraform : {}, name, path),
        loc: ctx.at.loc(path),
      };
      // Two stacks granting to one app: each apply revokes what only the other lists.
      const appKey = `${clean}\u0000${decl.app.id ?? `label:${decl.app.label}`}`;
      const twin = apps.get(appKey);
      if (twin !== undefined) {
        ctx.unsafe(
          'duplicate-app',
          [...path, 'name'],
          `org \`${name}\` grants to the same app as org \`${twin}\` (${clean}, ${decl.app.id ? `app ${decl.app.id}` : `app labelled "${decl.app.label}"`}): each stack's apply would revoke the scopes only the other lists`,
          'declare each org once, with its flows limited by `orgs:`',
        );
      } else apps.set(appKey, name);
      // Two stacks in one state: each apply would destroy the other's grants resource.
      const backend = decl.terraform.backend;
      if (backend) {
        const stateKey = JSON.stringify([backend.type, backend.config]);
        const other = states.get(stateKey);
        if (other !== undefined) {
          ctx.unsafe(
            'shared-state',
            ['terraform', 'backend'],
            `orgs \`${other}\` and \`${name}\` would share one Terraform state (${backend.type} backend, same settings): each apply would revoke the other org's grants`,
            'put `{org}` in the state key or path, e.g. `key: wf-scopes/{org}.tfstate`',
          );
        } else states.set(stateKey, name);
      }
      // One prefix, one set of variables: diff would send one org's token to the other's server.
      if (decl.envPrefix !== undefined) {
        const other = prefixes.get(decl.envPrefix);
        if (other !== undefined) {
          ctx.unsafe(
            'duplicate-env-prefix',
            [...path, 'envPrefix'],
            `orgs \`${other}\` and \`${name}\` share envPrefix ${decl.envPrefix}: both would read ${decl.envPrefix}OKTA_API_TOKEN, ${decl.envPrefix}OKTA_API_CLIENT_ID, … and diff would send one org's credentials to the other org`,
            `give each org its own envPrefix, e.g. envPrefix: ${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`,
          );
        } else prefixes.set(decl.envPrefix, name);
      }
      out.push(decl);
    }
  });
  ctx.orgNames = out.map((o) => o.name);
  return out;
}

/**
 * A host name: letters, digits, hyphens and dots. No scheme, userinfo, port, path or whitespace; a
 * password written into it (`admin:pw@acme.okta.com`) is never echoed.
 */
function checkDomain(ctx: ManifestContext, domain: string, path: PathSeg[]): void {
  const d = domain.trim();
  const shown = quoteForeign(redactHostUserinfo(domain));
  if (/^[a-z]+:\/\//i.test(d)) {
    // Userinfo (a password) is dropped from the suggestion and redacted from the message.
    const host = d.replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, '').replace(/^.*@/, '');
    ctx.error('bad-domain', path, `domain must be a host name, not a URL: ${shown}`, `write \`domain: ${cleanForeign(host)}\` (the issuer becomes https://${cleanForeign(host)})`);
    return;
  }
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  if (!new RegExp(`^${label}(?:\\.${label}){2,}$`, 'i').test(d)) {
    const host = d.includes('@') ? d.replace(/^.*@/, '') : '';
    ctx.error(
      'bad-domain',
      path,
      `${shown} is not an Okta org domain${d.includes('@') ? ' (it holds userinfo: a user name or password before `@`)' : ''}`,
      host ? `write \`domain: ${cleanForeign(host)}\`; credentials never go in scopes.yaml` : 'expected `<org>.okta.com`, `<org>.oktapreview.com` or `<org>.okta-emea.com`: letters, digits, `-` and `.`',
    );
    return;
  }
  const sub = d.split('.')[0];
  if (/-admin$/i.test(sub)) {
    const fixed = d.replace(/-admin\./i, '.');
    ctx.error('bad-domain', path, `"${d}" is the Admin Console domain, not the org domain`, `write \`domain: ${fixed}\``);
  }
}
