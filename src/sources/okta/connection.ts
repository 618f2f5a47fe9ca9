import type { Client } from '@okta/okta-sdk-nodejs';
import { secretsOf, redact, type OktaCredentials } from './credentials';
import { toUserError, type ErrorContext } from './errors';
import { createReadOnlyClient, readOnlyExecutor } from './grants';
import { checkOrgUrl } from './org-url';
import { ItemShapeError, parseLogPage, parseTokenPage, type LogEventItem, type RefreshTokenItem } from './connection-shapes';
import { UserError } from '../../util/diagnostics';
import { foreignToken } from '../../util/redact-url';

export type { LogEventItem, RefreshTokenItem } from './connection-shapes';

/** The System Log events that say a token was issued to the app's client. */
export const TOKEN_EVENT_TYPES = ['app.oauth2.token.grant.access_token', 'app.oauth2.token.grant.refresh_token'] as const;
/** The System Log events of a Workflows connection's life. */
export const CONNECTION_EVENT_PREFIX = 'workflows.user.connection.';

/** What one source gave: its items, or why it could not be read (never a guess). */
export type Readout<T> = { ok: true; items: T[]; pages: number; dropped: number } | { ok: false; reason: string };

/** The app's refresh tokens and the System Log events of its client over a window. */
export interface ConnectionEvidence {
  appId: string;
  /** The window of the log read (ISO times). */
  since: string;
  until: string;
  tokens: Readout<RefreshTokenItem>;
  log: Readout<LogEventItem>;
}

export interface ReadConnectionOptions {
  orgUrl: string;
  credentials: OktaCredentials;
  /** The Workflows OAuth app; its id is its OAuth client id. */
  appId: string;
  since: Date;
  until: Date;
  timeoutMs: number;
  maxRetries: number;
  maxRateLimitWaitMs?: number;
  retryBaseMs?: number;
  maxPages?: number;
  deadlineMs?: number;
  maxResponseBytes?: number;
  /** Items per page asked for (defaults: 200 tokens, 1000 events, Okta's maxima). */
  tokenPageSize?: number;
  logPageSize?: number;
  /** The clock (tests). */
  now?: number;
  /** False: the tokens are not asked for (usage reads the log alone). Default true. */
  readTokens?: boolean;
}

/** `<url>; rel="next"` out of one or several Link headers (joined by `, `). */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const m of header.matchAll(/<([^>]*)>\s*;\s*rel="?([^";,]+)"?/g)) if (m[2] === 'next') return m[1];
  return undefined;
}

/** What a plain 403 on the System Log means, and the fix. */
const LOG_FORBIDDEN: NonNullable<ErrorContext['forbidden']> = {
  mayNot: 'read the System Log',
  hint: 'a service app needs the scope okta.logs.read; an admin needs a role that can view the System Log (e.g. Read-only Administrator or Report Administrator)',
};

