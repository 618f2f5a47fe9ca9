import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINIMAL } from '../fixtures';
import { startOktaServer, type OktaServer } from '../support/okta-server';
import { runMain } from './run';

const TOKEN = '00-connection-test-token-do-not-print';
const NO_LOGS = '00-connection-no-logs-token';
const APP = '0oaWORKFLOWS1';
const ISSUER = 'https://acme.okta.com';
const DAY = 86_400_000;
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

/** MINIMAL needs these five scopes; okta.users.manage is the one granted last. */
const OLD = ['okta.apps.read', 'okta.eventHooks.manage', 'okta.logs.read', 'okta.users.read'];
const NEW = 'okta.users.manage';

describe('wf-scopes diff --connection', () => {
  let server: OktaServer;
  const dir = mkdtempSync(join(tmpdir(), 'wf-conn-'));
  writeFileSync(join(dir, 'scopes.yaml'), MINIMAL);

  const diff = (extra: string[], token = TOKEN) => runMain(['diff', '--org-url', server.url, '--timeout', '2', '--retries', '0', '--connection', ...extra], { cwd: dir, env: { OKTA_API_TOKEN: token } });

  beforeEach(async () => {
    server = await startOktaServer({ apiTokens: { [TOKEN]: {}, [NO_LOGS]: { scopes: ['okta.apps.read', 'okta.appGrants.read'] } }, pageSize: 50 });
    server.addApp({ id: APP, label: 'Okta Workflows OAuth', name: 'flow' });
    server.addGrants(APP, OLD.map((scopeId) => ({ scopeId, issuer: ISSUER, created: ago(20 * DAY) })));
    server.addGrants(APP, [{ scopeId: NEW, issuer: ISSUER, created: ago(DAY) }]);
  });
  afterEach(async () => {
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    await server.close();
  });

  test('grants added, no token since carries them: names the scope, says to reauthorize, exit 2', async () => {
    server.addTokens(APP, [{ userId: '00uALICE', scopes: [...OLD, 'openid', 'offline_access'], created: ago(10 * DAY) }]);
    const r = await diff([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('IN SYNC');
    expect(r.stdout).toMatch(/✗ okta\.users\.manage: granted on \d{4}-\d\d-\d\d, but no token issued since carries it .*reauthorize the connection/);
    expect(r.stdout).not.toContain(TOKEN);
    const json = await diff(['--format', 'json']);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout);
    expect(doc.connection[0]).toMatchObject({ org: 'prod', checked: true, findings: [expect.objectContaining({ kind: 'not-carried', scope: NEW, user: '00uALICE' })] });
    expect(doc.findings).toContainEqual(expect.objectContaining({ rule: 'WFS008', name: 'connection-scope-not-carried', scope: NEW }));
    // The log was asked for a bounded window and the app's client only.
    const logs = server.requests.filter((q) => q.route === 'listLogs');
    expect(logs.every((q) => q.query.until && q.query.since && q.query.filter.includes(APP))).toBe(true);
  });

  test('markdown counts findings like text does: "1 finding", "2 findings", never "finding(s)"', async () => {
    server.addTokens(APP, [{ userId: '00uALICE', scopes: OLD, created: ago(10 * DAY) }]);
    const one = await diff(['--format', 'markdown']);
    expect(one.stdout).toMatch(/\*\*prod\*\*: 1 finding$/m);
    expect(one.stdout).not.toContain('finding(s)');
    expect((await diff([])).stdout).toMatch(/prod: 1 finding \(log window/);
    server.addTokens(APP, [{ userId: '00uBOB', scopes: OLD, created: ago(5 * DAY) }]);
    const two = await diff(['--format', 'markdown']);
    expect(two.stdout).toMatch(/\*\*prod\*\*: 2 findings$/m);
  });

  test('after a reauthorization: exit 0, the reauthorization shown', async () => {
    server.addTokens(APP, [
      { userId: '00uALICE', scopes: OLD, created: ago(10 * DAY) },
      { userId: '00uALICE', scopes: [...OLD, NEW], created: ago(60_000) },
    ]);
    server.addEvents([{ published: ago(60_000), eventType: 'workflows.user.connection.reauthorize', clientId: APP, actorId: '00uALICE', targetIds: [APP] }]);
    const r = await diff([]);
    expect(r.stdout).toContain('every connection carries the granted scopes');
    expect(r.stdout).toMatch(/connection of user 00uALICE: newest token \d{4}-\d\d-\d\d \(tokens\), last reauthorized/);
    expect(r.code).toBe(0);
  });

  test('a reauthorization event of another client, or of none, is not counted even when it targets the app', async () => {
    server.setLogBehaviour({ ignoreQuery: true });
    server.addTokens(APP, [{ userId: '00uALICE', scopes: [...OLD, NEW], created: ago(10 * DAY) }]);
    server.addEvents([
      { published: ago(60_000), eventType: 'workflows.user.connection.reauthorize', clientId: '0oaOTHER', actorId: '00uALICE', targetIds: [APP] },
      { published: ago(60_000), eventType: 'workflows.user.connection.reauthorize', actorId: '00uALICE', targetIds: [APP] },
    ]);
    const r = await diff([]);
    expect(r.stdout).toMatch(/connection of user 00uALICE: newest token \d{4}-\d\d-\d\d \(tokens\)/);
    expect(r.stdout).not.toContain('last reauthorized');
    const logs = server.requests.filter((q) => q.route === 'listLogs');
    expect(logs.every((q) => q.query.filter === `client.id eq "${APP}"`)).toBe(true);
  });

  test('a connection carrying a revoked scope is a warning; two connections, one stale: only the stale one is named', async () => {
    server.addTokens(APP, [
      { userId: '00uALICE', scopes: [...OLD, NEW, 'okta.groups.manage'], created: ago(60_000) },
      { userId: '00uBOB', scopes: OLD, created: ago(5 * DAY) },
    ]);
    const r = await diff(['--format', 'json']);
    expect(r.code).toBe(2);
    const [status] = JSON.parse(r.stdout).connection;
    expect(status.findings.map((f: { kind: string; user: string; scope: string }) => [f.kind, f.user, f.scope])).toEqual([
      ['carried-not-granted', '00uALICE', 'okta.groups.manage'],
      ['not-carried', '00uBOB', NEW],
    ]);
  });

  test('the log disagrees with the token list: the scopes both carry are taken, and the disagreement is said', async () => {
    server.addTokens(APP, [{ userId: '00uALICE', scopes: [...OLD, NEW], created: ago(DAY / 2) }]);
    server.addEvents([{ published: ago(60_000), eventType: 'app.oauth2.token.grant.access_token', clientId: APP, actorId: '00uALICE', debugData: { grantedScopes: OLD.join(' ') } }]);
    const r = await diff([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('sources disagree: connection of user 00uALICE: the refresh token carries okta.users.manage but the newest token event');
  });

  test('without access to tokens and log: "not checked" with the reason, and the grants diff still stands', async () => {
    server.inject('listTokens', { kind: 'status', status: 403 });
    const r = await diff([], NO_LOGS);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('IN SYNC');
    expect(r.stdout).toMatch(/prod: not checked: refresh tokens not read: .*System Log not read: /);
    expect(r.stderr).toContain('warning: org prod: connection not checked');
    expect(r.stdout + r.stderr).not.toContain(NO_LOGS);
    const json = await diff(['--format', 'json'], NO_LOGS);
    expect(JSON.parse(json.stdout).findings).toContainEqual(expect.objectContaining({ rule: 'WFS010' }));
  });

  test('no token at all: "not checked", never in sync', async () => {
    const r = await diff([]);
    expect(r.stdout).toContain('not checked: the app has no active refresh token');
  });

  test('flags: --since out of range, --connection off the okta source or with sarif', async () => {
    const bad = await diff(['--since', '91']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--since');
    const sarif = await diff(['--format', 'sarif']);
    expect(sarif.code).toBe(1);
    const noConn = await runMain(['diff', '--since', '5'], { cwd: dir, env: {} });
    expect(noConn.code).toBe(1);
    expect(noConn.stderr).toContain('--since goes with --connection');
  });
});
