import { generateKeyPairSync } from 'node:crypto';
import {
  createReadOnlyClient,
  fetchLiveGrants,
  OktaTransportError,
  ReadOnlyRequestExecutor,
  type FetchLiveGrantsOptions,
  type OktaCredentials,
} from '../../src/sources/okta';
import { startOktaServer, type OktaServer, type OktaServerOptions } from '../support/okta-server';
import { userError } from '../support/user-error';

const TOKEN = '00aBcDeFgHiJkLmNoPqRsTuVwXyZ-secret-token';
const LABEL = 'Okta Workflows OAuth';
const WF_APP = '0oaWORKFLOWS1';
const ALL_READ = ['okta.apps.read', 'okta.appGrants.read'];

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

let server: OktaServer;

async function start(opts: OktaServerOptions = {}): Promise<OktaServer> {
  server = await startOktaServer({ apiTokens: { [TOKEN]: {} }, ...opts });
  server.addApp({ id: WF_APP, label: LABEL, name: 'flow' });
  // Near-namesakes Okta's prefix search also returns: the tool must not pick them.
  server.addApp({ id: '0oaOLDWF', label: `${LABEL} (old)` });
  server.addApp({ id: '0oaSSO', label: 'Okta Workflows', name: 'okta_flow_sso' });
  return server;
}

function opts(over: Partial<FetchLiveGrantsOptions> = {}): FetchLiveGrantsOptions {
  return {
    orgUrl: server.url,
    app: { label: LABEL },
    credentials: { kind: 'apiToken', token: TOKEN },
    timeoutMs: 2000,
    maxRetries: 2,
    expectedIssuer: server.url,
    retryBaseMs: 5,
    maxRateLimitWaitMs: 3000,
    ...over,
  };
}


afterEach(async () => {
  // Whatever happened in the test, nothing but reads (and the OAuth token request) reached the org.
  const writes = server.requests.filter((r) => r.method !== 'GET' && !(r.method === 'POST' && r.path === '/oauth2/v1/token'));
  // Close first: a failed expectation must not leave the server holding jest open.
  await server.close();
  expect(writes).toEqual([]);
});

describe('fetchLiveGrants: reading', () => {
  test('finds the app by exact label among partial matches and pages through grants', async () => {
    await start({ pageSize: 2 });
    const issuerWithSlash = `${server.url}/`;
    server.addGrants(WF_APP, [
      { scopeId: 'okta.users.read' },
      { scopeId: 'okta.logs.read', status: 'REVOKED' },
      { scopeId: 'okta.groups.manage', issuer: issuerWithSlash, source: 'END_USER' },
      { scopeId: 'okta.users.read', source: 'END_USER' },
      { scopeId: 'okta.apps.read', issuer: 'https://other.okta.com' },
      { scopeId: 'okta.groups.read' },
      { scopeId: 'okta.eventHooks.manage' },
    ]);
    server.addGrants('0oaOLDWF', [{ scopeId: 'okta.roles.manage' }]);

    const res = await fetchLiveGrants(opts());

    expect(res.grants).toEqual({
      source: 'okta',
      app: { id: WF_APP, label: LABEL },
      granted: [
        { scope: 'okta.apps.read', issuerMismatch: 'https://other.okta.com', grantSource: 'ADMIN' },
        { scope: 'okta.eventHooks.manage', grantSource: 'ADMIN' },
        { scope: 'okta.groups.manage', grantSource: 'END_USER' },
        { scope: 'okta.groups.read', grantSource: 'ADMIN' },
        { scope: 'okta.users.read', grantSource: 'ADMIN' },
      ],
    });
    // 7 grants at 2 a page = 4 pages, plus one search: the benchmark's target.
    expect(res.requests).toBe(5);
    expect(res.stats).toEqual({ requests: 5, tokenRequests: 0, retries: 0, grantPages: 4 });
    const log = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(log).toEqual(['GET /api/v1/apps', ...Array(4).fill(`GET /api/v1/apps/${WF_APP}/grants`)]);
    expect(server.requests[0].query).toMatchObject({ q: LABEL });
    expect(server.requests[2].query.after).toBeDefined();
  });

  test('an explicit app id skips the search and notes a label that differs', async () => {
    await start();
    server.addGrants('0oaOLDWF', [{ scopeId: 'okta.users.read' }]);
    const res = await fetchLiveGrants(opts({ app: { id: '0oaOLDWF', label: LABEL } }));
    expect(res.grants.app).toEqual({ id: '0oaOLDWF', label: `${LABEL} (old)` });
    expect(res.grants.granted.map((g) => g.scope)).toEqual(['okta.users.read']);
    expect(res.notes).toEqual([`app 0oaOLDWF is labelled "${LABEL} (old)", not "${LABEL}"`]);
    expect(server.requests.map((r) => r.path)).toEqual(['/api/v1/apps/0oaOLDWF', '/api/v1/apps/0oaOLDWF/grants']);
  });

  test('an app with no grants gives an empty list', async () => {
    await start();
    const res = await fetchLiveGrants(opts());
    expect(res.grants.granted).toEqual([]);
    expect(res.stats.grantPages).toBe(1);
  });

  test('an unknown explicit id is "not found in <org>"', async () => {
    await start();
    const e = await userError(fetchLiveGrants(opts({ app: { id: '0oaNOPE', label: LABEL } })));
    expect(e.message).toBe(`error: app 0oaNOPE not found in ${server.url}`);
  });

  test('no exact label match: lists the near matches and asks for the app id', async () => {
    await start();
    const e = await userError(fetchLiveGrants(opts({ app: { label: 'Okta Workflows OAuth App' } })));
    expect(e.diagnostics[0].code).toBe('okta-app-not-found');
    expect(e.message).toContain('no app labelled "Okta Workflows OAuth App"');
    expect(e.message).toContain('app: { id: … }');
  });

  test('several exact matches: error naming every candidate id', async () => {
    await start();
    server.addApp({ id: '0oaDUPE', label: LABEL, status: 'INACTIVE' });
    const e = await userError(fetchLiveGrants(opts()));
    expect(e.diagnostics[0].code).toBe('okta-app-ambiguous');
    expect(e.message).toContain(`2 apps in ${server.url} are labelled "${LABEL}"`);
    expect(e.message).toContain(WF_APP);
    expect(e.message).toContain('0oaDUPE');
    expect(e.message).not.toContain('0oaOLDWF');
    expect(e.message).toContain('app: { id: … }');
  });
});

