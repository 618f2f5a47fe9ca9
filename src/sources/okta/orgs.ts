import type { OrgError } from '../../core/drift/types';
import { mapBounded } from '../../util/pool';
import { UserError } from '../../util/diagnostics';
import { credentialsFromEnv, redact, secretsOf, type OktaCredentials } from './credentials';
import { fetchLiveGrants, type LiveGrantsResult } from './grants';
import { resolveOrgUrl } from './org-url';
import { readConnectionEvidence, type ConnectionEvidence } from './connection';

/** One org to read: where, which app, and which credential variables. */
export interface OrgTarget {
  name: string;
  /** The org's domain; its URL is `https://<domain>` unless `orgUrl` overrides it. */
  domain: string;
  /** An explicit org URL (`--org-url NAME=URL`), already checked. */
  orgUrl?: string;
  app: { id?: string; label: string };
  expectedIssuer: string;
  /** `PROD_` reads `PROD_OKTA_API_TOKEN`, …; absent: the plain variables. */
  envPrefix?: string;
}

export interface ReadOrgsOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  timeoutMs: number;
  maxRetries: number;
  /** Orgs read at the same time (each org's own requests stay sequential). */
  concurrency: number;
  maxRateLimitWaitMs?: number;
  retryBaseMs?: number;
  /** Also read the app's refresh tokens and the System Log of its client over this window (`diff --connection`). */
  connection?: { since: Date; until: Date; readTokens?: boolean };
}

/** Every org either read or failed, never dropped: a failed org becomes an error entry. */
export type OrgRead = { org: string; ok: true; live: LiveGrantsResult; connection?: ConnectionEvidence } | { org: string; ok: false; error: OrgError };

/**
 * Reads several orgs' grants, at most `concurrency` at a time, each with its own credentials. One
 * org's failure (missing variables, 401, timeout, …) does not stop the others: it is returned as
 * that org's error, already scrubbed of the org's secrets. Results keep the order of `targets`.
 */
export function readOrgs(targets: readonly OrgTarget[], opts: ReadOrgsOptions): Promise<OrgRead[]> {
  return mapBounded(targets, opts.concurrency, async (t): Promise<OrgRead> => {
    let credentials: OktaCredentials | undefined;
    try {
      credentials = credentialsFromEnv(opts.env, opts.cwd, t.envPrefix ?? '');
      const live = await fetchLiveGrants({
        orgUrl: t.orgUrl ?? resolveOrgUrl(t.domain),
        app: t.app,
        credentials,
        timeoutMs: opts.timeoutMs,
        maxRetries: opts.maxRetries,
        expectedIssuer: t.expectedIssuer,
        maxRateLimitWaitMs: opts.maxRateLimitWaitMs,
        retryBaseMs: opts.retryBaseMs,
      });
      if (!opts.connection) return { org: t.name, ok: true, live };
      const connection = await readConnectionEvidence({
        orgUrl: t.orgUrl ?? resolveOrgUrl(t.domain),
        credentials,
        appId: live.grants.app.id,
        since: opts.connection.since,
        until: opts.connection.until,
        timeoutMs: opts.timeoutMs,
        maxRetries: opts.maxRetries,
        maxRateLimitWaitMs: opts.maxRateLimitWaitMs,
        retryBaseMs: opts.retryBaseMs,
        ...(opts.connection.readTokens === false ? { readTokens: false } : {}),
      });
      return { org: t.name, ok: true, live, connection };
    } catch (e) {
      return { org: t.name, ok: false, error: withPrefix(orgError(t.name, e, credentials ? secretsOf(credentials) : []), t.envPrefix ?? '') };
    }
  });
}

function orgError(org: string, e: unknown, secrets: readonly string[]): OrgError {
  if (e instanceof UserError) {
    const d = e.diagnostics.find((x) => x.severity === 'error') ?? e.diagnostics[0];
    const out: OrgError = { org, code: d.code, message: redact(d.message, secrets) };
    if (d.hint) out.hint = redact(d.hint, secrets);
    return out;
  }
  // A bug rather than the org's fault; still scrubbed, since the SDK may echo a request.
  return { org, code: 'internal-error', message: redact(`internal error: ${e instanceof Error ? e.message : String(e)}`, secrets) };
}

const PLAIN_VAR = /(?<![A-Za-z0-9_])OKTA_(?:ACCESS_TOKEN|API_TOKEN|API_CLIENT_ID|API_PRIVATE_KEY_ID|API_PRIVATE_KEY|API_SCOPES)\b/g;

/**
 * The Okta error messages name the plain variables (`check OKTA_API_TOKEN`); for an org with an
 * envPrefix the variable to fix is the prefixed one.
 */
function withPrefix(e: OrgError, prefix: string): OrgError {
  if (prefix === '') return e;
  const fix = (text: string): string => text.replace(PLAIN_VAR, (name) => `${prefix}${name}`);
  return { ...e, message: fix(e.message), ...(e.hint !== undefined ? { hint: fix(e.hint) } : {}) };
}
