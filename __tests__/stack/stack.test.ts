import type {} from 'cdktf/lib/testing/adapters/jest'; // typings of the cdktf matchers
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Backend, Testing } from 'cdktf';
import { AppOauthApiScope } from '@cdktf/provider-okta/lib/app-oauth-api-scope';
import { DataOktaApp } from '@cdktf/provider-okta/lib/data-okta-app';
import { OktaProvider } from '@cdktf/provider-okta/lib/provider';
import type { ResolvedOrg } from '../../src/core/resolve/types';
import { splitOktaDomain, TERRAFORM_NAME, WorkflowsScopesStack, type WorkflowsScopesStackProps } from '../../src/synth/stack';
import { org, parse, SORTED } from './fixtures';

Testing.setupJest();

function stack(o: ResolvedOrg = org(), props: Omit<WorkflowsScopesStackProps, 'org'> = {}): WorkflowsScopesStack {
  return new WorkflowsScopesStack(Testing.app(), o.name, { org: o, ...props });
}

/** Runs the real App.synth (backends, validations, files) and returns the stack's cdk.tf.json. */
function appSynth(build: (app: ReturnType<typeof Testing.app>) => void): { outdir: string; read(stackName: string): string } {
  const app = Testing.app();
  build(app);
  app.synth();
  return { outdir: app.outdir, read: (name) => readFileSync(join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8') };
}

describe('splitOktaDomain', () => {
  test.each([
    ['acme.okta.com', 'acme', 'okta.com'],
    ['acme.oktapreview.com', 'acme', 'oktapreview.com'],
    ['acme.okta-emea.com', 'acme', 'okta-emea.com'],
    ['acme.okta-gov.com', 'acme', 'okta-gov.com'],
    ['acme-test.eu1.trexcloud.com', 'acme-test', 'eu1.trexcloud.com'],
    ['https://Acme.Okta.com/', 'acme', 'okta.com'],
  ])('%s → org %s, base %s', (domain, orgName, baseUrl) => {
    expect(splitOktaDomain(domain)).toEqual({ orgName, baseUrl });
  });

  test.each(['', 'acme', 'okta.com', 'acme.okta.com/oauth2', 'acme..okta.com', '.okta.com', 'ac me.okta.com'])('rejects %j', (domain) => {
    expect(() => splitOktaDomain(domain)).toThrow(/not an Okta org domain/);
  });
});

describe('WorkflowsScopesStack', () => {
  test('the provider gets org_name and base_url from the domain, and no credential', () => {
    const json = Testing.synth(stack(org({ domain: 'acme.oktapreview.com', issuer: 'https://acme.oktapreview.com' })));
    expect(json).toHaveProviderWithProperties(OktaProvider, { org_name: 'acme', base_url: 'oktapreview.com' });
    const provider = parse(json).provider?.okta ?? [];
    expect(provider).toHaveLength(1);
    expect(Object.keys(provider[0]).sort()).toEqual(['base_url', 'org_name']);
  });

  test('no secret from the environment reaches any synthesized file', () => {
    const secrets: Record<string, string> = {
      OKTA_API_TOKEN: 'secret-xyz',
      OKTA_ACCESS_TOKEN: 'secret-access-123',
      OKTA_API_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----secret-pk',
      OKTA_API_CLIENT_ID: 'secret-client-0oa9',
    };
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    try {
      const { outdir } = appSynth((app) => {
        new WorkflowsScopesStack(app, 'acme', { org: org() });
        new WorkflowsScopesStack(app, 'beta', { org: org({ name: 'beta', app: { label: 'Okta Workflows OAuth' } }) });
      });
      const files = readdirSync(outdir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
      expect(files).toEqual(expect.arrayContaining(['manifest.json', join('stacks', 'acme', 'cdk.tf.json'), join('stacks', 'beta', 'cdk.tf.json')]));
      for (const f of files) {
        const text = readFileSync(join(outdir, f), 'utf8');
        for (const value of Object.values(secrets)) expect(text).not.toContain(value);
        expect(text).not.toMatch(/api_token|private_key|access_token|client_id/);
      }
    } finally {
      process.env = saved;
    }
  });

  test('grants exactly the resolved scopes, sorted, on the explicit app id, with an import block', () => {
    const json = Testing.synth(stack());
    expect(json).toHaveResourceWithProperties(AppOauthApiScope, { app_id: '0oa1abcDEF2345', issuer: 'https://acme.okta.com', scopes: SORTED });
    expect(json).not.toHaveDataSource(DataOktaApp);
    expect(parse(json).import).toEqual([{ to: `okta_app_oauth_api_scope.${TERRAFORM_NAME}`, id: '0oa1abcDEF2345' }]);
  });

  test('importExisting: false drops the import block', () => {
    expect(parse(Testing.synth(stack(org(), { importExisting: false }))).import).toBeUndefined();
  });

  test('scopes.yaml `app: { id, import: false }` drops it too (an app with no grants yet)', () => {
    const o = org();
    expect(parse(Testing.synth(stack({ ...o, app: { ...o.app, import: false } }))).import).toBeUndefined();
  });

  test('without an app id: label lookup, active only, and no import block', () => {
    const json = Testing.synth(stack(org({ app: { label: 'Okta Workflows OAuth' } })));
    expect(json).toHaveDataSourceWithProperties(DataOktaApp, { label: 'Okta Workflows OAuth', active_only: true });
    expect(json).toHaveResourceWithProperties(AppOauthApiScope, { app_id: `\${data.okta_app.${TERRAFORM_NAME}.id}`, scopes: SORTED });
    expect(parse(json).import).toBeUndefined();
  });

  test('outputs: granted_scopes as a sorted list and app_id', () => {
    const byId = parse(Testing.synth(stack()));
    expect(byId.output).toEqual({
      granted_scopes: expect.objectContaining({ value: SORTED }),
      app_id: expect.objectContaining({ value: '0oa1abcDEF2345' }),
    });
    const byLabel = parse(Testing.synth(stack(org({ app: { label: 'L' } }))));
    expect(byLabel.output?.app_id.value).toBe(`\${data.okta_app.${TERRAFORM_NAME}.id}`);
  });

  test('local backend with a relative path: no absolute machine path in cdk.tf.json', () => {
    const { read } = appSynth((app) => new WorkflowsScopesStack(app, 'acme', { org: org() }));
    const text = read('acme');
    expect(parse(text).terraform?.backend).toEqual({ local: { path: '../../../terraform.acme.tfstate' } });
    expect(text).not.toContain(process.cwd());
    expect(text).not.toMatch(/"\/(tmp|home|root|work|Users)\//);
  });

  test('statePath: false leaves the backend to the caller (a remote one replaces the local)', () => {
    const { read } = appSynth((app) => {
      const s = new WorkflowsScopesStack(app, 'acme', { org: org(), statePath: false });
      new S3Backend(s, { bucket: 'tf-state', key: 'wf-scopes/acme.tfstate', region: 'eu-west-1' });
    });
    expect(parse(read('acme')).terraform?.backend).toEqual({ s3: expect.objectContaining({ bucket: 'tf-state' }) });
  });

  test('policy violations make App.synth fail and write no stack files', () => {
    const app = Testing.app();
    new WorkflowsScopesStack(app, 'acme', { org: org(), validations: ['okta.users.manage is denied by policy', 'second violation'] });
    expect(() => app.synth()).toThrow(/\[acme\] okta.users.manage is denied by policy[\s\S]*\[acme\] second violation/);
    expect(existsSync(join(app.outdir, 'manifest.json'))).toBe(false);
    expect(existsSync(join(app.outdir, 'stacks', 'acme', 'cdk.tf.json'))).toBe(false);
  });

  test('policy violations also fail Testing.synth with validations on; none means a clean synth', () => {
    expect(() => Testing.synth(stack(org(), { validations: ['denied'] }), true)).toThrow(/denied/);
    expect(() => Testing.synth(stack(org(), { validations: [] }), true)).not.toThrow();
  });

  test('one stack per org, each with its own provider', () => {
    const { read } = appSynth((app) => {
      new WorkflowsScopesStack(app, 'prod', { org: org({ name: 'prod' }) });
      new WorkflowsScopesStack(app, 'emea', { org: org({ name: 'emea', domain: 'acme.okta-emea.com', issuer: 'https://acme.okta-emea.com' }, ['okta.apps.read']) });
    });
    expect(read('prod')).toHaveProviderWithProperties(OktaProvider, { org_name: 'acme', base_url: 'okta.com' });
    expect(read('emea')).toHaveProviderWithProperties(OktaProvider, { base_url: 'okta-emea.com' });
    expect(read('emea')).toHaveResourceWithProperties(AppOauthApiScope, { issuer: 'https://acme.okta-emea.com', scopes: ['okta.apps.read'] });
  });
});
