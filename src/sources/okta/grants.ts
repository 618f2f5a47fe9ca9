import { Client, type Application, type Collection, type OAuth2ScopeConsentGrant } from '@okta/okta-sdk-nodejs';
import type { ActualGrants, GrantedScope, UnknownStatusGrant } from '../../core/drift/types';
import { UserError } from '../../util/diagnostics';
import { secretsOf, type OktaCredentials } from './credentials';
import { toUserError, type ErrorContext } from './errors';
import { ReadOnlyRequestExecutor, type RequestStats } from './executor';
import { checkOrgUrl, stripTrailingSlash } from './org-url';
import { limit } from '../../util/limits';
import { foreignToken, quoteForeign } from '../../util/redact-url';

export interface FetchLiveGrantsOptions {
  /** `https://<domain>` (see resolveOrgUrl); http only on loopback. */
  orgUrl: string;
  /** The Workflows OAuth app: by id when known, else by exact label. */
  app: { id?: string; label: string };
  credentials: OktaCredentials;
  /** Per HTTP request, body included. */
  timeoutMs: number;
  /** Retries per request for 429, 5xx and dropped connections; 0 = none. */
  maxRetries: number;
  /** The issuer grants on this org should carry (`https://<domain>`). */
  expectedIssuer: string;
  /** Cap on the total wait for rate-limit resets (default 30 s). */
  maxRateLimitWaitMs?: number;
  /** First retry backoff (default 500 ms, doubling). */
  retryBaseMs?: number;
  /** Caps (defaults: WF_SCOPES_MAX_RESPONSE_BYTES, WF_SCOPES_MAX_PAGES, WF_SCOPES_OKTA_DEADLINE, see util/limits). */
  maxResponseBytes?: number;
  maxPages?: number;
  deadlineMs?: number;
}

/** What every Okta read sets on its executor: the caller's settings, else the documented caps. */
export type ExecutorSettings = Pick<
  FetchLiveGrantsOptions,
  'credentials' | 'timeoutMs' | 'maxRetries' | 'maxRateLimitWaitMs' | 'retryBaseMs' | 'maxResponseBytes' | 'maxPages' | 'deadlineMs'
>;

/** The one bounded, read-only executor of an org's reads (grants, tokens, the System Log). */
export function readOnlyExecutor(orgUrl: string, opts: ExecutorSettings): ReadOnlyRequestExecutor {
  return new ReadOnlyRequestExecutor({
    orgUrl,
    timeoutMs: opts.timeoutMs,
    maxRetries: opts.maxRetries,
    maxRateLimitWaitMs: opts.maxRateLimitWaitMs,
    retryBaseMs: opts.retryBaseMs,
    allowTokenRequest: opts.credentials.kind === 'privateKey',
    maxResponseBytes: opts.maxResponseBytes ?? limit('maxResponse'),
    maxPages: opts.maxPages ?? limit('maxPages'),
    deadlineMs: opts.deadlineMs ?? limit('deadline') * 1000,
  });
}

export interface LiveGrantsResult {
  grants: ActualGrants;
  /** HTTP requests sent (app lookup + one per page of grants, plus token requests and retries). */
  requests: number;
  stats: RequestStats & { grantPages: number };
  /** Things worth telling the user that are not errors (label differs from scopes.yaml, app inactive). */
  notes: string[];
  /** When each ACTIVE grant was made (`created`, ISO), by scope: the earliest of its grants. */
  grantedAt: Record<string, string>;
}

