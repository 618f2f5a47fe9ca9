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

/**
 * A scope some connection holds by default. `oidc`: an OIDC scope of the sign-in itself (`openid`,
 * `profile` …): never declared, never listed in the stack, never missing nor extra. `connection`: an
 * Okta API scope a connection requests at authorization (`okta.realms.read` of Okta Realms): the
 * grants resource is authoritative, so an apply revokes it unless the stack lists it, and the stack
 * lists it wherever a declared card calls with it.
 */
export interface ConnectionDefault {
  scope: string;
  kind: 'oidc' | 'connection';
  /** The connections (`Okta Realms`) whose authorization requests it, in catalog order. */
  connections: readonly string[];
  /** Whether an apply of the generated stack revokes it when the stack does not list it. */
  revokedUnlessListed: boolean;
}

/**
 * The one place that answers "is this a connection default, of which connection, may an apply revoke
 * it?" for every command. Built from the catalog (data/scopes.tsv `kind` and `autoGranted`,
 * data/cards.yaml connectors' `defaultScopes`): the data is the source of truth.
 */
export interface ConnectionDefaults {
  of(scope: string): ConnectionDefault | undefined;
  /** Any default: OIDC or a connection's Okta API scope. */
  isDefault(scope: string): boolean;
  isOidcDefault(scope: string): boolean;
  /** The connections holding `scope` by default; empty when none does. */
  connectionsOf(scope: string): string[];
}

export function connectionDefaults(
  scopes: readonly { name: string; kind: string; autoGranted: boolean }[],
  connectors: readonly { name: string; defaultScopes: readonly string[] }[],
): ConnectionDefaults {
  const byScope = new Map<string, ConnectionDefault>();
  for (const s of scopes) {
    if (!s.autoGranted) continue;
    const oidc = s.kind === 'oidc';
    byScope.set(s.name, {
      scope: s.name,
      kind: oidc ? 'oidc' : 'connection',
      connections: connectors.filter((c) => c.defaultScopes.includes(s.name)).map((c) => c.name),
      revokedUnlessListed: !oidc,
    });
  }
  const of = (scope: string): ConnectionDefault | undefined => byScope.get(scope.trim());
  return {
    of,
    isDefault: (scope) => of(scope) !== undefined,
    isOidcDefault: (scope) => of(scope)?.kind === 'oidc',
    connectionsOf: (scope) => [...(of(scope)?.connections ?? [])],
  };
}

/**
 * A scope that only reads (`okta.users.read`, `okta.users.read.self`, `ssf.read`). Okta's System Log
 * records state-changing calls only, so a read scope's use is not observable there: no command may
 * call it unused. By name, which data/scopes.tsv's `read` and `read(self)` kinds follow (a catalog
 * test holds them to it), so that a scope the catalog does not know is judged the same way.
 */
export function isReadScope(scope: string): boolean {
  return /\.read(\.self)?$/.test(scope.trim());
}
