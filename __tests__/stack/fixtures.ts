import type { ResolvedOrg, ResolvedScope } from '../../src/core/resolve/types';

const loc = { file: 'scopes.yaml', line: 1, column: 1 };

export function scope(name: string): ResolvedScope {
  return { scope: name, neededBy: [], reasons: [{ reason: 'test', loc }] };
}

/** A resolved org; scopes deliberately unsorted so that sorting is observable. */
export function org(overrides: Partial<ResolvedOrg> = {}, scopes = ['okta.users.read', 'okta.logs.read', 'okta.groups.manage']): ResolvedOrg {
  return {
    name: 'acme',
    domain: 'acme.okta.com',
    issuer: 'https://acme.okta.com',
    app: { label: 'Okta Workflows OAuth', id: '0oa1abcDEF2345' },
    scopes: scopes.map(scope),
    loc,
    ...overrides,
  };
}

export const SORTED = ['okta.groups.manage', 'okta.logs.read', 'okta.users.read'];

/** Synthesized JSON, parsed; only the parts the tests read. */
export interface TfJson {
  import?: Array<{ to: string; id: string }>;
  provider?: { okta?: Array<Record<string, unknown>> };
  resource?: { okta_app_oauth_api_scope?: Record<string, { app_id: string; issuer: string; scopes: string[] }> };
  data?: { okta_app?: Record<string, Record<string, unknown>> };
  output?: Record<string, { value: unknown }>;
  terraform?: { backend?: Record<string, Record<string, unknown>> };
}

export function parse(json: string): TfJson {
  return JSON.parse(json) as TfJson;
}

/** The one key of a record, failing loudly when there is not exactly one. */
export function onlyKey(record: Record<string, unknown> | undefined): string {
  const keys = Object.keys(record ?? {});
  if (keys.length !== 1) throw new Error(`expected exactly one key, got ${JSON.stringify(keys)}`);
  return keys[0];
}
