/**
 * The shape of an Okta OAuth scope name: `okta.logs.read`, `okta.users.manage.self`, `ssf.read`.
 * Shape only: whether Okta knows the scope is the catalog's business.
 */
export const SCOPE_NAME_RE = /^[a-z][a-zA-Z0-9_]*(\.[A-Za-z0-9_]+)+$/;

/** OIDC scopes an Okta token may carry; they have no dot, so the shape above misses them. */
export const OIDC_SCOPES: readonly string[] = [
  'openid',
  'profile',
  'email',
  'phone',
  'address',
  'groups',
  'offline_access',
  'device_sso',
];

export function isScopeName(s: string): boolean {
  return SCOPE_NAME_RE.test(s) || OIDC_SCOPES.includes(s);
}
