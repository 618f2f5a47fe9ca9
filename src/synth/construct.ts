import { Construct } from 'constructs';
import { TerraformElement, type TerraformResource } from 'cdktf';
// Deep imports: the provider's index loads every resource binding (~0.2 s more per start).
import { DataOktaApp } from '@cdktf/provider-okta/lib/data-okta-app';
import { AppOauthApiScope } from '@cdktf/provider-okta/lib/app-oauth-api-scope';

export interface WorkflowsOAuthScopesProps {
  /** Authorization server issuer, i.e. the org URL `https://<org>.<baseUrl>`. */
  issuer: string;
  /** Scopes to grant; the resource is authoritative, so every other grant is revoked. */
  scopes: string[];
  /** The "Okta Workflows OAuth" app: by id, or looked up by label at plan time. */
  app: { id: string } | { label: string };
  /**
   * Adopt the app's existing grants with a Terraform import block (default true; only with an
   * explicit app id, since the import id must be a literal). Without it the first apply fails on an
   * org that already grants any listed scope (okta/terraform-provider-okta#2379). Turn it off for an
   * app that has no grants at all: importing such an app fails. Once the resource is in state,
   * Terraform skips the import, so the block can stay.
   */
  importExisting?: boolean;
  /**
   * Terraform name for the resource and the data source (default: derived from the construct
   * path). A fixed name keeps the address when the construct moves; a changed address means
   * destroy + create, and destroying this resource revokes every grant.
   */
  terraformName?: string;
  /**
   * `lifecycle { prevent_destroy = true }` on the grants (default true): destroying the resource, or
   * replacing it (a new `app_id` forces replacement), revokes every grant, so Terraform must refuse
   * at plan time unless someone turns this off on purpose.
   */
  preventDestroy?: boolean;
}

/**
 * The grants of the Workflows OAuth app as one `okta_app_oauth_api_scope`. Needs an `OktaProvider`
 * in the enclosing stack; it creates none so that it can be dropped into any stack.
 */
export class WorkflowsOAuthScopes extends Construct {
  readonly resource: AppOauthApiScope;
  /** The app id: the literal given, or a token resolving to the data source's id. */
  readonly appId: string;
  /** The label lookup, when the app was given by label. */
  readonly app?: DataOktaApp;
  /** The import block, when one is emitted. */
  readonly importBlock?: ImportBlock;

  constructor(scope: Construct, id: string, props: WorkflowsOAuthScopesProps) {
    super(scope, id);
    const scopes = [...new Set(props.scopes)].sort();

    if ('id' in props.app) {
      this.appId = props.app.id;
    } else {
      // active_only: an inactive copy of the app with the same label must not win the lookup.
      this.app = new DataOktaApp(this, 'app', { label: props.app.label, activeOnly: true });
      // Before `.id` is read: cdktf caches the name on first use and then ignores an override.
      if (props.terraformName) this.app.overrideLogicalId(props.terraformName);
      this.appId = this.app.id;
    }

    this.resource = new AppOauthApiScope(this, 'grants', {
      appId: this.appId,
      issuer: props.issuer,
      // Sorted so the synthesized file is stable whatever order the input came in.
      scopes,
      ...((props.preventDestroy ?? true) ? { lifecycle: { preventDestroy: true } } : {}),
    });
    if (props.terraformName) this.resource.overrideLogicalId(props.terraformName);

    if ('id' in props.app && (props.importExisting ?? true)) {
      // The provider imports okta_app_oauth_api_scope by app id.
      this.importBlock = new ImportBlock(this, 'import', this.resource, props.app.id);
    }

    // Validations rather than throws, so that `cdktf synth` reports them with the others.
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (scopes.length === 0) {
          errors.push('no scopes to grant: applying would revoke every grant of the app');
        }
        for (const s of scopes) {
          if (s.trim() === '' || /\s/.test(s)) errors.push(`invalid scope name ${JSON.stringify(s)}`);
        }
        return errors;
      },
    });
  }
}

/**
 * A Terraform `import` block for one resource. cdktf's own `resource.importFrom()` renders the same
 * block but also adds a validation that runs `terraform version` during synth, so synth would fail
 * on a machine without a terraform binary; this element renders the block without that check
 * (Terraform < 1.5 rejects the block itself at plan time).
 */
export class ImportBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly target: TerraformResource,
    private readonly importId: string,
  ) {
    super(scope, id);
  }

  /** Computed at synth time, so a later `overrideLogicalId` on the target is honoured. */
  get to(): string {
    return `${this.target.terraformResourceType}.${this.target.friendlyUniqueId}`;
  }

  override toTerraform(): { import: Array<{ to: string; id: string }> } {
    return { import: [{ to: this.to, id: this.importId }] };
  }

  override toHclTerraform(): { import: Array<Record<string, HclAttribute>> } {
    return {
      import: [
        {
          to: { value: this.to, type: 'simple', storageClassType: 'reference' },
          id: { value: this.importId, type: 'simple', storageClassType: 'string' },
        },
      ],
    };
  }

  override toMetadata(): { imports: Record<string, string[]> } {
    return { imports: { [this.target.terraformResourceType]: [this.target.friendlyUniqueId] } };
  }
}

/** The attribute shape cdktf's HCL renderer expects (as in TerraformResource.toHclTerraform). */
interface HclAttribute {
  value: string;
  type: 'simple';
  storageClassType: 'reference' | 'string';
}
