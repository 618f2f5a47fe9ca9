import { startOktaServer, type OktaServer } from '../support/okta-server';

// The fake must behave as Okta documents, or the fault tests prove nothing: check its contract.
let server: OktaServer;
const auth = { Authorization: 'SSWS tok' };

beforeEach(async () => {
  server = await startOktaServer({ apiTokens: { tok: {}, narrow: { scopes: ['okta.apps.read'] } }, pageSize: 2 });
  server.addApp({ id: '0oa1', label: 'Okta Workflows OAuth', name: 'flow' });
});
afterEach(() => server.close());

test('grants: Link pagination, rate-limit and Date headers, grant shape', async () => {
  server.addGrants('0oa1', [{ scopeId: 'a' }, { scopeId: 'b' }, { scopeId: 'c', status: 'REVOKED', source: 'END_USER' }]);
  const r1 = await fetch(`${server.url}/api/v1/apps/0oa1/grants`, { headers: auth });
  expect(r1.status).toBe(200);
  for (const h of ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset', 'date']) expect(r1.headers.get(h)).toBeTruthy();
  const page1 = (await r1.json()) as { scopeId: string }[];
  expect(page1.map((g) => g.scopeId)).toEqual(['a', 'b']);
  const next = /<([^>]+)>; rel="next"/.exec(r1.headers.get('link') ?? '')?.[1];
  expect(next).toContain('after=');
  const r2 = await fetch(next ?? '', { headers: auth });
  const page2 = (await r2.json()) as Record<string, unknown>[];
  expect(page2).toHaveLength(1);
  expect(Object.keys(page2[0]).sort()).toEqual(['_links', 'clientId', 'created', 'id', 'issuer', 'lastUpdated', 'scopeId', 'source', 'status']);
  expect(page2[0]).toMatchObject({ scopeId: 'c', status: 'REVOKED', source: 'END_USER', issuer: server.url, clientId: '0oa1' });
  expect(r2.headers.get('link')).not.toContain('rel="next"');
});

test('apps: q is a case-insensitive prefix match on label or name', async () => {
  server.addApp({ id: '0oa2', label: 'Okta Workflows OAuth (old)' });
  server.addApp({ id: '0oa3', label: 'Other', name: 'okta_workflows_x' });
  const r = await fetch(`${server.url}/api/v1/apps?q=okta%20workflows&limit=50`, { headers: auth });
  expect(((await r.json()) as { id: string }[]).map((a) => a.id)).toEqual(['0oa1', '0oa2']);
});

test('errors carry Okta\'s JSON body; a missing scope adds the insufficient_scope challenge', async () => {
  const r401 = await fetch(`${server.url}/api/v1/apps/0oa1`, { headers: { Authorization: 'SSWS nope' } });
  expect(r401.status).toBe(401);
  expect(Object.keys((await r401.json()) as object).sort()).toEqual(['errorCauses', 'errorCode', 'errorId', 'errorLink', 'errorSummary']);
  const r403 = await fetch(`${server.url}/api/v1/apps/0oa1/grants`, { headers: { Authorization: 'SSWS narrow' } });
  expect(r403.status).toBe(403);
  expect(await r403.json()).toMatchObject({ errorCode: 'E0000006' });
  expect(r403.headers.get('www-authenticate')).toMatch(/scope="okta\.appGrants\.read", error="insufficient_scope"/);
  const r404 = await fetch(`${server.url}/api/v1/apps/nope`, { headers: auth });
  expect(await r404.json()).toMatchObject({ errorCode: 'E0000007' });
});

test('write endpoints exist and are logged, so a test can prove the tool never uses them', async () => {
  const created = await fetch(`${server.url}/api/v1/apps/0oa1/grants`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ issuer: server.url, scopeId: 'okta.users.read' }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const dup = await fetch(`${server.url}/api/v1/apps/0oa1/grants`, { method: 'POST', headers: auth, body: JSON.stringify({ issuer: server.url, scopeId: 'okta.users.read' }) });
  expect(dup.status).toBe(400);
  expect((await fetch(`${server.url}/api/v1/apps/0oa1/grants/${id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
  expect(server.requests.map((r) => `${r.method} ${r.route}`)).toEqual(['POST createGrant', 'POST createGrant', 'DELETE deleteGrant']);
});

test('faults are consumed in order, per route', async () => {
  server.inject('getApp', { kind: 'rateLimit', resetInSeconds: 2 });
  server.inject('getApp', { kind: 'status', status: 502 });
  const r1 = await fetch(`${server.url}/api/v1/apps/0oa1`, { headers: auth });
  expect(r1.status).toBe(429);
  expect(Number(r1.headers.get('x-rate-limit-reset')) - Math.floor(Date.parse(r1.headers.get('date') ?? '') / 1000)).toBe(2);
  expect(r1.headers.get('x-rate-limit-remaining')).toBe('0');
  expect((await fetch(`${server.url}/api/v1/apps/0oa1`, { headers: auth })).status).toBe(502);
  expect((await fetch(`${server.url}/api/v1/apps/0oa1`, { headers: auth })).status).toBe(200);
  server.inject('getApp', { kind: 'drop' });
  await expect(fetch(`${server.url}/api/v1/apps/0oa1`, { headers: auth })).rejects.toThrow();
});