describe('fetchLiveGrants: credentials', () => {
  test('private_key_jwt: one token request, then Bearer reads', async () => {
    await start({ clients: { '0oaPIPELINE': { scopes: ALL_READ, publicKeyPem: PUBLIC_PEM } } });
    server.addGrants(WF_APP, [{ scopeId: 'okta.users.read' }]);
    const credentials: OktaCredentials = { kind: 'privateKey', clientId: '0oaPIPELINE', privateKey: PRIVATE_PEM, keyId: 'kid1', scopes: ALL_READ };
    const res = await fetchLiveGrants(opts({ credentials }));
    expect(res.grants.granted).toEqual([{ scope: 'okta.users.read', grantSource: 'ADMIN' }]);
    expect(res.stats).toEqual({ requests: 3, tokenRequests: 1, retries: 0, grantPages: 1 });
    const [token, ...reads] = server.requests;
    expect(token.path).toBe('/oauth2/v1/token');
    // The SDK always attaches a DPoP proof to the token request; a non-DPoP app ignores it.
    expect(token.headerNames).toContain('dpop');
    expect(reads.map((r) => r.authScheme)).toEqual(['Bearer', 'Bearer']);
  });

  test('a key the service app does not know: invalid_client, naming the env vars', async () => {
    await start({ clients: { '0oaPIPELINE': { scopes: ALL_READ, publicKeyPem: PUBLIC_PEM } } });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const credentials: OktaCredentials = { kind: 'privateKey', clientId: '0oaPIPELINE', privateKey: other, scopes: ALL_READ };
    const e = await userError(fetchLiveGrants(opts({ credentials })));
    expect(e.message).toContain('refused to issue an access token (401 invalid_client: The client_assertion signature is invalid.)');
    expect(e.message).toContain('OKTA_API_PRIVATE_KEY');
    expect(e.message).not.toContain(other.split('\n')[1]);
  });

  test('asking for a scope the service app was not granted: invalid_scope', async () => {
    await start({ clients: { '0oaPIPELINE': { scopes: ['okta.apps.read'] } } });
    const credentials: OktaCredentials = { kind: 'privateKey', clientId: '0oaPIPELINE', privateKey: PRIVATE_PEM, scopes: ALL_READ };
    const e = await userError(fetchLiveGrants(opts({ credentials })));
    expect(e.message).toContain('400 invalid_scope: The following scopes are not allowed: okta.appGrants.read');
    expect(e.message).toContain('OKTA_API_SCOPES');
  });

  test('a ready-made access token is sent as Bearer', async () => {
    await start({ accessTokens: { 'eyJ.access.token': { scopes: ALL_READ } } });
    const res = await fetchLiveGrants(opts({ credentials: { kind: 'accessToken', token: 'eyJ.access.token' } }));
    expect(res.grants.app.id).toBe(WF_APP);
    expect(server.requests.map((r) => r.authScheme)).toEqual(['Bearer', 'Bearer']);
  });
});

