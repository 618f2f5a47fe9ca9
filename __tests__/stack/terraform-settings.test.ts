import type {} from 'cdktf/lib/testing/adapters/jest'; // typings of the cdktf matchers
import { Testing } from 'cdktf';
import { AppOauthApiScope } from '@cdktf/provider-okta/lib/app-oauth-api-scope';
import { DEFAULT_PROVIDER_VERSION, DEFAULT_TERRAFORM, type TerraformSettings } from '../../src/core/manifest/types';
import { WorkflowsScopesStack } from '../../src/synth/stack';
import { org } from './fixtures';

Testing.setupJest();

interface Synthesized {
  terraform: {
    required_version?: string;
    required_providers?: { okta?: { source: string; version: string } };
    backend?: Record<string, Record<string, unknown>>;
    cloud?: Record<string, unknown>;
  };
  resource: { okta_app_oauth_api_scope: Record<string, { lifecycle?: { prevent_destroy?: boolean } }> };
}

function synth(terraform?: Partial<TerraformSettings>): Synthesized {
  const o = org(terraform ? { terraform: { ...DEFAULT_TERRAFORM, ...terraform } } : {});
  return JSON.parse(Testing.synth(new WorkflowsScopesStack(Testing.app(), o.name, { org: o }))) as Synthesized;
}

const loc = { file: 'scopes.yaml', line: 1, column: 1 };

describe('the Terraform every stack carries', () => {
  test('by default: required_version >= 1.5, a provider range, prevent_destroy on the grants', () => {
    const json = synth();
    expect(json.terraform.required_version).toBe('>= 1.5');
    expect(json.terraform.required_providers?.okta).toEqual({ source: 'okta/okta', version: DEFAULT_PROVIDER_VERSION });
    expect(DEFAULT_PROVIDER_VERSION).toBe('>= 4.20.0, < 7.0.0');
    expect(json.resource.okta_app_oauth_api_scope.workflows_oauth.lifecycle).toEqual({ prevent_destroy: true });
    const stack = new WorkflowsScopesStack(Testing.app(), 'acme', { org: org() });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AppOauthApiScope, { lifecycle: { prevent_destroy: true } });
  });

  test('the versions scopes.yaml sets', () => {
    const json = synth({ requiredVersion: '>= 1.9', providerVersion: '~> 6.5' });
    expect(json.terraform.required_version).toBe('>= 1.9');
    expect(json.terraform.required_providers?.okta?.version).toBe('~> 6.5');
  });

  test('preventDestroy: false leaves the lifecycle out', () => {
    expect(synth({ preventDestroy: false }).resource.okta_app_oauth_api_scope.workflows_oauth.lifecycle).toBeUndefined();
  });

  test.each([
    ['s3', { bucket: 'tf', key: 'wf-scopes/acme.tfstate', region: 'eu-west-1', dynamodb_table: 'locks' }],
    ['gcs', { bucket: 'tf', prefix: 'wf-scopes/acme' }],
    ['azurerm', { resource_group_name: 'rg', storage_account_name: 'sa', container_name: 'tf', key: 'acme.tfstate' }],
    ['remote', { organization: 'acme', workspaces: { name: 'wf-scopes-acme' } }],
    ['local', { path: 'state/acme.tfstate' }],
  ] as const)('the %s backend, with settings as Terraform names them', (type, config) => {
    const json = synth({ backend: { type, config: { ...config }, loc } });
    expect(json.terraform.backend).toEqual({ [type]: config });
  });

  test('the cloud block, without running terraform at synth', () => {
    const json = synth({ backend: { type: 'cloud', config: { organization: 'acme', workspaces: { name: 'wf-scopes-acme' } }, loc } });
    expect(json.terraform.backend).toBeUndefined();
    expect(json.terraform.cloud).toEqual({ organization: 'acme', workspaces: { name: 'wf-scopes-acme' } });
  });
});
