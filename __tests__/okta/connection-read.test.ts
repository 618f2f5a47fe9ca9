import { startOktaServer, type OktaServer } from '../support/okta-server';
import { keepEvent, nextLink, readConnectionEvidence, type ReadConnectionOptions } from '../../src/sources/okta';

const APP = '0oaWorkflows';
const DAY = 86_400_000;
const now = Date.now();
const iso = (msAgo: number): string => new Date(now - msAgo).toISOString();

let server: OktaServer;

beforeEach(async () => {
  server = await startOktaServer({
    apiTokens: { all: {}, appsOnly: { scopes: ['okta.apps.read'] }, logsOnly: { scopes: ['okta.logs.read'] }, none: { scopes: ['okta.users.read'] } },
    pageSize: 2,
  });
  server.addApp({ id: APP, label: 'Okta Workflows OAuth', name: 'flow' });
});
afterEach(() => server.close());

function opts(token = 'all', extra: Partial<ReadConnectionOptions> = {}): ReadConnectionOptions {
  return {
    orgUrl: server.url,
    credentials: { kind: 'apiToken', token },
    appId: APP,
    since: new Date(now - 30 * DAY),
    until: new Date(now),
    timeoutMs: 5000,
    maxRetries: 1,
    retryBaseMs: 10,
    maxRateLimitWaitMs: 3000,
    tokenPageSize: 2,
    logPageSize: 2,
    ...extra,
  };
}

