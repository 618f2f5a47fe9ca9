import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOktaServer, type OktaServer } from '../support/okta-server';
import { runMain } from './run';

/**
 * One org's credentials never reach another org: two orgs that read the same variables (one
 * envPrefix, or none) cannot be diffed together, and --org-url cannot put two orgs on one server.
 */
const PROD_TOKEN = '00-prod-token-never-crosses';
const PREVIEW_TOKEN = '00-preview-token-never-crosses';

const DECL = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
    app: { id: 0oaPRODWORKFLOWS1 }
  - name: preview
    domain: acme.oktapreview.com
    app: { id: 0oaPREVWORKFLOWS1 }
flows:
  - name: Audit
    cards:
      - Okta/Search System Logs
`;
/** The same two orgs, both with envPrefix PROD_ (line 9 is preview's). */
const SAME_PREFIX = DECL.replace('    app: { id: 0oaPRODWORKFLOWS1 }', '    envPrefix: PROD_\n    app: { id: 0oaPRODWORKFLOWS1 }').replace(
  '    app: { id: 0oaPREVWORKFLOWS1 }',
  '    envPrefix: PROD_\n    app: { id: 0oaPREVWORKFLOWS1 }',
);
const OWN_PREFIX = SAME_PREFIX.replace(/(name: preview\n.*\n) {4}envPrefix: PROD_/, '$1    envPrefix: PREVIEW_');

describe('diff never sends one org\'s credentials to another org', () => {
  let prod: OktaServer;
  let preview: OktaServer;
  const dir = mkdtempSync(join(tmpdir(), 'wf-diff-creds-'));
  writeFileSync(join(dir, 'scopes.yaml'), DECL);
  writeFileSync(join(dir, 'same-prefix.yaml'), SAME_PREFIX);
  writeFileSync(join(dir, 'own-prefix.yaml'), OWN_PREFIX);
  const urls = () => ['--org-url', `prod=${prod.url}`, '--org-url', `preview=${preview.url}`];
  const run = (args: string[], env: NodeJS.ProcessEnv) => runMain(args, { cwd: dir, env });
  const diff = (args: string[], env: NodeJS.ProcessEnv) => run(['diff', '--timeout', '2', '--retries', '0', '--format', 'json', ...args], env);

  beforeEach(async () => {
    // Each server knows only its own org's token: a crossed token would be a 401 there.
    prod = await startOktaServer({ apiTokens: { [PROD_TOKEN]: {} } });
    preview = await startOktaServer({ apiTokens: { [PREVIEW_TOKEN]: {} } });
    prod.addApp({ id: '0oaPRODWORKFLOWS1', label: 'Okta Workflows OAuth' });
    preview.addApp({ id: '0oaPREVWORKFLOWS1', label: 'Okta Workflows OAuth' });
    prod.addGrants('0oaPRODWORKFLOWS1', [{ scopeId: 'okta.logs.read', issuer: 'https://acme.okta.com' }]);
    preview.addGrants('0oaPREVWORKFLOWS1', [{ scopeId: 'okta.logs.read', issuer: 'https://acme.oktapreview.com' }]);
  });
  afterEach(async () => {
    await Promise.all([prod.close(), preview.close()]);
  });

  const noSecret = (r: { stdout: string; stderr: string }) => {
    for (const secret of [PROD_TOKEN, PREVIEW_TOKEN]) expect(r.stdout + r.stderr).not.toContain(secret);
  };

  test('a duplicated envPrefix is a located error in check, naming both orgs and the fix', async () => {
    const r = await run(['check', '--config', 'same-prefix.yaml'], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/same-prefix\.yaml:9:16: error: orgs `prod` and `preview` share envPrefix PROD_: both would read PROD_OKTA_API_TOKEN/);
    expect(r.stderr).toContain('give each org its own envPrefix, e.g. envPrefix: PREVIEW_');
    // The unique prefixes pass.
    expect((await run(['check', '--config', 'own-prefix.yaml'], {})).code).toBe(0);
  });

  test('a review base with a duplicated envPrefix is read leniently (a warning), so the change that fixes it can be reviewed', async () => {
    const { loadCatalog } = await import('../../src/core/catalog');
    const { parseManifest } = await import('../../src/core/manifest/load');
    const r = parseManifest(SAME_PREFIX, 'base.yaml', loadCatalog(), { lenient: true });
    expect(r.diagnostics.filter((d) => d.code === 'duplicate-env-prefix').map((d) => d.severity)).toEqual(['warning']);
  });

  test('the same envPrefix: diff refuses before any request, so prod\'s token never reaches preview', async () => {
    const r = await diff(['--config', 'same-prefix.yaml', ...urls()], { PROD_OKTA_API_TOKEN: PROD_TOKEN });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/same-prefix\.yaml:9:16: error: .*share envPrefix PROD_/);
    expect(prod.requests).toEqual([]);
    expect(preview.requests).toEqual([]);
    noSecret(r);
  });

  test('no envPrefix on two orgs: check accepts it, diff of both is a located error naming the variables; --org reads one', async () => {
    expect((await run(['check'], {})).code).toBe(0);
    const r = await diff(urls(), { OKTA_API_TOKEN: PROD_TOKEN });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /scopes\.yaml:6:11: error: orgs `prod` and `preview` read the same credential variables \(OKTA_API_TOKEN, OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY, OKTA_ACCESS_TOKEN, …\), having no envPrefix: diff would send one org's credentials to the other org's server$/m,
    );
    expect(r.stderr).toContain('give each org its own envPrefix (e.g. envPrefix: PREVIEW_), or diff one org at a time with --org prod');
    expect(prod.requests).toEqual([]);
    expect(preview.requests).toEqual([]);
    noSecret(r);

    // One org selected: its plain variables go to its own server only.
    const one = await diff(['--org', 'preview', '--org-url', preview.url], { OKTA_API_TOKEN: PREVIEW_TOKEN });
    expect(one.code).toBe(0);
    expect(preview.requests.map((q) => q.route)).toEqual(['getApp', 'listGrants']);
    expect(prod.requests).toEqual([]);
  });

  test('distinct envPrefixes: each server sees only its own token (both orgs read, no 401)', async () => {
    const r = await diff(['--config', 'own-prefix.yaml', ...urls()], { PROD_OKTA_API_TOKEN: PROD_TOKEN, PREVIEW_OKTA_API_TOKEN: PREVIEW_TOKEN });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(prod.requests.map((q) => q.route)).toEqual(['getApp', 'listGrants']);
    expect(preview.requests.map((q) => q.route)).toEqual(['getApp', 'listGrants']);
  });

  test('--org-url cannot put two orgs on one server (any loopback spelling, any path), nor one org on another declared org\'s domain', async () => {
    const env = { PROD_OKTA_API_TOKEN: PROD_TOKEN, PREVIEW_OKTA_API_TOKEN: PREVIEW_TOKEN };
    const same = await diff(['--config', 'own-prefix.yaml', '--org-url', `prod=${preview.url}`, '--org-url', `preview=${preview.url}`], env);
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/^--org-url: error: orgs `prod` and `preview` would both be read at http:\/\/127\.0\.0\.1:\d+: that server would receive both orgs' credentials$/m);
    const onto = await diff(['--config', 'own-prefix.yaml', '--org-url', 'prod=https://acme.oktapreview.com'], env);
    expect(onto.code).toBe(1);
    expect(onto.stderr).toContain("org `prod` would be read at https://acme.oktapreview.com, the domain of org `preview`: that org's server would receive prod's credentials");
    // One server by any loopback spelling, or on another path: still one server.
    const port = new URL(preview.url).port;
    const spelled = await diff(['--config', 'own-prefix.yaml', '--org-url', `prod=http://localhost:${port}`, '--org-url', `preview=${preview.url}`], env);
    expect(spelled.code).toBe(1);
    expect(spelled.stderr).toContain("would both be read at");
    const paths = await diff(['--config', 'own-prefix.yaml', '--org-url', `prod=${preview.url}/a`, '--org-url', `preview=${preview.url}/b`], env);
    expect(paths.code).toBe(1);
    expect(paths.stderr).toContain("that server would receive both orgs' credentials");
    // Another declared org's domain is refused even when that org is not selected.
    const unselected = await diff(['--config', 'own-prefix.yaml', '--org', 'prod', '--org-url', 'prod=https://acme.oktapreview.com'], env);
    expect(unselected.code).toBe(1);
    expect(unselected.stderr).toContain('the domain of org `preview`');
    expect(prod.requests).toEqual([]);
    expect(preview.requests).toEqual([]);
    for (const r of [same, onto, spelled, paths, unselected]) noSecret(r);
  });

  test('a bare --org-url with a password and two orgs selected: one error, the password never printed', async () => {
    const r = await diff(['--config', 'own-prefix.yaml', '--org-url', 'https://admin:hunter2-secret@acme.okta.com'], { PROD_OKTA_API_TOKEN: PROD_TOKEN });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('hunter2-secret');
    expect(r.stderr.match(/error:/g)).toHaveLength(1);
    expect(r.stderr.match(/acme\.okta\.com/g)).toHaveLength(1);
    expect(r.stderr).toContain('a bare URL ("https://***@acme.okta.com") needs exactly one selected org, but 2 orgs are selected');
  });

  test('--source state never reads credentials, so two orgs without envPrefix are not refused there', async () => {
    const r = await run(['diff', '--source', 'state', '--file', 'missing.json'], {});
    expect(r.stderr).not.toContain('same credential variables');
  });
});
