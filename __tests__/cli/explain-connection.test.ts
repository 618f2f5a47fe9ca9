import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINIMAL } from '../fixtures';
import { startOktaServer, type OktaServer } from '../support/okta-server';
import { runMain } from './run';

const TOKEN = '00-explain-connection-token';
const APP = '0oaWORKFLOWS1';
const ISSUER = 'https://acme.okta.com';
const DAY = 86_400_000;
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();
const HEADER = 'www-authenticate: Bearer scope="okta.users.manage", error="insufficient_scope", resource="/api/v1/users/00u1/lifecycle/deactivate"';

describe('wf-scopes explain --connection', () => {
  let server: OktaServer;
  const dir = mkdtempSync(join(tmpdir(), 'wf-explain-conn-'));
  writeFileSync(join(dir, 'scopes.yaml'), MINIMAL);
  const explain = (extra: string[]) => runMain(['explain', HEADER, '--connection', '--org-url', server.url, ...extra], { cwd: dir, env: { OKTA_API_TOKEN: TOKEN } });

  beforeEach(async () => {
    server = await startOktaServer({ apiTokens: { [TOKEN]: {} } });
    server.addApp({ id: APP, label: 'Okta Workflows OAuth', name: 'flow' });
    server.addGrants(APP, ['okta.apps.read', 'okta.eventHooks.manage', 'okta.logs.read', 'okta.users.read'].map((scopeId) => ({ scopeId, issuer: ISSUER, created: ago(20 * DAY) })));
    server.addGrants(APP, [{ scopeId: 'okta.users.manage', issuer: ISSUER, created: ago(DAY) }]);
  });
  afterEach(async () => {
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    await server.close();
  });

  test('a granted scope the newest token does not carry: reauthorize, first', async () => {
    server.addTokens(APP, [{ userId: '00uALICE', scopes: ['okta.users.read'], created: ago(10 * DAY) }]);
    const r = await explain([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Likely cause: org prod: okta\.users\.manage is granted on \d{4}-\d\d-\d\d; the newest connection token of user 00uALICE \(\d{4}-\d\d-\d\d\) does not carry it: reauthorize/);
    const json = JSON.parse((await explain(['--format', 'json'])).stdout);
    expect(json.steps[0]).toContain('Reauthorize the Okta connection');
    expect(json.steps[0]).toContain('ticking okta.users.manage');
    // Said once: the fix's own reauthorize step is not repeated after the grant check.
    expect(json.steps.filter((s: string) => /reauthorize/i.test(s.split(' ')[0]))).toHaveLength(1);
    expect(json.steps.slice(1).join('\n')).not.toMatch(/^Reauthorize/m);
    expect(json.steps[json.steps.length - 1]).toBe('Run the flow again.');
  });

  test('a token that carries it: no reauthorization cause, a note instead', async () => {
    server.addTokens(APP, [{ userId: '00uALICE', scopes: ['okta.users.manage', 'okta.users.read'], created: ago(60_000) }]);
    const r = await explain([]);
    expect(r.stdout).not.toContain('does not carry it: reauthorize');
    expect(r.stdout).toContain('the newest token of user 00uALICE carries okta.users.manage');
  });

  test('tokens and log unreadable: a note says the connection was not checked', async () => {
    server.inject('listTokens', { kind: 'status', status: 403 });
    server.inject('listLogs', { kind: 'status', status: 403 });
    const r = await explain([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('org prod: the connection was not checked');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  test('--since, --org-url and --org without --connection are refused, naming the flag, before anything is read', async () => {
    for (const extra of [['--since', '5'], ['--org-url', 'https://acme.okta.com'], ['--org', 'prod']]) {
      const r = await runMain(['explain', HEADER, ...extra], { cwd: dir, env: { OKTA_API_TOKEN: TOKEN } });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${extra[0]} goes with --connection`);
      expect(r.stderr).toContain(`add --connection, or drop ${extra[0]}`);
    }
    expect(server.requests).toEqual([]);
  });
});