/** The org's API through the SDK, with every request going through our read-only executor. */
export function createReadOnlyClient(orgUrl: string, credentials: OktaCredentials, executor: ReadOnlyRequestExecutor): Client {
  // cacheMiddleware null: the default cache would re-wrap responses and could serve stale grants.
  const common = { orgUrl, requestExecutor: executor, cacheMiddleware: null };
  switch (credentials.kind) {
    case 'apiToken':
      return new Client({ ...common, authorizationMode: 'SSWS', token: credentials.token });
    case 'accessToken': {
      // The SDK has no Bearer mode for a ready-made token; its default Authorization header is public.
      const client = new Client({ ...common, authorizationMode: 'SSWS', token: credentials.token });
      client.http.defaultHeaders.Authorization = `Bearer ${credentials.token}`;
      return client;
    }
    case 'privateKey':
      return new Client({
        ...common,
        authorizationMode: 'PrivateKey',
        clientId: credentials.clientId,
        scopes: credentials.scopes,
        privateKey: credentials.privateKey,
        // '' rather than undefined so an OKTA_CLIENT_KEYID left in the environment cannot slip in.
        keyId: credentials.keyId ?? '',
      });
  }
}

/** Drains an SDK collection; its iterator can yield null on an empty page that has a next link. */
async function drain<T>(collection: Collection<T>): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const { done, value } = await collection.next();
    if (value !== null && value !== undefined) out.push(value);
    if (done) return out;
  }
}

function sameIssuer(a: string, b: string): boolean {
  return stripTrailingSlash(a.trim()).toLowerCase() === stripTrailingSlash(b.trim()).toLowerCase();
}

/**
 * Reads the scopes the org grants to the Workflows OAuth app: one app lookup, then the grants list
 * page by page. Only GET requests leave (plus the OAuth token request for private-key credentials).
 */
export async function fetchLiveGrants(opts: FetchLiveGrantsOptions): Promise<LiveGrantsResult> {
  const orgUrl = checkOrgUrl(opts.orgUrl);
  const secrets = secretsOf(opts.credentials);
  const executor = readOnlyExecutor(orgUrl, opts);
  const ctx = (doing: string, notFound?: string): ErrorContext => ({ orgUrl, credentials: opts.credentials, secrets, doing, notFound });

  let client: Client;
  try {
    client = createReadOnlyClient(orgUrl, opts.credentials, executor);
  } catch (e) {
    throw toUserError(e, ctx('setting up the Okta client'));
  }
  const api = client.applicationApi;
  const notes: string[] = [];

  let app: Application;
  const wantedId = opts.app.id;
  if (wantedId !== undefined) {
    const notFound = `app ${wantedId} not found in ${orgUrl}`;
    try {
      app = await api.getApplication({ appId: wantedId });
    } catch (e) {
      throw toUserError(e, ctx(`looking up app ${wantedId}`, notFound));
    }
    if (app.label !== opts.app.label) notes.push(`app ${wantedId} is labelled ${quoteForeign(app.label)}, not "${opts.app.label}"`);
  } else {
    app = await findByLabel(api, orgUrl, opts.app.label, ctx(`looking up the app labelled "${opts.app.label}"`));
  }
  const appId = app.id ?? wantedId ?? '';
  if (app.status && app.status !== 'ACTIVE') notes.push(`app ${foreignToken(appId)} (${quoteForeign(app.label)}) is ${foreignToken(app.status)}`);

  const before = { ...executor.stats };
  let raw: OAuth2ScopeConsentGrant[];
  try {
    raw = await drain(await api.listScopeConsentGrants({ appId }));
  } catch (e) {
    throw toUserError(e, ctx(`reading the grants of app ${appId}`, `app ${appId} not found in ${orgUrl}`));
  }
  // Requests of this stage that were neither retries nor token refreshes: one per page.
  const after = executor.stats;
  const grantPages = after.requests - before.requests - (after.retries - before.retries) - (after.tokenRequests - before.tokenRequests);

  const { unknown } = partitionByStatus(raw);
  const grants: ActualGrants = { source: 'okta', app: { id: appId, label: app.label }, granted: summarise(raw, opts.expectedIssuer) };
  if (unknown.length > 0) grants.unknownStatus = unknown;
  return {
    grants,
    grantedAt: grantDates(raw),
    requests: executor.stats.requests,
    stats: { ...executor.stats, grantPages: Math.max(grantPages, 0) },
    notes,
  };
}

