import type {} from 'cdktf/lib/testing/adapters/jest'; // typings of the cdktf matchers
import { TerraformStack, Testing } from 'cdktf';
import { AppOauthApiScope } from '@cdktf/provider-okta/lib/app-oauth-api-scope';
import { DataOktaApp } from '@cdktf/provider-okta/lib/data-okta-app';
import { OktaProvider } from '@cdktf/provider-okta/lib/provider';
import { WorkflowsOAuthScopes, type WorkflowsOAuthScopesProps } from '../../src/synth/construct';
import { onlyKey, parse, SORTED } from './fixtures';

Testing.setupJest();

const ISSUER = 'https://acme.okta.com';
const UNSORTED = ['okta.users.read', 'okta.logs.read', 'okta.groups.manage', 'okta.logs.read'];

function synth(props: Partial<WorkflowsOAuthScopesProps> = {}): string {
  return Testing.synthScope((scope) => {
    new WorkflowsOAuthScopes(scope, 'wf', { issuer: ISSUER, scopes: UNSORTED, app: { id: '0oa1' }, ...props });
  });
}

/** A stack with a provider, so that validations other than ours pass. */
function stackWith(props: WorkflowsOAuthScopesProps): { stack: TerraformStack; c: WorkflowsOAuthScopes } {
  const stack = new TerraformStack(Testing.app(), 'acme');
  new OktaProvider(stack, 'okta', { orgName: 'acme', baseUrl: 'okta.com' });
  return { stack, c: new WorkflowsOAuthScopes(stack, 'wf', props) };
}

describe('WorkflowsOAuthScopes', () => {
  test('explicit app id: the resource grants the input set, sorted and deduplicated', () => {
    const json = synth();
    expect(json).toHaveResourceWithProperties(AppOauthApiScope, { app_id: '0oa1', issuer: ISSUER, scopes: SORTED });
    expect(json).not.toHaveDataSource(DataOktaApp);
  });

  test('explicit app id: an import block adopts the existing grants by app id', () => {
    const tf = parse(synth());
    const name = onlyKey(tf.resource?.okta_app_oauth_api_scope);
    expect(tf.import).toEqual([{ to: `okta_app_oauth_api_scope.${name}`, id: '0oa1' }]);
  });

  test('importExisting: false emits no import block', () => {
    expect(parse(synth({ importExisting: false })).import).toBeUndefined();
  });

  test('label: looks the app up (active only) and feeds its id to the resource, without import', () => {
    const json = synth({ app: { label: 'Okta Workflows OAuth' }, importExisting: true });
    expect(json).toHaveDataSourceWithProperties(DataOktaApp, { label: 'Okta Workflows OAuth', active_only: true });
    const tf = parse(json);
    const data = onlyKey(tf.data?.okta_app);
    expect(json).toHaveResourceWithProperties(AppOauthApiScope, { app_id: `\${data.okta_app.${data}.id}`, scopes: SORTED });
    expect(tf.import).toBeUndefined();
  });

  test('creates no provider, so it can live in a stack that has its own', () => {
    expect(parse(synth()).provider).toBeUndefined();
  });

  test('terraformName names the resource, the data source and the import target', () => {
    const byId = parse(synth({ terraformName: 'workflows_oauth' }));
    expect(onlyKey(byId.resource?.okta_app_oauth_api_scope)).toBe('workflows_oauth');
    expect(byId.import?.[0].to).toBe('okta_app_oauth_api_scope.workflows_oauth');
    const byLabel = parse(synth({ terraformName: 'workflows_oauth', app: { label: 'L' } }));
    expect(onlyKey(byLabel.data?.okta_app)).toBe('workflows_oauth');
    expect(byLabel.resource?.okta_app_oauth_api_scope?.workflows_oauth.app_id).toBe('${data.okta_app.workflows_oauth.id}');
  });

  test('the import target follows a logical id overridden after construction', () => {
    const { stack, c } = stackWith({ issuer: ISSUER, scopes: ['okta.users.read'], app: { id: '0oa1' } });
    c.resource.overrideLogicalId('renamed');
    expect(parse(Testing.synth(stack)).import).toEqual([{ to: 'okta_app_oauth_api_scope.renamed', id: '0oa1' }]);
  });

  test('HCL output renders the import block with an unquoted address', () => {
    const { stack } = stackWith({ issuer: ISSUER, scopes: ['okta.users.read'], app: { id: '0oa1' }, terraformName: 'w' });
    const hcl: string = Testing.synthHcl(stack);
    expect(hcl).toMatch(/import \{\s*to = okta_app_oauth_api_scope\.w\s*id = "0oa1"\s*\}/);
  });

  test('an empty or malformed scope list fails validation instead of revoking everything', () => {
    const empty = stackWith({ issuer: ISSUER, scopes: [], app: { id: '0oa1' } }).stack;
    expect(() => Testing.synth(empty, true)).toThrow(/no scopes to grant/);
    const blank = stackWith({ issuer: ISSUER, scopes: ['okta.users.read', 'okta users.read'], app: { id: '0oa1' } }).stack;
    expect(() => Testing.synth(blank, true)).toThrow(/invalid scope name "okta users.read"/);
    const ok = stackWith({ issuer: ISSUER, scopes: ['okta.users.read'], app: { id: '0oa1' } }).stack;
    expect(() => Testing.synth(ok, true)).not.toThrow();
  });

  describe('without a terraform binary', () => {
    // cdktf reads TERRAFORM_BINARY_NAME when it loads, so load fresh copies with a missing binary.
    const NO_TF = 'wf-scopes-no-such-terraform';
    type Mods = {
      cdktf: typeof import('cdktf');
      provider: typeof import('@cdktf/provider-okta/lib/provider');
      construct: typeof import('../../src/synth/construct');
    };
    function withoutTerraform(fn: (m: Mods) => void): void {
      process.env.TERRAFORM_BINARY_NAME = NO_TF;
      try {
        jest.isolateModules(() => {
          /* eslint-disable @typescript-eslint/no-require-imports -- isolateModules needs synchronous loads */
          fn({
            cdktf: require('cdktf') as Mods['cdktf'],
            provider: require('@cdktf/provider-okta/lib/provider') as Mods['provider'],
            construct: require('../../src/synth/construct') as Mods['construct'],
          });
          /* eslint-enable @typescript-eslint/no-require-imports */
        });
      } finally {
        delete process.env.TERRAFORM_BINARY_NAME;
      }
    }
    function build(m: Mods, importExisting: boolean) {
      const stack = new m.cdktf.TerraformStack(m.cdktf.Testing.app(), 'acme');
      new m.provider.OktaProvider(stack, 'okta', { orgName: 'acme', baseUrl: 'okta.com' });
      const c = new m.construct.WorkflowsOAuthScopes(stack, 'wf', { issuer: ISSUER, scopes: ['okta.users.read'], app: { id: '0oa1' }, importExisting });
      return { stack, c };
    }

    test('validation passes with the import block (synth needs no terraform)', () => {
      withoutTerraform((m) => {
        const { stack } = build(m, true);
        expect(parse(m.cdktf.Testing.synth(stack, true)).import).toHaveLength(1);
      });
    });

    test("control: cdktf's own importFrom() fails here, which is why it is not used", () => {
      withoutTerraform((m) => {
        const { stack, c } = build(m, false);
        c.resource.importFrom('0oa1');
        expect(() => m.cdktf.Testing.synth(stack, true)).toThrow(`Could not determine version of ${NO_TF}`);
      });
    });
  });
});
