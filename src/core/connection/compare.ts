import type { ConnectionFinding, ConnectionInput, ConnectionStatus, ConnectionView, EventRecord, TokenRecord } from './types';

const TOKEN_EVENTS = new Set(['app.oauth2.token.grant.access_token', 'app.oauth2.token.grant.refresh_token']);
const REAUTH_EVENTS = new Set(['workflows.user.connection.create', 'workflows.user.connection.reauthorize']);

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Scopes an app can be granted (the Okta API's); OIDC scopes a token carries are no grant. */
function isGrantable(scope: string): boolean {
  return scope.startsWith('okta.');
}

/** Per user, the newest ACTIVE token. */
function newestTokens(tokens: readonly TokenRecord[]): Map<string, TokenRecord> {
  const out = new Map<string, TokenRecord>();
  for (const t of tokens) {
    if (t.status !== 'ACTIVE') continue;
    const seen = out.get(t.userId);
    if (!seen || t.created > seen.created || (t.created === seen.created && t.id > seen.id)) out.set(t.userId, t);
  }
  return out;
}

/** Per actor, the newest token event that says which scopes it granted. */
function newestGrantEvents(events: readonly EventRecord[]): Map<string, EventRecord> {
  const out = new Map<string, EventRecord>();
  for (const e of events) {
    if (!TOKEN_EVENTS.has(e.eventType) || e.grantedScopes === undefined || e.actorId === undefined) continue;
    const seen = out.get(e.actorId);
    if (!seen || e.published > seen.published) out.set(e.actorId, e);
  }
  return out;
}

function lastReauthorizations(events: readonly EventRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    if (!REAUTH_EVENTS.has(e.eventType) || e.actorId === undefined) continue;
    const seen = out.get(e.actorId);
    if (seen === undefined || e.published > seen) out.set(e.actorId, e.published);
  }
  return out;
}

/**
 * The connection status of one org: for each connection (authorizing user), the newest token and the
 * scopes it carries, then each scope the app grants and the declaration requires that it does not
 * carry (its cards will 403 until the connection is reauthorized), and each Okta scope it carries that
 * the app no longer grants. Where the tokens list and the log disagree about a connection, the
 * scopes both carry are taken (the view that predicts the 403), and the disagreement is named.
 */
export function compareConnection(input: ConnectionInput): ConnectionStatus {
  const reasons: string[] = [];
  const disagreements: string[] = [];
  if (!input.tokens.ok) reasons.push(`refresh tokens not read: ${input.tokens.reason}`);
  if (!input.log.ok) reasons.push(`System Log not read: ${input.log.reason}`);
  const tokens = input.tokens.ok ? newestTokens(input.tokens.items) : new Map<string, TokenRecord>();
  const events = input.log.ok ? input.log.items : [];
  const logGrants = newestGrantEvents(events);
  const reauth = lastReauthorizations(events);

  const views: ConnectionView[] = [];
  for (const [user, t] of tokens) {
    const view: ConnectionView = { user, tokenIssued: t.created, scopes: [...new Set(t.scopes)].sort(byText), source: 'tokens' };
    const ev = logGrants.get(user);
    // A token event at least as new as the token speaks for it; an older one is history.
    if (ev && ev.published >= t.created && ev.grantedScopes) {
      const fromLog = new Set(ev.grantedScopes);
      const onlyToken = view.scopes.filter((s) => !fromLog.has(s));
      const onlyLog = [...fromLog].filter((s) => !t.scopes.includes(s)).sort(byText);
      if (onlyToken.length || onlyLog.length) {
        const parts = [
          onlyToken.length ? `the refresh token carries ${onlyToken.join(', ')} but the newest token event (${ev.published}) does not` : '',
          onlyLog.length ? `the newest token event grants ${onlyLog.join(', ')} but the refresh token does not carry ${onlyLog.length === 1 ? 'it' : 'them'}` : '',
        ].filter(Boolean);
        disagreements.push(`connection of user ${user}: ${parts.join('; ')}; taken: the scopes both carry`);
      }
      view.scopes = view.scopes.filter((s) => fromLog.has(s));
      view.source = 'tokens+log';
    }
    const r = reauth.get(user);
    if (r !== undefined) view.lastReauthorized = r;
    views.push(view);
  }
  // Without the tokens list, the log's newest token event of each user stands for the connection.
  if (!input.tokens.ok) {
    for (const [user, ev] of logGrants) {
      const view: ConnectionView = { user, tokenIssued: ev.published, scopes: [...new Set(ev.grantedScopes ?? [])].sort(byText), source: 'log' };
      const r = reauth.get(user);
      if (r !== undefined) view.lastReauthorized = r;
      views.push(view);
    }
  }
  views.sort((a, b) => byText(a.user, b.user));

  if (views.length === 0) {
    if (input.tokens.ok) reasons.push('the app has no active refresh token: no Okta connection is authorized, or none was read');
    if (input.log.ok && !input.tokens.ok) reasons.push(`the System Log holds no token issued to the app's client from ${input.since} to ${input.until}`);
    return { org: input.org, checked: false, since: input.since, until: input.until, connections: [], findings: [], reasons, disagreements };
  }

  const findings: ConnectionFinding[] = [];
  const needed = [...new Set(input.required)].filter((s) => input.granted.has(s)).sort(byText);
  for (const v of views) {
    const carried = new Set(v.scopes);
    for (const scope of needed) {
      if (!carried.has(scope)) findings.push({ kind: 'not-carried', user: v.user, scope, grantedAt: input.granted.get(scope) ?? '', tokenIssued: v.tokenIssued });
    }
    for (const scope of v.scopes) {
      if (isGrantable(scope) && !input.granted.has(scope)) findings.push({ kind: 'carried-not-granted', user: v.user, scope, tokenIssued: v.tokenIssued });
    }
  }
  findings.sort((a, b) => byText(a.kind, b.kind) || byText(a.scope, b.scope) || byText(a.user, b.user));
  return { org: input.org, checked: true, since: input.since, until: input.until, connections: views, findings, reasons, disagreements };
}

/** `2026-03-01` out of an ISO time; '' stays ''. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** The sentence of a finding, without the org (renderers prefix it). */
export function findingMessage(f: ConnectionFinding): string {
  if (f.kind === 'carried-not-granted') {
    return `the connection of user ${f.user} carries ${f.scope} (token of ${day(f.tokenIssued)}), which the app no longer grants: it disappears at the next reauthorization, and cards that need it will then fail`;
  }
  const granted = f.grantedAt ? `granted on ${day(f.grantedAt)}` : 'granted';
  const when =
    f.grantedAt && f.tokenIssued < f.grantedAt
      ? `but no token issued since carries it (the newest of user ${f.user} is of ${day(f.tokenIssued)})`
      : `but the newest token of user ${f.user} (${day(f.tokenIssued)}) does not carry it`;
  return `${f.scope}: ${granted}, ${when}: reauthorize the connection, and tick the scope if it uses "Customize scopes"`;
}

/** Exit code contribution: 2 when a scope the cards need is not carried (they 403), else 0. */
export function connectionExitCode(statuses: readonly ConnectionStatus[]): 0 | 2 {
  return statuses.some((s) => s.findings.some((f) => f.kind === 'not-carried')) ? 2 : 0;
}