describe('readConnectionEvidence', () => {
  test('reads every page of tokens and of the log, GET only, the log bounded by since, until and a filter', async () => {
    server.addTokens(APP, [
      { userId: '00uA', scopes: ['okta.users.read'], created: iso(10 * DAY) },
      { userId: '00uA', scopes: ['okta.users.read', 'okta.groups.manage'], created: iso(DAY) },
      { userId: '00uB', scopes: ['okta.users.read'], created: iso(20 * DAY) },
    ]);
    server.addEvents([
      { published: iso(2 * DAY), eventType: 'user.lifecycle.create', clientId: APP, debugData: { requestUri: '/api/v1/users?activate=true' } },
      { published: iso(3 * DAY), eventType: 'app.oauth2.token.grant.refresh_token', clientId: APP, debugData: { grantedScopes: 'okta.users.read okta.groups.manage' } },
      { published: iso(3 * DAY), eventType: 'group.user_membership.add', clientId: '0oaOther', debugData: { requestUri: '/api/v1/groups/00g1/users/00u1' } },
      { published: iso(40 * DAY), eventType: 'user.lifecycle.create', clientId: APP, debugData: { requestUri: '/api/v1/users' } },
    ]);
    const ev = await readConnectionEvidence(opts());
    expect(ev.tokens.ok && ev.tokens.items.map((t) => [t.userId, t.scopes.length])).toEqual([['00uA', 1], ['00uA', 2], ['00uB', 1]]);
    expect(ev.tokens.ok && ev.tokens.pages).toBe(2);
    expect(ev.log.ok && ev.log.items.map((e) => e.eventType)).toEqual(['app.oauth2.token.grant.refresh_token', 'user.lifecycle.create']);
    expect(ev.log.ok && ev.log.items[0].grantedScopes).toEqual(['okta.users.read', 'okta.groups.manage']);
    expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
    const logReqs = server.requests.filter((r) => r.route === 'listLogs');
    expect(logReqs.length).toBeGreaterThan(0);
    for (const r of logReqs) {
      expect(r.query.until).toBe(new Date(now).toISOString());
      expect(r.query.since).toBe(new Date(now - 30 * DAY).toISOString());
      expect(r.query.filter).toBe(`client.id eq "${APP}"`);
    }
  });

  test('a server that ignores filter, since and until changes nothing: other clients and times are dropped on our side', async () => {
    server.setLogBehaviour({ ignoreQuery: true });
    server.addEvents([
      { published: iso(2 * DAY), eventType: 'user.lifecycle.create', clientId: APP, debugData: { requestUri: '/api/v1/users' } },
      { published: iso(2 * DAY), eventType: 'user.lifecycle.create', clientId: '0oaOther', debugData: { requestUri: '/api/v1/users' } },
      { published: iso(60 * DAY), eventType: 'user.lifecycle.create', clientId: APP, debugData: { requestUri: '/api/v1/users' } },
      { published: iso(2 * DAY), eventType: 'workflows.user.connection.reauthorize', clientId: 'workflows', targetIds: ['0oaElse'] },
      { published: iso(DAY), eventType: 'workflows.user.connection.reauthorize', clientId: 'workflows', targetIds: [APP] },
      { published: iso(DAY), eventType: 'workflows.user.connection.reauthorize', targetIds: [APP] },
      { published: iso(DAY), eventType: 'workflows.user.connection.reauthorize', clientId: APP, targetIds: [APP] },
    ]);
    const ev = await readConnectionEvidence(opts());
    expect(ev.log.ok).toBe(true);
    if (!ev.log.ok) return;
    expect(ev.log.items.map((e) => [e.eventType, e.clientId])).toEqual([
      ['user.lifecycle.create', APP],
      ['workflows.user.connection.reauthorize', APP],
    ]);
    expect(ev.log.dropped).toBe(5);
  });

  test('403 on tokens and on the log: each source says why, neither is guessed', async () => {
    server.addTokens(APP, [{ userId: '00uA', scopes: ['okta.users.read'] }]);
    const onlyApps = await readConnectionEvidence(opts('appsOnly'));
    expect(onlyApps.tokens.ok).toBe(true);
    expect(onlyApps.log.ok).toBe(false);
    expect(!onlyApps.log.ok && onlyApps.log.reason).toMatch(/403|permission|scope/i);
    const none = await readConnectionEvidence(opts('none'));
    expect(none.tokens.ok || none.log.ok).toBe(false);
    expect(JSON.stringify(none)).not.toContain('"none"');
  });

  test('a plain 403 on the log names the System Log and its scope or roles, not apps and grants', async () => {
    server.inject('listLogs', { kind: 'status', status: 403, errorCode: 'E0000006' });
    const ev = await readConnectionEvidence(opts());
    expect(ev.log.ok).toBe(false);
    const reason = !ev.log.ok ? ev.log.reason : '';
    expect(reason).toContain('may not read the System Log');
    expect(reason).toContain('okta.logs.read');
    expect(reason).toMatch(/Read-only Administrator or Report Administrator/);
    expect(reason).not.toMatch(/apps and their grants|can read applications/);
  });

  test('a log that pages forever stops at the page cap, with the reason', async () => {
    server.setLogBehaviour({ endless: true });
    server.addEvents([{ published: iso(DAY), eventType: 'user.lifecycle.create', clientId: APP }]);
    const ev = await readConnectionEvidence(opts('all', { maxPages: 5 }));
    expect(ev.log.ok).toBe(false);
    expect(!ev.log.ok && ev.log.reason).toMatch(/page/i);
    expect(server.requests.filter((r) => r.route === 'listLogs').length).toBeLessThanOrEqual(5);
  });

  test("the log's own rate limit: a 429 with X-Rate-Limit-Reset is waited for, then the read goes on", async () => {
    server.addEvents([{ published: iso(DAY), eventType: 'user.lifecycle.create', clientId: APP, debugData: { requestUri: '/api/v1/users' } }]);
    server.inject('listLogs', { kind: 'rateLimit', resetInSeconds: 1 });
    const ev = await readConnectionEvidence(opts());
    expect(ev.log.ok && ev.log.items).toHaveLength(1);
    expect(server.requests.filter((r) => r.route === 'listLogs')).toHaveLength(2);
  });

  test('a 429 without reset is retried with backoff, then the log is "not checked"', async () => {
    server.inject('listLogs', { kind: 'rateLimitNoReset' }, 5);
    const ev = await readConnectionEvidence(opts());
    expect(ev.log.ok).toBe(false);
    expect(!ev.log.ok && ev.log.reason).toMatch(/rate limit/i);
    // No reset was given, so none is promised.
    expect(!ev.log.ok && ev.log.reason).toContain('no reset time');
    expect(!ev.log.ok && ev.log.reason).not.toMatch(/after the reset|resets at/);
    expect(server.requests.filter((r) => r.route === 'listLogs')).toHaveLength(2);
  });

  test('malformed tokens and events make the source "not checked" with a located reason', async () => {
    const cases: unknown[] = [
      [{ id: 't1', clientId: APP, userId: '00u1', created: iso(DAY), status: 'ACTIVE' }],
      [{ id: 't1', clientId: APP, userId: '00u1', created: iso(DAY), status: 'ACTIVE', scopes: 'okta.users.read' }],
      [{ id: 't1', clientId: '0oaOther', userId: '00u1', created: iso(DAY), status: 'ACTIVE', scopes: [] }],
      [{ id: 't1', clientId: APP, userId: '00u1', created: new Date(now + 30 * DAY).toISOString(), status: 'ACTIVE', scopes: [] }],
      [{ id: 't1', clientId: APP, userId: '00u1', created: iso(DAY), status: 'ACTIVE', scopes: ['okta users read'] }],
      { tokens: [] },
    ];
    for (const body of cases) {
      server.inject('listTokens', { kind: 'body', body });
      const ev = await readConnectionEvidence(opts());
      expect(ev.tokens.ok).toBe(false);
      expect(!ev.tokens.ok && ev.tokens.reason).toMatch(/token \[0\] of page 1|token list \(page 1\)/);
    }
    const events: unknown[] = [
      [{ uuid: 'e1', eventType: 'user.lifecycle.create', client: { id: APP } }],
      [{ uuid: 'e1', published: iso(DAY), eventType: 'x', client: { id: APP }, debugContext: { debugData: { grantedScopes: 7 } } }],
      [{ uuid: 'e1', published: new Date(now + DAY).toISOString(), eventType: 'x', client: { id: APP } }],
      [{ uuid: 'e1', published: iso(DAY), eventType: 'x', client: 'oops' }],
    ];
    for (const body of events) {
      server.inject('listLogs', { kind: 'body', body });
      const ev = await readConnectionEvidence(opts());
      expect(ev.log.ok).toBe(false);
      expect(!ev.log.ok && ev.log.reason).toContain('event [0] of log page 1');
    }
  });

  test("an event about another org's host makes the log 'not checked', located", async () => {
    server.addEvents([{ published: iso(DAY), eventType: 'user.lifecycle.create', clientId: APP, debugData: { requestUri: 'https://other.okta.com/api/v1/users' } }]);
    const ev = await readConnectionEvidence(opts());
    expect(ev.log.ok).toBe(false);
    expect(!ev.log.ok && ev.log.reason).toContain('event [0] of log page 1 is about another host ("https://other.okta.com")');
  });

  test('grantedScopes as a list is read like the string form', async () => {
    server.addEvents([{ published: iso(DAY), eventType: 'app.oauth2.token.grant.access_token', clientId: APP, debugData: { grantedScopes: ['okta.users.read', 'okta.groups.read'] } }]);
    const ev = await readConnectionEvidence(opts());
    expect(ev.log.ok && ev.log.items[0].grantedScopes).toEqual(['okta.users.read', 'okta.groups.read']);
  });
});

