import type { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { OktaProvider } from '@cdktf/provider-okta/lib/provider';
import type { ResolvedOrg } from '../resolve/types';
import { WorkflowsOAuthScopes } from './construct';

export interface WorkflowsScopesStackProps {
  org: ResolvedOrg;
  /**
   * Policy violations found for this org. Each becomes a validation error, so `cdktf synth` (and
   * `app.synth()`) fails and nothing is written for the stack.
   */
  validations?: string[];
  /** See `WorkflowsOAuthScopesProps.importExisting` (default true; only with an explicit app id). */
  importExisting?: boolean;
  /**
   * Local state file, relative to the directory Terraform runs in (`<outdir>/stacks/<stack>`).
   * With the default `cdktf.out` the default lands in the project root, where cdktf's own default
   * puts it, but without the absolute machine path cdktf would write; it also survives deleting
   * cdktf.out. `false` adds no backend: add your remote one.
   */
  statePath?: string | false;
}

/** Terraform name of the stack's one resource and data source: readable and stable across refactors. */
export const TERRAFORM_NAME = 'workflows_oauth';

/** One org: the Okta provider (credentials from the environment), its grants, and outputs. */
export class WorkflowsScopesStack extends TerraformStack {
  readonly scopes: WorkflowsOAuthScopes;

  constructor(scope: Construct, name: string, props: WorkflowsScopesStackProps) {
    super(scope, name);
    const { org } = props;

    // Teams replace this with their remote backend (S3, azurerm, gcs, cloud …) by passing
    // `statePath: false` and adding it: a local file is not shared between runners.
    if (props.statePath !== false) {
      new LocalBackend(this, { path: props.statePath ?? `../../../terraform.${name}.tfstate` });
    }

    // No api_token/private_key here: the provider reads OKTA_API_TOKEN, OKTA_API_CLIENT_ID,
    // OKTA_API_PRIVATE_KEY… itself, so no secret reaches the synthesized files.
    new OktaProvider(this, 'okta', splitOktaDomain(org.domain));

    this.scopes = new WorkflowsOAuthScopes(this, 'scopes', {
      issuer: org.issuer,
      scopes: org.scopes.map((s) => s.scope),
      app: org.app.id !== undefined ? { id: org.app.id } : { label: org.app.label },
      importExisting: props.importExisting ?? org.app.import !== false,
      terraformName: TERRAFORM_NAME,
    });

    new TerraformOutput(this, 'granted_scopes', {
      staticId: true,
      value: [...new Set(org.scopes.map((s) => s.scope))].sort(),
      description: 'Scopes granted to the Okta Workflows OAuth app (all others are revoked)',
    });
    new TerraformOutput(this, 'app_id', {
      staticId: true,
      value: this.scopes.appId,
      description: 'Id of the Okta Workflows OAuth app',
    });

    const violations = [...(props.validations ?? [])];
    this.node.addValidation({ validate: () => violations });
  }
}

/**
 * `acme.okta.com` → `{orgName: 'acme', baseUrl: 'okta.com'}`; likewise `oktapreview.com`,
 * `okta-emea.com` and any other domain (custom gov or cell domains): split at the first dot.
 */
export function splitOktaDomain(domain: string): { orgName: string; baseUrl: string } {
  const host = domain
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
  const m = /^([a-z0-9][a-z0-9-]*)\.([a-z0-9-]+(?:\.[a-z0-9-]+)+)$/.exec(host);
  if (!m) {
    throw new Error(`not an Okta org domain: ${JSON.stringify(domain)} (expected e.g. acme.okta.com)`);
  }
  return { orgName: m[1], baseUrl: m[2] };
}