/** The System Log filter sent to Okta; every event is checked again on our side (`keepEvent`). */
export function logFilter(appId: string): string {
  const id = appId.replace(/["\\]/g, '');
  return `client.id eq "${id}"`;
}

/**
 * Whether an event returned by the log is one of ours: inside the window, and the app's client's own
 * (connection events included: one that only names the app as its target, with another client or
 * none, is dropped). A server that ignores `filter`, `since` or `until` then changes nothing; events
 * of other clients are never kept.
 */
export function keepEvent(e: LogEventItem, appId: string, sinceMs: number, untilMs: number): boolean {
  const at = Date.parse(e.published);
  if (!(at >= sinceMs && at <= untilMs)) return false;
  return e.clientId === appId;
}

/**
 * Reads the app's refresh tokens and the System Log of its client, each on its own: one that cannot
 * be read (403 for lack of okta.apps.read or okta.logs.read, a malformed item, a log that pages past
 * the cap or stays rate limited) says why, and the other still stands. GET only, through the same
 * bounded executor as the grants, with its own page budget and deadline.
 */
export async function readConnectionEvidence(opts: ReadConnectionOptions): Promise<ConnectionEvidence> {
  const orgUrl = checkOrgUrl(opts.orgUrl);
  const secrets = secretsOf(opts.credentials);
  const now = opts.now ?? Date.now();
  const executor = readOnlyExecutor(orgUrl, opts);
  const client = createReadOnlyClient(orgUrl, opts.credentials, executor);
  const appPath = `${orgUrl}/api/v1/apps/${encodeURIComponent(opts.appId)}/tokens`;
  const reasonOf = (e: unknown, doing: string, forbidden?: ErrorContext['forbidden']): string => {
    if (e instanceof ItemShapeError) return redact(`${doing}: ${e.message}`, secrets);
    const u = e instanceof UserError ? e : toUserError(e, { orgUrl, credentials: opts.credentials, secrets, doing, forbidden });
    const d = u.diagnostics[0];
    return redact(`${d.message}${d.hint ? ` (${d.hint})` : ''}`, secrets);
  };

  let tokens: Readout<RefreshTokenItem> = { ok: false, reason: 'not asked for' };
  if (opts.readTokens !== false) {
    try {
      const first = new URL(appPath);
      first.searchParams.set('limit', String(opts.tokenPageSize ?? 200));
      const got = await readPages(client, first, (body, page) => parseTokenPage(body, page, opts.appId, now), () => true);
      tokens = { ok: true, ...got };
    } catch (e) {
      tokens = { ok: false, reason: reasonOf(e, `reading the refresh tokens of app ${opts.appId}`) };
    }
  }

  const sinceIso = opts.since.toISOString();
  const untilIso = opts.until.toISOString();
  let log: Readout<LogEventItem>;
  try {
    const first = new URL(`${orgUrl}/api/v1/logs`);
    first.searchParams.set('since', sinceIso);
    first.searchParams.set('until', untilIso);
    first.searchParams.set('filter', logFilter(opts.appId));
    first.searchParams.set('sortOrder', 'ASCENDING');
    first.searchParams.set('limit', String(opts.logPageSize ?? 1000));
    const sinceMs = opts.since.getTime();
    const untilMs = opts.until.getTime();
    const got = await readPages(
      client,
      first,
      // A path is the server's text: our own credential never leaves in it, whoever echoes it.
      (body, page) => sameHost(parseLogPage(body, page, now), page, orgUrl).map((e) => (e.requestUri ? { ...e, requestUri: redact(e.requestUri, secrets) } : e)),
      (e) => keepEvent(e, opts.appId, sinceMs, untilMs),
      untilIso,
    );
    log = { ok: true, ...got };
  } catch (e) {
    log = { ok: false, reason: reasonOf(e, `reading the System Log of client ${opts.appId}`, LOG_FORBIDDEN) };
  }
  return { appId: opts.appId, since: sinceIso, until: untilIso, tokens, log };
}

/**
 * Follows `Link: rel="next"` until there is none or a page comes back empty. A next link without
 * `until` (Okta's polling form, which never ends) gets ours back; the executor caps the pages, refuses
 * a page already read and any link off the org.
 */
async function readPages<T>(
  client: Client,
  first: URL,
  parse: (body: unknown, page: number) => T[],
  keep: (item: T) => boolean,
  until?: string,
): Promise<{ items: T[]; pages: number; dropped: number }> {
  const items: T[] = [];
  let dropped = 0;
  let url: URL | undefined = first;
  let pages = 0;
  while (url) {
    pages++;
    // RequestInit's typings name node-fetch, which is not installed: the options are described here.
    const request = { method: 'GET', headers: { Accept: 'application/json' } } as unknown as Parameters<Client['http']['http']>[1];
    const res = (await client.http.http(url.href, request)) as unknown as { text(): Promise<string>; headers: { get(n: string): string | null } };
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ItemShapeError(`page ${pages} is not JSON`);
    }
    const got = parse(body, pages);
    for (const item of got) {
      if (keep(item)) items.push(item);
      else dropped++;
    }
    const next = nextLink(res.headers.get('link'));
    if (next === undefined || got.length === 0) break;
    try {
      url = new URL(next, first);
    } catch {
      throw new ItemShapeError(`page ${pages} has a next link that is not a URL`);
    }
    if (until !== undefined && !url.searchParams.has('until')) url.searchParams.set('until', until);
  }
  return { items, pages, dropped };
}

/**
 * A `requestUri` given as a whole URL must be on the org itself: an event about another org's host
 * (a log relayed from elsewhere) is not evidence about this one, and is refused with its location.
 */
export function sameHost(events: LogEventItem[], page: number, orgUrl: string): LogEventItem[] {
  const origin = new URL(orgUrl).origin.toLowerCase();
  events.forEach((e, i) => {
    if (e.requestUri === undefined || !/^[a-z][a-z0-9+.-]*:/i.test(e.requestUri)) return;
    let other: string;
    try {
      other = new URL(e.requestUri).origin.toLowerCase();
    } catch {
      throw new ItemShapeError(`event [${i}] of log page ${page}: its requestUri is not a URL`);
    }
    if (other !== origin) throw new ItemShapeError(`event [${i}] of log page ${page} is about another host (${foreignToken(other)}), not ${origin}`);
  });
  return events;
}
