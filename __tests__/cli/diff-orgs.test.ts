import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOktaServer, type OktaServer } from '../support/okta-server';
import { runMain } from './run';

/** Two orgs, each with its own credentials (envPrefix) and its own local Okta-compatible server. */
const PROD_TOKEN = '00-prod-token-never-printed';
const DEV_TOKEN = '00-dev-token-never-printed';
const PROD_APP = '0oaPRODWORKFLOWS1';
const DEV_APP = '0oaDEVWORKFLOWS01';

const DECL = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
    envPrefix: PROD_
    app: { id: ${PROD_APP} }
  - name: dev
    domain: acme.oktapreview.com
    envPrefix: DEV_
    app: { id: ${DEV_APP} }
flows:
  - name: Audit
    cards:
      - Okta/Search System Logs
`;

describe('wf-scopes diff over several orgs in one run', () => {
  let prod: OktaServer;
  let dev: OktaServer;
  const dir = mkdtempSync(join(tmpdir(), 'wf-diff-orgs-'));
  writeFileSync(join(dir, 'scopes.yaml'), DECL);
  const env = { PROD_OKTA_API_TOKEN: PROD_TOKEN, DEV_OKTA_API_TOKEN: DEV_TOKEN };
  const urls = () => ['--org-url', `prod=${prod.url}`, '--org-url', `dev=${dev.url}`];
  const diff = (extra: string[], e: NodeJS.ProcessEnv = env) => runMain(['diff', '--timeout', '2', '--retries', '0', ...extra], { cwd: dir, env: e });

  beforeEach(async () => {
    // Each server accepts only its own org's token.
    prod = await startOktaServer({ apiTokens: { [PROD_TOKEN]: {} } });
    dev = await startOktaServer({ apiTokens: { [DEV_TOKEN]: {} } });
    prod.addApp({ id: PROD_APP, label: 'Okta Workflows OAuth' });
    dev.addApp({ id: DEV_APP, label: 'Okta Workflows OAuth' });
    prod.addGrants(PROD_APP, [{ scopeId: 'okta.logs.read', issuer: 'https://acme.okta.com' }]);
    // dev has drift: the logs scope is missing and an extra one is granted.
    dev.addGrants(DEV_APP, [{ scopeId: 'okta.groups.read', issuer: 'https://acme.oktapreview.com' }]);
  });
  afterEach(async () => {
    for (const s of [prod, dev]) expect(s.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    await Promise.all([prod.close(), dev.close()]);
  });

  test('each org is read with its own envPrefix credentials at its own URL', async () => {
    const r = await diff([...urls(), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.errors).toEqual([]);
    expect(doc.orgs.map((o: { name: string; inSync: boolean }) => [o.name, o.inSync])).toEqual([
      ['dev', false],
      ['prod', true],
    ]);
    expect(doc.orgs[0].missing.map((m: { scope: string }) => m.scope)).toEqual(['okta.logs.read']);
    expect(prod.requests.map((q) => q.route)).toEqual(['getApp', 'listGrants']);
    expect(dev.requests.map((q) => q.route)).toEqual(['getApp', 'listGrants']);
  });

  test("one org's 401 leaves the other's drift in every format; exit 1; no secret anywhere", async () => {
    const badEnv = { PROD_OKTA_API_TOKEN: 'wrong-prod-token-value', DEV_OKTA_API_TOKEN: DEV_TOKEN };
    const json = await diff([...urls(), '--format', 'json'], badEnv);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.orgs.map((o: { name: string }) => o.name)).toEqual(['dev']);
    expect(doc.orgs[0].missing.map((m: { scope: string }) => m.scope)).toEqual(['okta.logs.read']);
    expect(doc.errors).toEqual([expect.objectContaining({ org: 'prod', code: expect.any(String), message: expect.stringMatching(/401/) })]);
    expect(Object.keys(doc.errors[0]).slice(0, 3)).toEqual(['org', 'code', 'message']);
    // The variable to fix is the org's own.
    expect(doc.errors[0].message).toContain('PROD_OKTA_API_TOKEN');
    expect(json.stderr).toBe('');

    const text = await diff(urls(), badEnv);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^dev .*DRIFT/m);
    expect(text.stdout).toMatch(/^prod {2}ERROR {2}not compared: .*401/m);
    expect(text.stdout).not.toMatch(/prod.*IN SYNC/);

    const md = await diff([...urls(), '--format', 'markdown'], badEnv);
    expect(md.code).toBe(1);
    expect(md.stdout.split('\n')[0]).toBe('**wf-scopes:** dev: 1 missing, 1 extra · prod: **not compared** (error)');
    expect(md.stdout).toMatch(/#### prod\n\n\*\*Error\*\*/);

    const sarif = await diff([...urls(), '--format', 'sarif'], badEnv);
    expect(sarif.code).toBe(1);
    const results = JSON.parse(sarif.stdout).runs[0].results as { ruleId: string; level: string; properties: { org: string } }[];
    expect(results.map((x) => [x.ruleId, x.properties.org])).toEqual([
      ['WFS001', 'dev'],
      ['WFS002', 'dev'],
      ['WFS005', 'prod'],
    ]);
    expect(results[2].level).toBe('error');

    for (const r of [json, text, md, sarif]) {
      for (const secret of ['wrong-prod-token-value', DEV_TOKEN, PROD_TOKEN]) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
      }
    }
  });

  test('a failing server next to a working one: the working org is still reported', async () => {
    prod.inject('listGrants', { kind: 'status', status: 500 }, 5);
    const r = await diff([...urls(), '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.orgs.map((o: { name: string }) => o.name)).toEqual(['dev']);
    expect(doc.errors.map((e: { org: string }) => e.org)).toEqual(['prod']);
    expect(doc.errors[0].message).toMatch(/500/);
  });

  test('a prefix whose variables are all unset is an error for that org naming the variables; the other org is read', async () => {
    const r = await diff([...urls(), '--format', 'json'], { DEV_OKTA_API_TOKEN: DEV_TOKEN, OKTA_API_TOKEN: 'plain-token-not-for-prod' });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.orgs.map((o: { name: string }) => o.name)).toEqual(['dev']);
    expect(doc.errors).toEqual([expect.objectContaining({ org: 'prod', code: 'okta-credentials' })]);
    expect(doc.errors[0].message).toContain('PROD_');
    expect(doc.errors[0].hint).toContain('PROD_OKTA_API_TOKEN');
    expect(doc.errors[0].hint).toContain('PROD_OKTA_API_CLIENT_ID + PROD_OKTA_API_PRIVATE_KEY');
    // The plain variable is not a fallback for an org with a prefix.
    expect(prod.requests).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain('plain-token-not-for-prod');
  });

  test('--org selects one org, and then a bare --org-url still works', async () => {
    const r = await diff(['--org', 'dev', '--org-url', dev.url, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).orgs.map((o: { name: string }) => o.name)).toEqual(['dev']);
    expect(prod.requests).toEqual([]);
  });

  test('bad --org-url values: exit 1 before any request, naming the flag and the fix', async () => {
    const cases: [string[], RegExp, RegExp][] = [
      [['--org-url', `prdo=${prod.url}`], /--org-url: error: no org `prdo`/, /did you mean `prod`/],
      [['--org-url', `prod=${prod.url}`, '--org-url', `prod=${dev.url}`], /org `prod` is given twice/, /one --org-url NAME=URL/],
      [['--org-url', 'prod=not a url'], /org `prod`: "not a url" is not a URL/, /--org-url/],
      [['--org-url', 'prod=http://example.com'], /must use https/, /loopback/],
      [['--org-url', prod.url], /a bare URL .* needs exactly one selected org, but 2 orgs are selected/, /write NAME=URL for each org/],
      [['--org', 'dev', '--org-url', `prod=${prod.url}`], /names org `prod`, which --org does not select/, /add --org prod/],
      [['--concurrency', '0'], /--concurrency: error: expected a whole number from 1 to 32/, /./],
    ];
    for (const [args, message, hint] of cases) {
      const r = await diff([...args, '--format', 'json']);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 1, stdout: '' });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(hint);
    }
    expect(prod.requests).toEqual([]);
    expect(dev.requests).toEqual([]);
  });

  test('an envPrefix that is not [A-Z0-9_]+ is a located error in scopes.yaml', async () => {
    writeFileSync(join(dir, 'bad-prefix.yaml'), DECL.replace('envPrefix: DEV_', 'envPrefix: dev-'));
    const r = await diff(['--config', 'bad-prefix.yaml', ...urls()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad-prefix\.yaml:9:\d+: error: .*upper-case letters, digits and `_`/);
    expect(dev.requests).toEqual([]);
  });
});