async function findByLabel(api: Client['applicationApi'], orgUrl: string, label: string, ctx: ErrorContext): Promise<Application> {
  let candidates: Application[];
  try {
    // q is a prefix match on name and label: 200 (the maximum page) keeps it to one request.
    candidates = await drain(await api.listApplications({ q: label, limit: 200 }));
  } catch (e) {
    throw toUserError(e, ctx);
  }
  const exact = candidates.filter((a) => a.label === label);
  if (exact.length === 1) return exact[0];
  const describe = (a: Application): string =>
    `${foreignToken(a.id ?? '?')} (${quoteForeign(a.label)}, ${a.status ? foreignToken(a.status) : 'status unknown'})`;
  if (exact.length === 0) {
    throw new UserError({
      severity: 'error',
      code: 'okta-app-not-found',
      message:
        `no app labelled "${label}" in ${orgUrl}` +
        (candidates.length ? `; apps whose label or name starts with it: ${candidates.map(describe).join(', ')}` : ''),
      hint: 'set the app id in scopes.yaml (app: { id: … }) or fix the label',
    });
  }
  throw new UserError({
    severity: 'error',
    code: 'okta-app-ambiguous',
    message: `${exact.length} apps in ${orgUrl} are labelled "${label}": ${exact.map(describe).join(', ')}`,
    hint: 'set the app id in scopes.yaml (app: { id: … }) to say which one Workflows uses',
  });
}

/**
 * Okta documents a grant's status as ACTIVE or REVOKED, exactly. Anything else (`active`, `PENDING`,
 * `ACTIVE `, none) may still hold its scope: it is kept aside as unknown, never dropped.
 */
export function partitionByStatus(grants: readonly OAuth2ScopeConsentGrant[]): { active: OAuth2ScopeConsentGrant[]; unknown: UnknownStatusGrant[] } {
  const active: OAuth2ScopeConsentGrant[] = [];
  const unknown: UnknownStatusGrant[] = [];
  for (const g of grants) {
    const status: unknown = g.status;
    if (status === 'ACTIVE') active.push(g);
    else if (status !== 'REVOKED') {
      const u: UnknownStatusGrant = { scope: g.scopeId ?? '' };
      if (typeof status === 'string') u.status = status;
      if (g.id) u.grantId = g.id;
      unknown.push(u);
    }
  }
  unknown.sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : (a.status ?? '') < (b.status ?? '') ? -1 : (a.status ?? '') > (b.status ?? '') ? 1 : 0));
  return { active, unknown };
}

/** ACTIVE grants only, one entry per scope, sorted; flags grants whose issuer is not the org's. */
export function summarise(grants: readonly OAuth2ScopeConsentGrant[], expectedIssuer: string): GrantedScope[] {
  const byScope = new Map<string, GrantedScope>();
  for (const g of grants) {
    if (g.status !== 'ACTIVE' || !g.scopeId) continue;
    const entry: GrantedScope = { scope: g.scopeId };
    if (g.issuer && !sameIssuer(g.issuer, expectedIssuer)) entry.issuerMismatch = g.issuer;
    if (g.source) entry.grantSource = String(g.source);
    const seen = byScope.get(g.scopeId);
    // A duplicate grant for the same scope: keep the one from the org's own issuer.
    if (!seen || (seen.issuerMismatch !== undefined && entry.issuerMismatch === undefined)) byScope.set(g.scopeId, entry);
  }
  return [...byScope.values()].sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
}

/** The `created` time of each ACTIVE grant, by scope (the earliest, should a scope be granted twice). */
export function grantDates(grants: readonly OAuth2ScopeConsentGrant[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const g of grants) {
    const created: unknown = (g as { created?: unknown }).created;
    if (g.status !== 'ACTIVE' || !g.scopeId || created === undefined || created === null) continue;
    const ms = created instanceof Date ? created.getTime() : Date.parse(String(created));
    if (!Number.isFinite(ms)) continue;
    const iso = new Date(ms).toISOString();
    const seen = out[g.scopeId];
    if (seen === undefined || iso < seen) out[g.scopeId] = iso;
  }
  return out;
}
