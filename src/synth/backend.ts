import type { Construct } from 'constructs';
import {
  AzurermBackend,
  ConsulBackend,
  CosBackend,
  GcsBackend,
  HttpBackend,
  LocalBackend,
  OssBackend,
  PgBackend,
  RemoteBackend,
  S3Backend,
  SwiftBackend,
  TerraformBackend,
} from 'cdktf';
import type { BackendDecl } from '../core/manifest/types';

/**
 * The backend scopes.yaml names, through CDKTF's own backend classes. Settings are passed as
 * written: the classes snake_case their keys, which leaves Terraform's own (snake_case) names as they
 * are. The loader has already refused credentials and replaced `{org}`.
 */
export function addBackend(scope: Construct, decl: BackendDecl): TerraformBackend {
  // The classes' config types are closed interfaces; the settings are Terraform's, checked by Terraform.
  const c = decl.config as never;
  switch (decl.type) {
    case 'local':
      return new LocalBackend(scope, c);
    case 's3':
      return new S3Backend(scope, c);
    case 'gcs':
      return new GcsBackend(scope, c);
    case 'azurerm':
      return new AzurermBackend(scope, c);
    case 'remote':
      return new RemoteBackend(scope, c);
    case 'cloud':
      return new CloudBlock(scope, decl.config);
    case 'consul':
      return new ConsulBackend(scope, c);
    case 'cos':
      return new CosBackend(scope, c);
    case 'http':
      return new HttpBackend(scope, c);
    case 'oss':
      return new OssBackend(scope, c);
    case 'pg':
      return new PgBackend(scope, c);
    case 'swift':
      return new SwiftBackend(scope, c);
  }
}

/**
 * `terraform { cloud { … } }`. CDKTF's CloudBackend renders the same block but also validates by
 * running `terraform version` at synth time, which fails on a machine without the binary; the stack's
 * `required_version >= 1.5` already covers the cloud block's need for 1.1.
 */
class CloudBlock extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly settings: Record<string, unknown>,
  ) {
    super(scope, 'backend', 'cloud');
  }

  override toTerraform(): { terraform: { cloud: Record<string, unknown> } } {
    return { terraform: { cloud: { ...this.settings, ...this.rawOverrides } } };
  }

  override toHclTerraform(): { terraform: { cloud: Record<string, unknown> } } {
    return this.toTerraform();
  }

  /** Stacks of this project never read each other's state. */
  getRemoteStateDataSource(): never {
    throw new Error('wf-scopes stacks do not read remote state');
  }
}
