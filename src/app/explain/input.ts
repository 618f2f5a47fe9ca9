// The kinds of input explain reads (a 403 header, a scope name, METHOD /path, an E0000006 error) and the HTTP methods.

/** The `insufficient_scope` challenge of a 403 (or any Bearer challenge that names a scope or error). */
export interface HeaderInput {
  kind: 'header';
  scheme: 'Bearer';
  /** Every auth-param, names in lower case. */
  params: Record<string, string>;
  /** `scope=` split on whitespace (it may name several scopes), duplicates dropped. */
  scope?: string[];
  error?: string;
  errorDescription?: string;
  /** The API path Okta refused, e.g. `/api/v1/logs`. */
  resource?: string;
  /** The refused request's method, when the paste also holds its request line (`GET /api/v1/logs HTTP/1.1`). */
  method?: HttpMethod;
  realm?: string;
  authorizationUri?: string;
}

export interface ScopeInput {
  kind: 'scope';
  scope: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

export interface EndpointInput {
  kind: 'endpoint';
  method: HttpMethod;
  /** Path only, origin and query removed: `/api/v1/users/00u1`. */
  path: string;
  /** The query string without `?`, when there was one; scopes never depend on it. */
  query?: string;
}

/** A 403 `E0000006` without `insufficient_scope`: the authorizing admin lacks a permission, not the app a scope. */
export interface PermissionInput {
  kind: 'permission';
  errorCode: 'E0000006';
  summary?: string;
}

export type ExplainInput = HeaderInput | ScopeInput | EndpointInput | PermissionInput;

export function isMethod(s: string): s is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(s);
}