describe('helpers', () => {
  test('nextLink finds rel="next" among joined Link headers', () => {
    expect(nextLink('<https://a/x?after=1>; rel="self", <https://a/x?after=2>; rel="next"')).toBe('https://a/x?after=2');
    expect(nextLink('<https://a/x>; rel="self"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });

  test('keepEvent: window and client', () => {
    const e = { uuid: 'u', published: '2026-01-02T00:00:00.000Z', eventType: 'user.lifecycle.create', clientId: APP, targetIds: [] };
    const since = Date.parse('2026-01-01T00:00:00Z');
    const until = Date.parse('2026-01-03T00:00:00Z');
    expect(keepEvent(e, APP, since, until)).toBe(true);
    expect(keepEvent({ ...e, clientId: 'x' }, APP, since, until)).toBe(false);
    expect(keepEvent({ ...e, published: '2026-01-04T00:00:00.000Z' }, APP, since, until)).toBe(false);
    const reauth = { ...e, eventType: 'workflows.user.connection.reauthorize', targetIds: [APP] };
    expect(keepEvent(reauth, APP, since, until)).toBe(true);
    expect(keepEvent({ ...reauth, clientId: '0oaOTHER' }, APP, since, until)).toBe(false);
    expect(keepEvent({ ...reauth, clientId: undefined }, APP, since, until)).toBe(false);
  });
});
