import { fetchLiveGrants, resolveOrgUrl, checkOrgUrl, type FetchLiveGrantsOptions } from '../../src/sources/okta';
import { UserError } from '../../src/util/diagnostics';
import { startOktaServer, type OktaServer } from '../support/okta-server';

// A server that misbehaves on purpose: every fault must end in one clear UserError (exit 1), quickly,
// without the token leaving the org's origin and without an internal error text.

const TOKEN = '00-hostile-test-token-never-printed';
const APP = '0oaWORKFLOWS1';
let server: OktaServer;
let other: OktaServer | undefined;

beforeEach(async () => {
  server = await startOktaServer({ apiTokens: { [TOKEN]: {} } });
  server.addApp({ id: APP, label: 'Okta Workflows OAuth', name: 'flow' });
  server.addGrants(APP, [{ scopeId: 'okta.users.read' }, { scopeId: 'okta.logs.read' }]);
});
afterEach(async () => {
  await server.close();
  await other?.close();
  other = undefined;
});

function opts(over: Partial<FetchLiveGrantsOptions> = {}): FetchLiveGrantsOptions {
  return {
    orgUrl: server.url,
    app: { id: APP, label: 'Okta Workflows OAuth' },
    credentials: { kind: 'apiToken', token: TOKEN },
    timeoutMs: 2000,
    maxRetries: 0,
    expectedIssuer: server.url,
    retryBaseMs: 5,
    ...over,
  };
}

async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) {
      expect(e.message).not.toContain(TOKEN);
      // Never an internal error's wording.
      expect(e.message).not.toMatch(/is not a function|Invalid time value|is not iterable|Cannot read prop/);
      return e;
    }
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('redirects are never followed', () => {
  test.each([301, 302, 303, 307, 308])('%i to another port: error naming its origin; the other server sees nothing', async (status) => {
    other = await startOktaServer({ apiTokens: { [TOKEN]: {} } });
    other.addApp({ id: APP, label: 'Okta Workflows OAuth' });
    server.inject('listGrants', { kind: 'redirect', status, location: `${other.url}/api/v1/apps/${APP}/grants?secret=x` });
    const e = await userError(fetchLiveGrants(opts()));
    expect(e.diagnostics[0].code).toBe('okta-redirect');
    expect(e.message).toContain(`answered ${status}`);
    expect(e.message).toContain(`"${other.url}"`);
    expect(e.message).not.toContain('secret=x');
    expect(other.requests).toEqual([]);
  });

  test('a Location with userinfo is redacted; no Location at all is still an error', async () => {
    server.inject('getApp', { kind: 'redirect', location: 'https://admin:hunter2@evil.example/x' });
    const e = await userError(fetchLiveGrants(opts()));
    expect(e.message).not.toContain('hunter2');
    expect(e.message).toContain('"https://evil.example"');
    server.inject('getApp', { kind: 'redirect', status: 302 });
    expect((await userError(fetchLiveGrants(opts()))).message).toContain('no Location');
  });
});

