import type { Construct } from 'constructs';
import { LocalBackend, TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';
import { OktaProvider } from '@cdktf/provider-okta/lib/provider';
import { DEFAULT_TERRAFORM } from '../core/manifest/types';
import type { ResolvedOrg } from '../core/resolve/types';
import { addBackend } from './backend';
import { WorkflowsOAuthScopes } from './construct';
import { hclTerraformBlock, replaceTerraformBlock, withHclSafeStrings } from './hcl';
import { templateLiteral, templateLiterals } from './terraform-text';

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
   * cdktf.out. `false` adds no backend: add your remote one. Ignored when the org names a backend
   * in scopes.yaml (`terraform.backend`).
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
    const tf = org.terraform ?? DEFAULT_TERRAFORM;
    // From here on, text from scopes.yaml is a Terraform string value: `${` and `%{` are literal text.
    const t = templateLiteral;

    // The backend scopes.yaml names (s3, gcs, azurerm, cloud …); else a local file beside the project.
    if (tf.backend) addBackend(this, { ...tf.backend, config: templateLiterals(tf.backend.config) as Record<string, unknown> });
    else if (props.statePath !== false) {
      new LocalBackend(this, { path: t(props.statePath ?? `../../../terraform.${name}.tfstate`) });
    }

    // Import blocks need Terraform 1.5: an older binary must refuse the whole stack, not half-read it.
    this.addOverride('terraform.required_version', t(tf.requiredVersion));

    // No api_token/private_key here: the provider reads OKTA_API_TOKEN, OKTA_API_CLIENT_ID,
    // OKTA_API_PRIVATE_KEY… itself, so no secret reaches the synthesized files.
    const { orgName, baseUrl } = splitOktaDomain(org.domain);
    new OktaProvider(this, 'okta', { orgName: t(orgName), baseUrl: t(baseUrl) });
    // The bindings pin the exact release they were generated from; a range lets teams take fixes.
    this.addOverride('terraform.required_providers.okta.version', t(tf.providerVersion));

    const scopes = [...new Set(org.scopes.map((s) => t(s.scope)))].sort();
    this.scopes = new WorkflowsOAuthScopes(this, 'scopes', {
      issuer: t(org.issuer),
      scopes,
      app: org.app.id !== undefined ? { id: t(org.app.id) } : { label: t(org.app.label) },
      importExisting: props.importExisting ?? org.app.import !== false,
      terraformName: TERRAFORM_NAME,
      preventDestroy: tf.preventDestroy,
    });

    new TerraformOutput(this, 'granted_scopes', {
      staticId: true,
      value: scopes,
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

  /**
   * cdktf's HCL, made safe for any string: each element's strings are written as escaped quoted
   * strings (never a heredoc), and the `terraform` block is written from the stack's JSON form
   * (cdktf 0.21 renders its plain attributes as `0 = "<name>"`, and its backend settings unescaped).
   */
  override toHclTerraform(): { hcl: string; [key: string]: unknown } {
    const elements = this.node.findAll().filter((c): c is TerraformElement => c !== this && TerraformElement.isTerraformElement(c));
    const out = withHclSafeStrings(elements, () => super.toHclTerraform() as { hcl: string; [key: string]: unknown });
    const tf = (this.toTerraform() as { terraform?: Record<string, unknown> }).terraform ?? {};
    return { ...out, hcl: replaceTerraformBlock(out.hcl, hclTerraformBlock(tf)) };
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
