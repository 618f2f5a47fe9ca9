import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINIMAL } from '../fixtures';
import { startOktaServer, type OktaServer } from '../support/okta-server';
import { runMain } from './run';

// The "Done when", end to end through the CLI (main, in-process): a hostile org never yields exit 0.

const TOKEN = '00-hostile-cli-token-do-not-print';
const APP = '0oaWORKFLOWS1';
const REQUIRED = ['okta.apps.read', 'okta.eventHooks.manage', 'okta.logs.read', 'okta.users.manage', 'okta.users.read'];

let server: OktaServer;
let other: OktaServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'wf-hostile-'));
writeFileSync(join(dir, 'scopes.yaml'), MINIMAL);

const diff = (env: NodeJS.ProcessEnv = {}) =>
  runMain(['diff', '--org-url', server.url, '--timeout', '20', '--retries', '0'], { cwd: dir, env: { OKTA_API_TOKEN: TOKEN, ...env } });

beforeEach(async () => {
  server = await startOktaServer({ apiTokens: { [TOKEN]: {} } });
  server.addApp({ id: APP, label: 'Okta Workflows OAuth', name: 'flow' });
  server.addGrants(APP, REQUIRED.map((scopeId) => ({ scopeId, issuer: 'https://acme.okta.com' })));
});
afterEach(async () => {
  expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  await server.close();
  await other?.close();
  other = undefined;
});

test('baseline: the same org without faults is in sync (exit 0)', async () => {
  expect((await diff()).code).toBe(0);
});

test('a redirecting server gets no token and the diff exits 1', async () => {
  other = await startOktaServer({ apiTokens: { [TOKEN]: {} } });
  other.addApp({ id: APP, label: 'Okta Workflows OAuth' });
  other.addGrants(APP, REQUIRED.map((scopeId) => ({ scopeId, issuer: 'https://acme.okta.com' })));
  server.inject('listGrants', { kind: 'redirect', location: `${other.url}/api/v1/apps/${APP}/grants` });
  const r = await diff();
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('redirects are not followed');
  expect(other.requests).toEqual([]);
  expect(r.stdout + r.stderr).not.toContain(TOKEN);
});

test.each([['active'], ['PENDING'], ['ACTIVE '], [undefined]])('a grant of status %p never yields exit 0', async (status) => {
  const grants = REQUIRED.map((scopeId) => ({ scopeId, status: 'ACTIVE' }));
  server.inject('listGrants', { kind: 'body', body: [...grants, status === undefined ? { scopeId: 'okta.roles.manage' } : { scopeId: 'okta.roles.manage', status }] });
  const r = await diff();
  expect(r.code).toBe(1);
  // Said once, in the org's block of the view; stderr does not repeat it.
  expect(r.stdout).toContain('prod  [live grants]  app 0oaWORKFLOWS1 (Okta Workflows OAuth)  DRIFT\n');
  expect(r.stdout).toContain('\n  UNKNOWN STATUS: neither ACTIVE nor REVOKED, so it may hold its scope; check these grants in the Admin Console');
  expect(r.stdout).toContain(`\n    okta.roles.manage  status ${status ?? '(none)'}\n`);
  expect(r.stderr).not.toContain('okta.roles.manage');
});

test('a grant of unknown status is one finding (WFS007, with its fix) in JSON, and in the org entry', async () => {
  const grants = REQUIRED.map((scopeId) => ({ scopeId, status: 'ACTIVE' }));
  server.inject('listGrants', { kind: 'body', body: [...grants, { scopeId: 'okta.roles.manage', status: 'PENDING' }, { scopeId: 'okta.groups.manage' }] });
  const r = await runMain(['diff', '--org-url', server.url, '--timeout', '20', '--retries', '0', '--format', 'json'], { cwd: dir, env: { OKTA_API_TOKEN: TOKEN } });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('');
  const doc = JSON.parse(r.stdout) as { orgs: { inSync: boolean; unknownStatus?: unknown }[]; findings: { rule: string; scope?: string; fix?: string }[] };
  expect(doc.orgs[0].inSync).toBe(false);
  expect(doc.orgs[0].unknownStatus).toEqual([
    { scope: 'okta.groups.manage', status: null },
    { scope: 'okta.roles.manage', status: 'PENDING' },
  ]);
  const wfs007 = doc.findings.filter((f) => f.rule === 'WFS007');
  expect(wfs007.map((f) => f.scope)).toEqual(['okta.groups.manage', 'okta.roles.manage']);
  expect(wfs007[0].fix).toMatch(/^check these grants in the Admin Console/);
});

test('a self-pointing Link ends with exit 1 within 30 s', async () => {
  server.inject('listGrants', { kind: 'selfLink' }, 100_000);
  const t0 = Date.now();
  const r = await diff();
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('linked back to a page already read');
  expect(Date.now() - t0).toBeLessThan(30_000);
  expect(server.requests.length).toBeLessThan(5);
});

test('a 200 MB body ends with exit 1 within 30 s (default 16 MiB cap)', async () => {
  server.inject('listGrants', { kind: 'huge', bytes: 200 * 1024 * 1024 });
  const t0 = Date.now();
  const r = await diff();
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('sent more than 16777216 bytes');
  expect(Date.now() - t0).toBeLessThan(30_000);
});

test('the caps are environment variables; a bad value is an error naming it', async () => {
  server.inject('listGrants', { kind: 'huge', bytes: 1_000_000 });
  const small = await diff({ WF_SCOPES_MAX_RESPONSE_BYTES: '1000' });
  expect(small.code).toBe(1);
  expect(small.stdout).toContain('sent more than 1000 bytes');
  const bad = await diff({ WF_SCOPES_MAX_PAGES: 'lots' });
  expect(bad.code).toBe(1);
  expect(bad.stdout).toContain('WF_SCOPES_MAX_PAGES must be a positive whole number');
});