describe('fetchLiveGrants: faults', () => {
  test('401: the token was rejected, without printing it', async () => {
    await start();
    const e = await userError(fetchLiveGrants(opts({ credentials: { kind: 'apiToken', token: 'wrong-token-value-123' } })));
    expect(e.message).toBe('error: the API token was rejected (401 E0000011): check OKTA_API_TOKEN');
  });

  test('403 insufficient_scope names the scope our own service app lacks', async () => {
    await start({ apiTokens: { [TOKEN]: { scopes: ['okta.apps.read'] } } });
    const e = await userError(fetchLiveGrants(opts()));
    expect(e.diagnostics[0].code).toBe('okta-scope');
    expect(e.message).toContain(`lacks the scope okta.appGrants.read (403 insufficient_scope on /api/v1/apps/${WF_APP}/grants)`);
    expect(e.message).toContain('not the Workflows OAuth app');
  });

  test('403 E0000006 without a challenge is a permission problem', async () => {
    await start();
    server.inject('listGrants', { kind: 'status', status: 403 });
    const e = await userError(fetchLiveGrants(opts()));
    expect(e.diagnostics[0].code).toBe('okta-permission');
    expect(e.message).toContain('permission denied (403 E0000006)');
  });

  test('429: waits until X-Rate-Limit-Reset, then succeeds', async () => {
    await start();
    server.addGrants(WF_APP, [{ scopeId: 'okta.users.read' }]);
    server.inject('listGrants', { kind: 'rateLimit', resetInSeconds: 1 });
    const t0 = Date.now();
    const res = await fetchLiveGrants(opts());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(res.grants.granted).toHaveLength(1);
    expect(res.stats).toMatchObject({ requests: 3, retries: 1, grantPages: 1 });
  });

  test('429: gives up at once when the reset is beyond the wait cap', async () => {
    await start();
    server.inject('listApps', { kind: 'rateLimit', resetInSeconds: 30 });
    const t0 = Date.now();
    const e = await userError(fetchLiveGrants(opts({ maxRateLimitWaitMs: 2000 })));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(e.diagnostics[0].code).toBe('okta-rate-limit');
    expect(e.message).toContain('rate limited by');
    expect(e.message).toContain('429 E0000047');
    expect(e.message).toMatch(/the limit resets at \d{4}-\d\d-\d\dT/);
  });

  test('429: bounded by the total wait cap across retries', async () => {
    await start();
    server.inject('listApps', { kind: 'rateLimit', resetInSeconds: 1 }, 3);
    const e = await userError(fetchLiveGrants(opts({ maxRetries: 5, maxRateLimitWaitMs: 1500 })));
    expect(e.message).toMatch(/gave up after waiting 1(\.\d)? s/);
    expect(server.requests).toHaveLength(2);
  });

  test('5xx: retried with backoff, then succeeds', async () => {
    await start();
    server.inject('listGrants', { kind: 'status', status: 503 }, 2);
    const res = await fetchLiveGrants(opts({ maxRetries: 2 }));
    expect(res.stats).toMatchObject({ requests: 4, retries: 2, grantPages: 1 });
  });

  test('5xx: bounded by maxRetries', async () => {
    await start();
    server.inject('listApps', { kind: 'status', status: 500 }, 5);
    const e = await userError(fetchLiveGrants(opts({ maxRetries: 2 })));
    expect(e.message).toContain(`${server.url} answered 500 E0000009 to GET /api/v1/apps`);
    expect(e.message).toContain('(3 attempts)');
    expect(server.requests).toHaveLength(3);
  });

  test('maxRetries 0 means no retry', async () => {
    await start();
    server.inject('listApps', { kind: 'status', status: 502 });
    await userError(fetchLiveGrants(opts({ maxRetries: 0 })));
    expect(server.requests).toHaveLength(1);
  });

  test('a dropped connection is retried', async () => {
    await start();
    server.addGrants(WF_APP, [{ scopeId: 'okta.users.read' }]);
    server.inject('listGrants', { kind: 'drop' });
    const res = await fetchLiveGrants(opts());
    expect(res.grants.granted).toHaveLength(1);
    expect(res.stats.retries).toBe(1);
  });

  test('connections that keep dropping end in a network error', async () => {
    await start();
    server.inject('getApp', { kind: 'drop' }, 3);
    const e = await userError(fetchLiveGrants(opts({ app: { id: WF_APP, label: LABEL }, maxRetries: 1 })));
    expect(e.diagnostics[0].code).toBe('okta-network');
    expect(e.message).toContain(`cannot reach ${server.url} (ECONNRESET)`);
    expect(e.message).toContain('after 2 attempts');
  });

  test('a server that never answers: aborted after timeoutMs, not retried', async () => {
    await start();
    server.inject('listGrants', { kind: 'hang' }, 3);
    const t0 = Date.now();
    const e = await userError(fetchLiveGrants(opts({ timeoutMs: 200 })));
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(e.message).toContain(`no answer from ${server.url} within 0.2 s (--timeout)`);
    expect(server.requests.filter((r) => r.route === 'listGrants')).toHaveLength(1);
  });

  test('malformed JSON is a clear error', async () => {
    await start();
    server.inject('listGrants', { kind: 'malformed' });
    const e = await userError(fetchLiveGrants(opts()));
    expect(e.diagnostics[0].code).toBe('okta-malformed');
    expect(e.message).toContain(`answered GET /api/v1/apps/${WF_APP}/grants with a body that is not valid JSON`);
  });

  test('no secret ever appears in an error message', async () => {
    await start({ clients: { '0oaPIPELINE': { scopes: ['okta.apps.read'] } } });
    const keyBody = PRIVATE_PEM.split('\n').filter((l) => l && !l.startsWith('-----'));
    const creds: OktaCredentials[] = [
      { kind: 'apiToken', token: TOKEN },
      { kind: 'apiToken', token: 'not-a-known-token-xyz' },
      { kind: 'accessToken', token: 'expired.access.token' },
      { kind: 'privateKey', clientId: '0oaPIPELINE', privateKey: PRIVATE_PEM, scopes: ALL_READ },
    ];
    const messages: string[] = [];
    for (const credentials of creds) {
      server.inject('listApps', { kind: 'malformed' });
      server.inject('getApp', { kind: 'hang' });
      messages.push((await userError(fetchLiveGrants(opts({ credentials })))).message);
      messages.push((await userError(fetchLiveGrants(opts({ credentials, app: { id: WF_APP, label: LABEL }, timeoutMs: 100 })))).message);
      messages.push((await userError(fetchLiveGrants(opts({ credentials, app: { id: '0oaNOPE', label: LABEL } })))).message);
    }
    expect(messages).toHaveLength(12);
    const secrets = [TOKEN, 'not-a-known-token-xyz', 'expired.access.token', ...keyBody];
    for (const m of messages) for (const s of secrets) expect(m).not.toContain(s);
  });
});

