import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINIMAL } from '../fixtures';
import { startOktaServer, type OktaServer } from '../support/okta-server';
import { runCliAsync } from './run';

const TOKEN = '00-diff-test-token-do-not-print';
const APP = '0oaWORKFLOWS1';
const ISSUER = 'https://acme.okta.com';

/** MINIMAL needs these five scopes (okta.apps.read through extraScopes). */
const REQUIRED = ['okta.apps.read', 'okta.eventHooks.manage', 'okta.logs.read', 'okta.users.manage', 'okta.users.read'];

/** The issue's minimal declaration. */
const DECL = MINIMAL;

describe('wf-scopes diff --source okta against a local Okta-compatible server', () => {
  let server: OktaServer;
  const dir = mkdtempSync(join(tmpdir(), 'wf-diff-'));
  writeFileSync(join(dir, 'scopes.yaml'), DECL);

  const diff = (extra: string[], env: NodeJS.ProcessEnv = { OKTA_API_TOKEN: TOKEN }) =>
    runCliAsync(['diff', '--org-url', server.url, '--timeout', '2', ...extra], { cwd: dir, env });

  beforeEach(async () => {
    server = await startOktaServer({ apiTokens: { [TOKEN]: {} }, pageSize: 2 });
    server.addApp({ id: APP, label: 'Okta Workflows OAuth', name: 'flow' });
    server.addApp({ id: '0oaOTHER', label: 'Okta Workflows OAuth (old)' });
  });
  afterEach(async () => {
    // Whatever happened, the tool never wrote to the org.
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    await server.close();
  });

  const grant = (scopes: string[], status: 'ACTIVE' | 'REVOKED' = 'ACTIVE') =>
    server.addGrants(APP, scopes.map((scopeId) => ({ scopeId, issuer: ISSUER, status })));

  test('in sync: exit 0; pages followed; only GETs; auto-granted grants never extra but flagged', async () => {
    grant([...REQUIRED, 'openid', 'profile']);
    const r = await diff(['--format', 'json']);
    expect(r.stderr).toContain('warning: org prod: the app\'s grants list auto-granted scopes (openid, profile)');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.orgs[0]).toMatchObject({ name: 'prod', source: 'okta', app: { id: APP, label: 'Okta Workflows OAuth' }, inSync: true, missing: [], extra: [] });
    // 7 grants at 2 a page: one app lookup + 4 pages.
    expect(server.requests.map((q) => q.route)).toEqual(['listApps', 'listGrants', 'listGrants', 'listGrants', 'listGrants']);
  });

  test('drift: missing with the flows and cards that will fail, extra marked as revoked on apply; exit 2', async () => {
    grant(['okta.apps.read', 'okta.eventHooks.manage', 'okta.groups.manage']);
    grant(['okta.logs.read'], 'REVOKED');
    const r = await diff(['--format', 'json']);
    expect(r.code).toBe(2);
    const org = JSON.parse(r.stdout).orgs[0];
    expect(org.inSync).toBe(false);
    expect(org.missing.map((m: { scope: string }) => m.scope)).toEqual(['okta.logs.read', 'okta.users.manage', 'okta.users.read']);
    expect(org.missing[0].neededBy).toEqual([expect.objectContaining({ flow: 'Offboard contractor', connector: 'Okta', card: 'Search System Logs' })]);
    expect(org.extra).toEqual([expect.objectContaining({ scope: 'okta.groups.manage', revokedOnApply: true, risk: expect.objectContaining({ level: 'high' }) })]);
    expect(org.missing[0].risk).toEqual(expect.objectContaining({ level: 'medium' }));
  });

  test('a required .read held through its .manage is covered, not missing', async () => {
    grant(['okta.apps.read', 'okta.eventHooks.manage', 'okta.logs.read', 'okta.users.manage']);
    const r = await diff(['--format', 'json']);
    const org = JSON.parse(r.stdout).orgs[0];
    expect(org.missing).toEqual([]);
    expect(org.coveredByBroader).toEqual([expect.objectContaining({ scope: 'okta.users.read', coveredBy: 'okta.users.manage' })]);
    expect(r.code).toBe(0);
  });

  test('--fail-on: missing ignores extra grants; none never fails', async () => {
    grant([...REQUIRED, 'okta.groups.manage']);
    expect((await diff(['--fail-on', 'missing'])).code).toBe(0);
    expect((await diff(['--fail-on', 'any'])).code).toBe(2);
    server.clearLog();
    expect((await diff(['--fail-on', 'none'])).code).toBe(0);
  });

  test('markdown: one summary line first, and the reauthorization reminder when scopes are missing', async () => {
    grant(['okta.apps.read']);
    const r = await diff(['--format', 'markdown']);
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n')[0]).toMatch(/^\*\*wf-scopes:\*\* prod: 4 missing/);
    expect(r.stdout).toMatch(/reauthoriz/i);
  });

  test('text: a readable table', async () => {
    grant(['okta.apps.read']);
    const r = await diff([]);
    expect(r.stdout).toContain('okta.logs.read');
    expect(r.stdout).toContain('Offboard contractor');
  });

  test('faults end with exit 1, one message, an error entry for the org on stdout (never "in sync"), no secret', async () => {
    const cases: [string, () => void, string[], RegExp][] = [
      ['401', () => undefined, [], /401/],
      ['404 app by label', () => undefined, [], /./],
      ['500 persistent', () => server.inject('listGrants', { kind: 'status', status: 500 }, 2), ['--retries', '1'], /500/],
      ['dropped connection', () => server.inject('listGrants', { kind: 'drop' }, 1), ['--retries', '0'], /./],
      ['hang', () => server.inject('listGrants', { kind: 'hang' }, 1), ['--retries', '0', '--timeout', '0.5'], /no answer|timed? ?out|0\.5/i],
      ['malformed JSON', () => server.inject('listGrants', { kind: 'malformed' }, 1), ['--retries', '0'], /JSON/i],
      ['403 E0000006', () => server.inject('listGrants', { kind: 'status', status: 403, errorCode: 'E0000006' }, 1), [], /permission|E0000006/i],
    ];
    for (const [name, setup, args, pattern] of cases) {
      server.clearLog();
      grant(['okta.apps.read']);
      setup();
      const env = name === '401' ? { OKTA_API_TOKEN: 'wrong-token-value' } : { OKTA_API_TOKEN: TOKEN };
      const extra = name === '404 app by label' ? ['--config', writeLabelled()] : [];
      const r = await diff([...args, ...extra, '--format', 'json'], env);
      expect({ name, code: r.code }).toEqual({ name, code: 1 });
      const doc = JSON.parse(r.stdout);
      expect(doc.orgs).toEqual([]);
      expect(doc.errors).toEqual([expect.objectContaining({ org: 'prod', code: expect.any(String), message: expect.stringMatching(pattern) })]);
      expect(r.stdout).not.toContain(TOKEN);
      expect(r.stdout).not.toContain('wrong-token-value');
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toContain(TOKEN);
      expect(r.stderr).not.toContain('wrong-token-value');
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  }, 60_000);

  function writeLabelled(): string {
    const file = join(dir, 'labelled.yaml');
    writeFileSync(file, DECL.replace('    domain: acme.okta.com\n', '    domain: acme.okta.com\n    app: { label: No Such App }\n'));
    return file;
  }

  test('429: waits until X-Rate-Limit-Reset, then reads the grants', async () => {
    grant(REQUIRED);
    server.inject('listGrants', { kind: 'rateLimit', resetInSeconds: 1 }, 1);
    const r = await diff(['--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).orgs[0].inSync).toBe(true);
    expect(server.requests.filter((q) => q.route === 'listGrants').length).toBeGreaterThanOrEqual(2);
  });

  test('missing credentials: exit 1 naming the variables', async () => {
    const r = await diff([], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('OKTA_API_TOKEN');
    expect(server.requests).toEqual([]);
  });

  test('--org-url refuses plain http to a non-loopback host', async () => {
    const r = await runCliAsync(['diff', '--org-url', 'http://example.com'], { cwd: dir, env: { OKTA_API_TOKEN: TOKEN } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/https/);
  });
});

describe('wf-scopes diff --source state|plan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-diff-tf-'));
  writeFileSync(join(dir, 'scopes.yaml'), DECL);
  const resource = (scopes: string[]) => ({
    address: 'okta_app_oauth_api_scope.workflows_oauth',
    mode: 'managed',
    type: 'okta_app_oauth_api_scope',
    name: 'workflows_oauth',
    provider_name: 'registry.terraform.io/okta/okta',
    schema_version: 0,
    values: { app_id: APP, id: APP, issuer: ISSUER, scopes },
    sensitive_values: {},
  });
  writeFileSync(
    join(dir, 'state.json'),
    JSON.stringify({ format_version: '1.0', terraform_version: '1.9.8', values: { root_module: { resources: [resource(['okta.apps.read', 'okta.logs.read', 'okta.roles.manage'])] } } }),
  );
  writeFileSync(
    join(dir, 'plan.json'),
    JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.8',
      resource_changes: [
        {
          address: 'okta_app_oauth_api_scope.workflows_oauth',
          mode: 'managed',
          type: 'okta_app_oauth_api_scope',
          name: 'workflows_oauth',
          provider_name: 'registry.terraform.io/okta/okta',
          change: {
            actions: ['update'],
            before: { app_id: APP, id: APP, issuer: ISSUER, scopes: ['okta.apps.read', 'okta.roles.manage'] },
            after: { app_id: APP, id: APP, issuer: ISSUER, scopes: REQUIRED },
            after_unknown: {},
          },
        },
      ],
    }),
  );

  test('state: missing and extra from the state file', async () => {
    const r = await runCliAsync(['diff', '--source', 'state', '--file', 'state.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    const org = JSON.parse(r.stdout).orgs[0];
    expect(org.source).toBe('state');
    expect(org.missing.map((m: { scope: string }) => m.scope)).toEqual(['okta.eventHooks.manage', 'okta.users.manage', 'okta.users.read']);
    expect(org.extra.map((m: { scope: string }) => m.scope)).toEqual(['okta.roles.manage']);
  });

  test('plan: what it grants and revokes, and that the result covers the declaration', async () => {
    const r = await runCliAsync(['diff', '--source', 'plan', '--file', 'plan.json', '--format', 'json'], { cwd: dir });
    const org = JSON.parse(r.stdout).orgs[0];
    expect(org.plan).toEqual(
      expect.objectContaining({ toGrant: ['okta.eventHooks.manage', 'okta.logs.read', 'okta.users.manage', 'okta.users.read'], toRevoke: ['okta.roles.manage'], coversDeclaration: true }),
    );
    expect(r.code).toBe(0);
  });

  test('several orgs without app ids: the state cannot say whose it is, so --org is required', async () => {
    writeFileSync(join(dir, 'two.yaml'), DECL.replace('orgs:\n', 'orgs:\n  - name: dev\n    domain: acme.oktapreview.com\n'));
    const r = await runCliAsync(['diff', '--config', 'two.yaml', '--source', 'state', '--file', 'state.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--org: error: several orgs are declared');
    expect(r.stderr).toContain('--org dev or --org prod');
    const one = await runCliAsync(['diff', '--config', 'two.yaml', '--org', 'prod', '--source', 'state', '--file', 'state.json', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(one.stdout).orgs.map((o: { name: string }) => o.name)).toEqual(['prod']);
  });

  test('not Terraform JSON, or no file: exit 1 with the fix', async () => {
    writeFileSync(join(dir, 'bad.json'), '{"hello": 1}');
    const bad = await runCliAsync(['diff', '--source', 'state', '--file', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/terraform show -json/);
    const none = await runCliAsync(['diff', '--source', 'plan'], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('--file');
  });
});