describe('unbounded reads are bounded', () => {
  test('a next link to itself stops at the second request, not after thousands', async () => {
    server.inject('listGrants', { kind: 'selfLink' }, 1000);
    const e = await userError(fetchLiveGrants(opts()));
    expect(e.diagnostics[0].code).toBe('okta-pagination');
    expect(e.message).toContain('linked back to a page already read');
    expect(server.requests.filter((r) => r.route === 'listGrants')).toHaveLength(1);
  });

  test('fresh next links forever stop at the page cap', async () => {
    server.setPageSize(1);
    for (let i = 0; i < 30; i++) server.addGrants(APP, [{ scopeId: `okta.s${i}.read` }]);
    const e = await userError(fetchLiveGrants(opts({ maxPages: 5 })));
    expect(e.message).toContain('stopped after 5');
    expect(server.requests.length).toBeLessThanOrEqual(5);
  });

  test.each([true, false])('a body over the cap is cut off while it streams (Content-Length announced: %s)', async (announce) => {
    server.inject('listGrants', { kind: 'huge', bytes: 5_000_000, announce });
    const e = await userError(fetchLiveGrants(opts({ maxResponseBytes: 100_000 })));
    expect(e.diagnostics[0].code).toBe('okta-too-large');
    expect(e.message).toContain('more than 100000 bytes');
  });

  test('200 MB with the default 16 MiB cap: refused in seconds, without holding it', async () => {
    server.inject('listGrants', { kind: 'huge', bytes: 200 * 1024 * 1024 });
    const t0 = Date.now();
    const before = process.memoryUsage().rss;
    const e = await userError(fetchLiveGrants(opts({ timeoutMs: 20_000 })));
    expect(e.diagnostics[0].code).toBe('okta-too-large');
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  test('a connection closed mid-body says after how many bytes, at once', async () => {
    server.inject('listGrants', { kind: 'earlyClose', afterBytes: 10 });
    const t0 = Date.now();
    const e = await userError(fetchLiveGrants(opts({ timeoutMs: 10_000 })));
    expect(e.message).toContain('closed the connection after 10 bytes');
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  test('an early close is retried like a dropped connection', async () => {
    server.inject('listGrants', { kind: 'earlyClose', afterBytes: 3 });
    const r = await fetchLiveGrants(opts({ maxRetries: 1 }));
    expect(r.grants.granted.map((g) => g.scope)).toEqual(['okta.logs.read', 'okta.users.read']);
  });

  test('a slow drip ends at the per-request timeout', async () => {
    server.inject('listGrants', { kind: 'slowDrip', intervalMs: 100 });
    const e = await userError(fetchLiveGrants(opts({ timeoutMs: 400 })));
    expect(e.diagnostics[0].code).toBe('okta-timeout');
    expect(e.message).toMatch(/was still incomplete after 0\.4 s \(--timeout; [1-4] bytes of body received\)/);
  });

  test('one deadline covers the whole org, retries included', async () => {
    server.inject('listGrants', { kind: 'slowDrip', intervalMs: 100 }, 5);
    const t0 = Date.now();
    const e = await userError(fetchLiveGrants(opts({ timeoutMs: 5000, maxRetries: 3, deadlineMs: 500 })));
    expect(e.diagnostics[0].code).toBe('okta-deadline');
    expect(Date.now() - t0).toBeLessThan(2_000);
  });
});

describe('odd statuses and wrong types are clear errors', () => {
  test.each([
    ['304 with no body', { kind: 'raw', status: 304, text: '' }, 'okta-redirect'],
    ['600', { kind: 'raw', status: 600, text: '[]' }, 'okta-http'],
    ['418 with a non-Okta body', { kind: 'raw', status: 418, text: '<html>teapot</html>' }, 'okta-http'],
    ['403 whose errorCauses is a number', { kind: 'body', status: 403, body: { errorCode: 'E0000006', errorCauses: 5 } }, 'okta-permission'],
    ['400 whose body is null', { kind: 'body', status: 400, body: null }, 'okta-http'],
    ['200 with an object, not a list', { kind: 'body', body: { scopeId: 'okta.users.read' } }, 'okta-malformed'],
    ['200 with a number scopeId', { kind: 'body', body: [{ scopeId: 5, status: 'ACTIVE' }] }, 'okta-malformed'],
    ['200 with a status that is an object', { kind: 'body', body: [{ scopeId: 'okta.users.read', status: { a: 1 } }] }, 'okta-malformed'],
    ['200 with an empty body', { kind: 'raw', text: '' }, 'okta-malformed'],
    ['200 with a gzip body never asked for', { kind: 'raw', text: 'x', headers: { 'Content-Encoding': 'gzip' } }, 'okta-malformed'],
  ] as const)('grants: %s', async (_name, fault, code) => {
    server.inject('listGrants', fault);
    const e = await userError(fetchLiveGrants(opts()));
    expect(e.diagnostics[0].code).toBe(code);
  });

  test('a 429 whose reset no date can hold gives up at once, without an internal error', async () => {
    server.inject('listGrants', { kind: 'body', status: 429, body: { errorCode: 'E0000047' }, headers: { 'X-Rate-Limit-Reset': '99999999999999999' } });
    const e = await userError(fetchLiveGrants(opts({ maxRetries: 2 })));
    expect(e.diagnostics[0].code).toBe('okta-rate-limit');
    expect(e.message).toContain('the reset is too far off');
  });

  test('app: a label that is a number, an app that is a list', async () => {
    server.inject('getApp', { kind: 'body', body: { id: APP, label: 5 } });
    expect((await userError(fetchLiveGrants(opts()))).message).toContain('label is a number, expected a string');
    server.inject('getApp', { kind: 'body', body: [] });
    expect((await userError(fetchLiveGrants(opts()))).diagnostics[0].code).toBe('okta-malformed');
  });

  test('dates and links of the wrong type are not read, so they cannot break anything', async () => {
    server.inject('listGrants', { kind: 'body', body: [{ scopeId: 'okta.users.read', status: 'ACTIVE', created: 'not a date', _links: 7 }] });
    const r = await fetchLiveGrants(opts());
    expect(r.grants.granted).toEqual([{ scope: 'okta.users.read' }]);
  });

  test('server text in a message is one line, control characters shown, never a workflow command', async () => {
    server.inject('getApp', { kind: 'body', body: { id: APP, label: 'Okta Workflows OAuth\n::error::pwned\u001b[31m', status: 'INACTIVE' } });
    const r = await fetchLiveGrants(opts());
    for (const note of r.notes) {
      expect(note).not.toContain('\n');
      expect(note).not.toContain('\u001b');
      expect(note).toContain('\\u000a::error::pwned\\u001b[31m');
    }
  });
});

describe('grant statuses', () => {
  test('only ACTIVE is granted, REVOKED is not, anything else is kept aside as unknown', async () => {
    server.inject('listGrants', {
      kind: 'body',
      body: [
        { scopeId: 'okta.users.read', status: 'ACTIVE' },
        { scopeId: 'okta.logs.read', status: 'REVOKED' },
        { scopeId: 'okta.groups.manage', status: 'active' },
        { scopeId: 'okta.apps.manage', status: 'PENDING' },
        { scopeId: 'okta.roles.manage', status: 'ACTIVE ' },
        { scopeId: 'okta.users.manage' },
        { scopeId: 'okta.policies.manage', status: null },
      ],
    });
    const r = await fetchLiveGrants(opts());
    expect(r.grants.granted.map((g) => g.scope)).toEqual(['okta.users.read']);
    expect(r.grants.unknownStatus).toEqual([
      { scope: 'okta.apps.manage', status: 'PENDING' },
      { scope: 'okta.groups.manage', status: 'active' },
      { scope: 'okta.policies.manage' },
      { scope: 'okta.roles.manage', status: 'ACTIVE ' },
      { scope: 'okta.users.manage' },
    ]);
  });
});

describe('userinfo is redacted from every message', () => {
  test.each([
    () => resolveOrgUrl('https://admin:pw-secret@acme.okta.com'),
    () => resolveOrgUrl('acme.okta.com', 'https://admin:pw-secret@acme.okta.com'),
    () => checkOrgUrl('ftp://admin:pw-secret@acme.okta.com'),
    () => checkOrgUrl('https://admin:pw-secret@acme.okta.com:99999'),
  ])('%#', (f) => {
    let message = '';
    try {
      f();
    } catch (e) {
      message = e instanceof Error ? e.message : String(e);
    }
    expect(message).toMatch(/error/);
    expect(message).not.toContain('pw-secret');
  });
});