describe('read-only by construction', () => {
  test('the SDK cannot grant or revoke through our client', async () => {
    await start();
    const [grant] = server.addGrants(WF_APP, [{ scopeId: 'okta.users.read' }]);
    const executor = new ReadOnlyRequestExecutor({ orgUrl: server.url, timeoutMs: 2000, maxRetries: 0, allowTokenRequest: false });
    const client = createReadOnlyClient(server.url, { kind: 'apiToken', token: TOKEN }, executor);
    const api = client.applicationApi;
    await expect(
      api.grantConsentToScope({ appId: WF_APP, oAuth2ScopeConsentGrant: { issuer: server.url, scopeId: 'okta.roles.manage' } }),
    ).rejects.toBeInstanceOf(OktaTransportError);
    await expect(api.revokeScopeConsentGrant({ appId: WF_APP, grantId: grant.id })).rejects.toMatchObject({
      failure: { kind: 'readOnly', method: 'DELETE' },
    });
    expect(server.requests).toEqual([]);
    expect(executor.stats.requests).toBe(0);
  });

  test('the token endpoint is the only POST, and only for private-key credentials', async () => {
    await start();
    const executor = new ReadOnlyRequestExecutor({ orgUrl: server.url, timeoutMs: 2000, maxRetries: 0, allowTokenRequest: false });
    await expect(executor.fetch({ url: `${server.url}/oauth2/v1/token`, method: 'POST', body: 'x=1' })).rejects.toMatchObject({
      failure: { kind: 'readOnly' },
    });
    expect(server.requests).toEqual([]);
  });

  test('requests to another origin (e.g. a hostile Link: next) are refused before sending', async () => {
    await start();
    const executor = new ReadOnlyRequestExecutor({ orgUrl: server.url, timeoutMs: 2000, maxRetries: 0, allowTokenRequest: false });
    const elsewhere = server.url.replace('127.0.0.1', 'localhost');
    await expect(
      executor.fetch({ url: `${elsewhere}/api/v1/apps`, method: 'GET', headers: { Authorization: `SSWS ${TOKEN}` } }),
    ).rejects.toMatchObject({ failure: { kind: 'foreignOrigin' } });
    expect(server.requests).toEqual([]);
  });
});
