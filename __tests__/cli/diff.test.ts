import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINIMAL } from '../fixtures';
import { startOktaServer, type OktaServer } from '../support/okta-server';
import { runMain } from './run';

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
    runMain(['diff', '--org-url', server.url, '--timeout', '2', ...extra], { cwd: dir, env });

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

  test('a required .read held only through its .manage: covered, not missing; drift (exit 2), but 0 with --fail-on missing', async () => {
    grant(['okta.apps.read', 'okta.eventHooks.manage', 'okta.logs.read', 'okta.users.manage']);
    const r = await diff(['--format', 'json']);
    const org = JSON.parse(r.stdout).orgs[0];
    expect(org.missing).toEqual([]);
    expect(org.coveredByBroader).toEqual([expect.objectContaining({ scope: 'okta.users.read', coveredBy: 'okta.users.manage' })]);
    // terraform plan of the generated stack adds the .read: the same org, the same answer.
    expect(org.inSync).toBe(false);
    expect(r.code).toBe(2);
    server.clearLog();
    expect((await diff(['--fail-on', 'missing'])).code).toBe(0);
  });

  test('a Realms default no declared card needs: extra, louder, exit 2 (the apply would break the Realms connection)', async () => {
    grant([...REQUIRED, 'okta.realms.read']);
    const r = await diff([]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('okta.realms.read');
    expect(r.stdout).toContain("EXTRA CONNECTION DEFAULT: okta.realms.read is granted by default with the Okta Realms connection and needed by no declared card; an apply of the generated stack REVOKES it, which breaks the Okta Realms connection's authorization");
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
      // Said once: in the report's error entry and finding WFS005, not again on stderr.
      expect(r.stderr).toBe('');
      expect(doc.findings).toEqual([expect.objectContaining({ rule: 'WFS005', org: 'prod', message: expect.stringMatching(pattern) })]);
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
    expect(r.stdout).toMatch(/^prod {2}ERROR {2}not compared: no Okta credentials in the environment\n {2}set OKTA_API_TOKEN,/m);
    expect(r.stderr).toBe('');
    expect(server.requests).toEqual([]);
  });

  test('--org-url refuses plain http to a non-loopback host', async () => {
    const r = await runMain(['diff', '--org-url', 'http://example.com'], { cwd: dir, env: { OKTA_API_TOKEN: TOKEN } });
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
    const r = await runMain(['diff', '--source', 'state', '--file', 'state.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    const org = JSON.parse(r.stdout).orgs[0];
    expect(org.source).toBe('state');
    expect(org.missing.map((m: { scope: string }) => m.scope)).toEqual(['okta.eventHooks.manage', 'okta.users.manage', 'okta.users.read']);
    expect(org.extra.map((m: { scope: string }) => m.scope)).toEqual(['okta.roles.manage']);
  });

  test('plan: what it grants and revokes, and that the result covers the declaration', async () => {
    const r = await runMain(['diff', '--source', 'plan', '--file', 'plan.json', '--format', 'json'], { cwd: dir });
    const org = JSON.parse(r.stdout).orgs[0];
    expect(org.plan).toEqual(
      expect.objectContaining({ toGrant: ['okta.eventHooks.manage', 'okta.logs.read', 'okta.users.manage', 'okta.users.read'], toRevoke: ['okta.roles.manage'], coversDeclaration: true }),
    );
    expect(r.code).toBe(0);
  });

  test('several orgs without app ids: the state cannot say whose it is, so --org is required', async () => {
    writeFileSync(join(dir, 'two.yaml'), DECL.replace('orgs:\n', 'orgs:\n  - name: dev\n    domain: acme.oktapreview.com\n'));
    const r = await runMain(['diff', '--config', 'two.yaml', '--source', 'state', '--file', 'state.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--org: error: several orgs are declared');
    expect(r.stderr).toContain('--org dev or --org prod');
    const one = await runMain(['diff', '--config', 'two.yaml', '--org', 'prod', '--source', 'state', '--file', 'state.json', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(one.stdout).orgs.map((o: { name: string }) => o.name)).toEqual(['prod']);
  });

  const planOf = (...changes: { address?: string; actions: string[]; before: unknown; after: unknown }[]) =>
    JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.8',
      resource_changes: changes.map((c) => ({
        address: c.address ?? 'okta_app_oauth_api_scope.workflows_oauth',
        mode: 'managed',
        type: 'okta_app_oauth_api_scope',
        name: 'workflows_oauth',
        provider_name: 'registry.terraform.io/okta/okta',
        change: { actions: c.actions, before: c.before, after: c.after, after_unknown: {} },
      })),
    });
  const values = (scopes: string[], issuer = ISSUER, app = APP) => ({ app_id: app, id: app, issuer, scopes });
  const plan = async (name: string, text: string, extra: string[] = []) => {
    writeFileSync(join(dir, name), text);
    return runMain(['diff', '--source', 'plan', '--file', name, ...extra], { cwd: dir });
  };

  test('a plan that replaces the grants resource: exit 2, named, even though the after-state covers the declaration', async () => {
    const r = await plan('replace.json', planOf({ actions: ['delete', 'create'], before: values(REQUIRED), after: values(REQUIRED) }));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('PLAN REPLACES THE GRANTS RESOURCE: every grant is revoked, then granted again');
    const json = await plan('replace.json', planOf({ actions: ['create', 'delete'], before: values(REQUIRED), after: values(REQUIRED) }), ['--format', 'json', '--fail-on', 'missing']);
    expect(json.code).toBe(2);
    const org = JSON.parse(json.stdout).orgs[0];
    expect(org.plan).toMatchObject({ action: 'replace', coversDeclaration: true });
    expect(org.plan.revokes.map((x: { scope: string; why: string; regranted: boolean }) => [x.scope, x.why, x.regranted])).toEqual(REQUIRED.map((s) => [s, 'needed', true]));
  });

  test('a plan that deletes the grants resource: exit 2, every grant revoked', async () => {
    const r = await plan('delete.json', planOf({ actions: ['delete'], before: values(REQUIRED), after: null }));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('PLAN DELETES THE GRANTS RESOURCE: every grant is revoked');
  });

  test('an update that revokes a connection default or an OIDC scope is flagged (exit 2 even with --fail-on missing)', async () => {
    const r = await plan(
      'revokes.json',
      planOf({ actions: ['update'], before: values([...REQUIRED, 'okta.realms.read', 'openid']), after: values(REQUIRED) }),
      ['--format', 'json', '--fail-on', 'missing'],
    );
    expect(r.code).toBe(2);
    const org = JSON.parse(r.stdout).orgs[0];
    expect(org.plan.revokes).toEqual([
      expect.objectContaining({ scope: 'okta.realms.read', why: 'connector-default', connections: ['Okta Realms'], regranted: false }),
      expect.objectContaining({ scope: 'openid', why: 'oidc-default', regranted: false }),
    ]);
  });

  test('create and no-op plans that cover the declaration exit 0', async () => {
    expect((await plan('create.json', planOf({ actions: ['create'], before: null, after: values(REQUIRED) }))).code).toBe(0);
    expect((await plan('noop.json', planOf({ actions: ['no-op'], before: values(REQUIRED), after: values(REQUIRED) }))).code).toBe(0);
  });

  test("a state or plan of another org's issuer is refused: exit 1", async () => {
    const preview = JSON.stringify({
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: { root_module: { resources: [{ ...resource(REQUIRED), values: values(REQUIRED, 'https://acme.oktapreview.com') }] } },
    });
    writeFileSync(join(dir, 'preview-state.json'), preview);
    const r = await runMain(['diff', '--source', 'state', '--file', 'preview-state.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--file: error: preview-state.json belongs to another org: okta_app_oauth_api_scope.workflows_oauth grants under issuer https://acme.oktapreview.com, but org prod is https://acme.okta.com');
    const p = await plan('preview-plan.json', planOf({ actions: ['no-op'], before: values(REQUIRED, 'https://acme.oktapreview.com'), after: values(REQUIRED, 'https://acme.oktapreview.com') }));
    expect(p.code).toBe(1);
    expect(p.stderr).toContain('belongs to another org');
  });

  test('a plan without the resource, or with two grants resources for the declared app: exit 1', async () => {
    const none = await plan('none.json', JSON.stringify({ format_version: '1.2', resource_changes: [] }));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no okta_app_oauth_api_scope resource in this plan');
    writeFileSync(join(dir, 'withid.yaml'), DECL.replace('    domain: acme.okta.com\n', '    domain: acme.okta.com\n    app: {id: 0oaWORKFLOWS1abc}\n'));
    const app = '0oaWORKFLOWS1abc';
    const two = planOf(
      { address: 'okta_app_oauth_api_scope.a', actions: ['no-op'], before: values(REQUIRED, ISSUER, app), after: values(REQUIRED, ISSUER, app) },
      { address: 'okta_app_oauth_api_scope.b', actions: ['no-op'], before: values(REQUIRED, ISSUER, app), after: values(REQUIRED, ISSUER, app) },
    );
    const r = await plan('two.json', two, ['--config', 'withid.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('2 okta_app_oauth_api_scope resources grant to app 0oaWORKFLOWS1abc');
  });

  test('not Terraform JSON, or no file: exit 1 with the fix', async () => {
    writeFileSync(join(dir, 'bad.json'), '{"hello": 1}');
    const bad = await runMain(['diff', '--source', 'state', '--file', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/terraform show -json/);
    const none = await runMain(['diff', '--source', 'plan'], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('--file');
  });
});
