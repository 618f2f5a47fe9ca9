import * as nodePath from 'node:path';

import { isPlainObject } from '../../util/json';
import { firstUnsafeChar, quoteForeign } from '../../util/redact-url';
import { formatPath, type PathSeg } from '../../util/yaml-locator';
import { str, type ManifestContext, type Obj } from './context';
import { BACKEND_TYPES, DEFAULT_PROVIDER_VERSION, DEFAULT_REQUIRED_VERSION, type BackendDecl, type BackendType, type TerraformSettings } from './types';

/** `terraform:` (top level and per org): versions, preventDestroy and the backend, with its secrets, text and paths checked. */

/** Backend settings that carry credentials: they belong in the environment, never in Terraform files. */
const SECRET_BACKEND_KEYS = /^(access_key|secret_key|token|session_token|sas_token|client_secret|client_certificate_password|credentials|password|access_token|secret_id|secret_access_key|encryption_key|conn_str)$/i;

/** The opt-out for backend file paths outside the project; read here, never passed to Terraform. */
export const ALLOW_OUTSIDE_KEY = 'allowPathsOutsideProject';

/** A Terraform argument name. */
const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Backend settings that name a local file or folder, which Terraform reads or writes. */
function isPathSetting(type: string, key: string): boolean {
  return (type === 'local' && (key === 'path' || key === 'workspace_dir')) || /(_file|_files|_path|_dir)$/.test(key);
}

/** `{org}` in a backend setting (a state key, a prefix, a workspace name) becomes the org name. */
function substituteOrg(value: unknown, org: string): unknown {
  if (typeof value === 'string') return value.split('{org}').join(org);
  if (Array.isArray(value)) return value.map((v) => substituteOrg(v, org));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteOrg(v, org)]));
  return value;
}

/** Top-level `terraform:` with the org's own keys on top; `{org}` in backend settings becomes the org name. */
export function terraformSettings(ctx: ManifestContext, top: Obj, own: Obj, org: string, orgPath: PathSeg[]): TerraformSettings {
  const pick = (key: string): { value: unknown; path: PathSeg[] } =>
    key in own ? { value: own[key], path: [...orgPath, 'terraform', key] } : { value: top[key], path: ['terraform', key] };
  const requiredVersion = str(pick('requiredVersion').value)?.trim() || DEFAULT_REQUIRED_VERSION;
  const providerVersion = str(pick('providerVersion').value)?.trim() || DEFAULT_PROVIDER_VERSION;
  const backendAt = pick('backend');
  const preventDestroy = pick('preventDestroy').value !== false;
  const backend = isPlainObject(backendAt.value) ? readBackend(ctx, backendAt.value, org, backendAt.path) : undefined;
  return { requiredVersion, providerVersion, ...(backend ? { backend } : {}), preventDestroy };
}

function readBackend(ctx: ManifestContext, raw: Obj, org: string, path: PathSeg[]): BackendDecl | undefined {
  const type = str(raw.type);
  if (!type || !(BACKEND_TYPES as readonly string[]).includes(type)) return undefined; // the schema pass reported it
  const config: Record<string, unknown> = {};
  const outsideAllowed = raw[ALLOW_OUTSIDE_KEY] === true;
  let bad = false;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'type' || key === ALLOW_OUTSIDE_KEY) continue;
    if (SECRET_BACKEND_KEYS.test(key)) {
      bad = true;
      ctx.error('backend-secret', [...path, key], `backend setting \`${key}\` is a credential: it would be written into every synthesized stack`, `remove it and set the backend's environment variable instead (e.g. AWS_SECRET_ACCESS_KEY, ARM_ACCESS_KEY, GOOGLE_CREDENTIALS, TF_TOKEN_app_terraform_io)`);
      continue;
    }
    const setting = substituteOrg(value, org);
    if (!backendValueOk(ctx, { [key]: setting }, path)) bad = true;
    else if (isPathSetting(type, key) && !outsideAllowed && !backendPathOk(ctx, setting, org, [...path, key])) bad = true;
    config[key] = setting;
  }
  return bad ? undefined : { type: type as BackendType, config, loc: ctx.at.loc(path) };
}

/** Setting names are Terraform argument names, and no text holds a control character or line break. */
function backendValueOk(ctx: ManifestContext, value: unknown, path: PathSeg[]): boolean {
  if (typeof value === 'string') {
    const bad = firstUnsafeChar(value);
    if (bad === undefined) return true;
    ctx.error('backend-text', path, `backend setting ${formatPath(path)} holds a control character or line break (${bad})`, 'write the value on one line, without control characters');
    return false;
  }
  if (Array.isArray(value)) return value.map((v, i) => backendValueOk(ctx, v, [...path, i])).every(Boolean);
  if (!isPlainObject(value)) return true;
  let ok = true;
  for (const [k, v] of Object.entries(value)) {
    if (!TERRAFORM_NAME.test(k)) {
      ctx.error('backend-key', [...path, k], `backend setting name ${quoteForeign(k, 60)} is not a Terraform argument name`, 'use the name as the backend documents it: letters, digits, `_` and `-`, starting with a letter or `_`', ctx.at.keyLoc(path, k));
      ok = false;
    } else if (!backendValueOk(ctx, v, [...path, k])) ok = false;
  }
  return ok;
}

/**
 * A local file path Terraform reads or writes must stay inside the project: the folder of scopes.yaml,
 * with relative paths taken from where Terraform runs (cdktf.out/stacks/<org>, as the default state
 * path `../../../terraform.<org>.tfstate` is).
 */
function backendPathOk(ctx: ManifestContext, value: unknown, org: string, path: PathSeg[]): boolean {
  if (Array.isArray(value)) return value.map((v, i) => backendPathOk(ctx, v, org, [...path, i])).every(Boolean);
  if (typeof value !== 'string') return true;
  const project = nodePath.resolve(ctx.cwd ?? '', nodePath.dirname(ctx.file));
  const resolved = nodePath.resolve(project, 'cdktf.out', 'stacks', org, value);
  const inside = !value.startsWith('~') && (resolved === project || resolved.startsWith(`${project}${nodePath.sep}`));
  if (inside) return true;
  ctx.error(
    'backend-path-outside',
    path,
    `backend setting ${formatPath(path)} (${quoteForeign(value, 80)}) leads outside the project folder: Terraform runs in cdktf.out/stacks/${org}, so the path resolves to ${quoteForeign(resolved, 120)}`,
    `keep it inside the project, e.g. \`../../../terraform.{org}.tfstate\`, or set \`${ALLOW_OUTSIDE_KEY}: true\` in the backend if the file must live elsewhere`,
  );
  return false;
}
