import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINIMAL } from '../fixtures';
import { startOktaServer, type OktaServer } from '../support/okta-server';
import { parseUsageJson } from '../../src/app/usage/parse';
import { loadCatalog } from '../../src/core/catalog';
import { runMain } from './run';

const TOKEN = '00-usage-test-token-do-not-print';
const NO_LOGS = '00-usage-no-logs-token';
const APP = '0oaWORKFLOWS1';
const ISSUER = 'https://acme.okta.com';
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();
const HOUR = 3_600_000;

describe('wf-scopes usage', () => {
  let server: OktaServer;
  const dir = mkdtempSync(join(tmpdir(), 'wf-usage-'));
  writeFileSync(join(dir, 'scopes.yaml'), MINIMAL);

  const usage = (extra: string[], token = TOKEN) => runMain(['usage', '--org-url', server.url, '--timeout', '2', '--retries', '0', ...extra], { cwd: dir, env: { OKTA_API_TOKEN: token } });

  beforeEach(async () => {
    server = await startOktaServer({ apiTokens: { [TOKEN]: {}, [NO_LOGS]: { scopes: ['okta.apps.read', 'okta.appGrants.read'] } }, pageSize: 50 });
    server.addApp({ id: APP, label: 'Okta Workflows OAuth', name: 'flow' });
    server.addGrants(APP, ['okta.apps.read', 'okta.eventHooks.manage', 'okta.logs.read', 'okta.users.manage', 'okta.users.read', 'okta.groups.manage'].map((scopeId) => ({ scopeId, issuer: ISSUER })));
    server.addEvents([
      { published: ago(3 * HOUR), eventType: 'user.lifecycle.deactivate', clientId: APP, debugData: { requestUri: '/api/v1/users/00u1/lifecycle/deactivate?sendEmail=false', requestMethod: 'POST' } },
      { published: ago(2 * HOUR), eventType: 'user.lifecycle.deactivate', clientId: APP, debugData: { requestUri: '/api/v1/users/00u2/lifecycle/deactivate' } },
      { published: ago(HOUR), eventType: 'group.user_membership.add', clientId: APP, debugData: { requestUri: '/api/v1/groups/00g1/users/00u3' } },
      { published: ago(HOUR), eventType: 'system.unknown', clientId: APP, debugData: { requestUri: '/api/v1/nowhere/at/all', requestMethod: 'POST' } },
      // Another client's write is never counted.
      { published: ago(HOUR), eventType: 'group.user_membership.add', clientId: '0oaOTHER', debugData: { requestUri: '/api/v1/groups/00g9/users/00u9' } },
      { published: ago(HOUR), eventType: 'app.oauth2.token.grant.access_token', clientId: APP, debugData: { grantedScopes: 'okta.users.read' } },
    ]);
  });
  afterEach(async () => {
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    await server.close();
  });

  test('a server that echoes the credential into an event path: the token is never printed', async () => {
    server.addEvents([{ published: ago(HOUR), eventType: 'system.unknown', clientId: APP, debugData: { requestUri: `/api/v1/echo/${TOKEN}`, requestMethod: 'POST' } }]);
    for (const format of ['text', 'json', 'markdown']) {
      const r = await usage(['--format', format]);
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
      expect(r.stdout).toContain('/api/v1/echo/***');
      // The redacted result is still one that review and report accept.
      if (format === 'json') expect(parseUsageJson(r.stdout, 'usage.json', loadCatalog()).orgs[0].unexplained.map((u) => u.path)).toContain('/api/v1/echo/***');
    }
  });

  test('writes per scope through the endpoint table; unexplained writes named with their path; reads not observable', async () => {
    const r = await usage(['--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.note).toContain('not observable');
    const [org] = doc.orgs;
    const byScope = Object.fromEntries(org.scopes.map((s: { scope: string }) => [s.scope, s]));
    expect(byScope['okta.users.manage'].writes).toEqual([
      // Without a method first (the event did not log it), then POST.
      expect.not.objectContaining({ method: expect.anything() }),
      expect.objectContaining({ path: '/api/v1/users/{id}/lifecycle/deactivate', eventType: 'user.lifecycle.deactivate', method: 'POST', count: 1 }),
    ]);
    expect(byScope['okta.users.read']).toMatchObject({ observable: 'not-observable', writes: [] });
    expect(byScope['okta.eventHooks.manage']).toMatchObject({ observable: 'writes', writes: [] });
    // A granted scope no declared card needs: its write counts on its own line, and is still unexplained.
    expect(byScope['okta.groups.manage']).toMatchObject({ declared: false, observable: 'writes', writes: [expect.objectContaining({ path: '/api/v1/groups/{groupId}/users/{userId}', count: 1 })] });
    expect(org.unexplained).toEqual([
      expect.objectContaining({ path: '/api/v1/groups/00g1/users/00u3', scope: 'okta.groups.manage', why: 'undeclared-scope', count: 1 }),
      expect.objectContaining({ path: '/api/v1/nowhere/at/all', method: 'POST', why: 'unmapped' }),
    ]);
    expect(JSON.stringify(doc)).not.toContain('00g9');
    // usage reads the log alone: no token list is asked for.
    expect(server.requests.filter((q) => q.route === 'listTokens')).toEqual([]);

    const text = await usage([]);
    expect(text.stdout).toContain('okta.users.read: not observable (reads are not logged)');
    expect(text.stdout).toContain('okta.eventHooks.manage: no write seen in the window (not proof it is unused)');
    expect(text.stdout).toMatch(/\(method not logged\) \/api\/v1\/groups\/00g1\/users\/00u3 .*needs okta\.groups\.manage, which no declared card needs/);
    expect(text.stdout).toContain('okta.groups.manage (not declared): 1 write, 1 unexplained (no declared card needs this scope)');
    expect(text.stdout).not.toContain('okta.groups.manage (not declared): no write seen');
    expect(text.stdout).not.toMatch(/: unused/);
    const md = await usage(['--format', 'markdown']);
    expect(md.stdout).toContain('Unexplained writes (2):');
    expect(md.stdout).toContain('| `okta.groups.manage` | no | 1 write, 1 unexplained (no declared card needs this scope) |');
    expect(md.stdout).toMatch(/\| `okta\.groups\.manage` \| `—` \| `\/api\/v1\/groups\/\{groupId\}\/users\/\{userId\}` \| `group\.user_membership\.add` \| 1 \|/);
  });

  test('what usage writes, report and review read back unchanged: the undeclared write on its scope line, still unexplained', async () => {
    const r = await usage(['--format', 'json']);
    expect(r.code).toBe(0);
    writeFileSync(join(dir, 'usage.json'), r.stdout);
    writeFileSync(join(dir, 'base.yaml'), `${MINIMAL}  - scope: okta.groups.manage\n    reason: Group sync\n`);
    const env = { WF_SCOPES_TODAY: '2026-12-02' };
    const report = await runMain(['report', '--format', 'markdown', '--usage', 'usage.json'], { cwd: dir, env });
    expect(report.stderr).toBe('');
    expect(report.stdout).toMatch(/\| `okta\.groups\.manage` \| 1 write, last seen \d{4}-\d\d-\d\d, 1 unexplained \(no declared card needs this scope\) \|/);
    expect(report.stdout).toContain('| `okta.users.read` | not observable (reads are not logged) |');
    const review = await runMain(['review', '--base-file', 'base.yaml', '--usage', 'usage.json', '--format', 'json'], { cwd: dir, env });
    expect(review.stderr).toBe('');
    expect(JSON.parse(review.stdout).usage.scopes).toEqual([{ org: 'prod', scope: 'okta.groups.manage', change: 'removed', lastSeen: expect.stringMatching(/^1 write, last seen .*, 1 unexplained/) }]);
  });

  test('a server that ignores the filter changes nothing', async () => {
    server.setLogBehaviour({ ignoreQuery: true });
    server.addEvents([{ published: ago(200 * 24 * HOUR), eventType: 'user.lifecycle.deactivate', clientId: APP, debugData: { requestUri: '/api/v1/users/00u7/lifecycle/deactivate' } }]);
    const r = await usage(['--format', 'json']);
    const org = JSON.parse(r.stdout).orgs[0];
    const users = org.scopes.find((s: { scope: string }) => s.scope === 'okta.users.manage');
    expect(users.writes.reduce((a: number, w: { count: number }) => a + w.count, 0)).toBe(2);
    expect(() => parseUsageJson(r.stdout, 'usage.json', loadCatalog())).not.toThrow();
    expect(JSON.stringify(org)).not.toContain('00g9');
  });

  test('without okta.logs.read: the org is "not checked" with the reason, exit 1, no secret', async () => {
    const r = await usage([], NO_LOGS);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/prod: not checked: .*okta\.logs\.read/);
    expect(r.stderr).toContain('usage not checked');
    expect(r.stdout + r.stderr).not.toContain(NO_LOGS);
    const json = await usage(['--format', 'json'], NO_LOGS);
    expect(parseUsageJson(json.stdout, 'usage.json', loadCatalog()).orgs[0]).toMatchObject({ checked: false, scopes: [] });
  });

  test('--since outside 1..90 is refused before anything is read', async () => {
    const r = await usage(['--since', '120']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--since');
    expect(server.requests).toEqual([]);
  });
});
