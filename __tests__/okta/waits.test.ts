/**
 * Waits the server asks for (Retry-After, X-Rate-Limit-Reset) are honoured, absurd ones are not
 * printed as dates, and one too long gives up at once; credential values that cannot go into a header
 * are refused before any request, naming the variable and never the value.
 */
import { credentialsFromEnv, fetchLiveGrants, type FetchLiveGrantsOptions } from '../../src/sources/okta';
import { rateLimitWait, retryAfterMs } from '../../src/sources/okta/waits';
import { UserError } from '../../src/util/diagnostics';
import { startOktaServer, type OktaServer } from '../support/okta-server';
import { userError } from '../support/user-error';

const TOKEN = '00-waits-test-token-secret';
const APP = '0oaWORKFLOWS1';

let server: OktaServer;
beforeEach(async () => {
  server = await startOktaServer({ apiTokens: { [TOKEN]: {} } });
  server.addApp({ id: APP, label: 'Okta Workflows OAuth', name: 'flow' });
  server.addGrants(APP, [{ scopeId: 'okta.users.read' }]);
});
afterEach(async () => {
  expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  await server.close();
});

function opts(over: Partial<FetchLiveGrantsOptions> = {}): FetchLiveGrantsOptions {
  return {
    orgUrl: server.url,
    app: { id: APP, label: 'Okta Workflows OAuth' },
    credentials: { kind: 'apiToken', token: TOKEN },
    timeoutMs: 2000,
    maxRetries: 2,
    expectedIssuer: server.url,
    retryBaseMs: 5,
    maxRateLimitWaitMs: 3000,
    ...over,
  };
}


const headers = (h: Record<string, string>) => ({
  get: (n: string) => h[Object.keys(h).find((k) => k.toLowerCase() === n.toLowerCase()) ?? ''] ?? null,
  forEach: () => undefined,
});
const DATE = 'Fri, 04 Dec 2026 16:00:00 GMT';
const NOW_S = Date.parse(DATE) / 1000;

describe('rateLimitWait and retryAfterMs', () => {
  test('a reset in the next minute is waited for, and dated', () => {
    expect(rateLimitWait(headers({ Date: DATE, 'X-Rate-Limit-Reset': String(NOW_S + 30) }), 5)).toEqual({
      waitMs: 30_000,
      header: 'X-Rate-Limit-Reset',
      resetAt: new Date((NOW_S + 30) * 1000),
    });
  });

  test('a negative, zero or past reset asks for nothing: the fallback backoff, and no date to print', () => {
    for (const reset of ['-40000000000', '0', String(NOW_S - 10), 'soon', '1e3']) {
      expect(rateLimitWait(headers({ Date: DATE, 'X-Rate-Limit-Reset': reset }), 5)).toEqual({ waitMs: 5 });
    }
  });

  test('a reset more than a day off is a long wait without a date', () => {
    const r = rateLimitWait(headers({ Date: DATE, 'X-Rate-Limit-Reset': '99999999999999999' }), 5);
    expect(r.resetAt).toBeUndefined();
    expect(r.waitMs).toBeGreaterThan(86_400_000);
  });

  test('Retry-After in seconds or as an HTTP date; the later of it and the reset wins', () => {
    const now = Date.parse(DATE);
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Fri, 04 Dec 2026 16:02:00 GMT', now)).toBe(120_000);
    expect(retryAfterMs('Fri, 04 Dec 2026 15:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('-5', now)).toBeUndefined();
    expect(retryAfterMs('', now)).toBeUndefined();
    expect(retryAfterMs('999999999999999999999', now)).toBe(Number.MAX_SAFE_INTEGER);
    expect(rateLimitWait(headers({ Date: DATE, 'Retry-After': '99999', 'X-Rate-Limit-Reset': String(NOW_S + 30) }), 5)).toMatchObject({
      waitMs: 99_999_000,
      header: 'Retry-After',
    });
    expect(rateLimitWait(headers({ Date: DATE, 'Retry-After': '2', 'X-Rate-Limit-Reset': String(NOW_S + 30) }), 5)).toMatchObject({
      waitMs: 30_000,
      header: 'X-Rate-Limit-Reset',
    });
  });
});

describe('429 and 503 against the local server', () => {
  test('a negative X-Rate-Limit-Reset: short backoff, and no year -1199 in the message', async () => {
    server.inject('listGrants', { kind: 'body', status: 429, body: { errorCode: 'E0000047' }, headers: { 'X-Rate-Limit-Reset': '-40000000000' } }, 5);
    const e = await userError(fetchLiveGrants(opts()));
    expect(e.diagnostics[0].code).toBe('okta-rate-limit');
    expect(e.message).not.toMatch(/resets at/);
    expect(e.message).not.toContain('-001199');
    expect(e.message).toContain('(3 attempts, --retries)');
    expect(server.requests.filter((r) => r.route === 'listGrants')).toHaveLength(3);
  });

  test('429 with Retry-After: 3600 gives up at once, saying how long it was asked to wait and why it did not', async () => {
    server.inject('listGrants', { kind: 'body', status: 429, body: { errorCode: 'E0000047' }, headers: { 'Retry-After': '3600' } }, 5);
    const t0 = Date.now();
    const e = await userError(fetchLiveGrants(opts()));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(e.message).toContain('gave up at once: the server asks to wait 60 min (Retry-After), more than the 3 s wf-scopes waits on one org in all');
    expect(server.requests.filter((r) => r.route === 'listGrants')).toHaveLength(1);
  });

  test('429 with Retry-After: 99999 is not retried early', async () => {
    server.inject('listGrants', { kind: 'body', status: 429, body: { errorCode: 'E0000047' }, headers: { 'Retry-After': '99999' } }, 5);
    const e = await userError(fetchLiveGrants(opts({ maxRetries: 3 })));
    expect(e.message).toContain('the reset is too far off (more than a day, Retry-After)');
    expect(server.requests.filter((r) => r.route === 'listGrants')).toHaveLength(1);
  });

  test('429 with Retry-After: 1 (and a reset already past) waits about a second, then succeeds', async () => {
    server.inject('listGrants', { kind: 'body', status: 429, body: { errorCode: 'E0000047' }, headers: { 'Retry-After': '1', 'X-Rate-Limit-Reset': '1' } });
    const t0 = Date.now();
    const r = await fetchLiveGrants(opts());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(r.grants.granted).toHaveLength(1);
  });

  test('503 with Retry-After: 1 waits for it rather than the short backoff', async () => {
    server.inject('listGrants', { kind: 'body', status: 503, body: { errorCode: 'E0000009' }, headers: { 'Retry-After': '1' } });
    const t0 = Date.now();
    const r = await fetchLiveGrants(opts());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(r.stats.retries).toBe(1);
  });

  test('503 with a Retry-After date past the org deadline gives up at once, naming the deadline', async () => {
    const later = new Date(Date.now() + 10 * 60_000).toUTCString();
    server.inject('listGrants', { kind: 'body', status: 503, body: { errorCode: 'E0000009' }, headers: { 'Retry-After': later } }, 5);
    const e = await userError(fetchLiveGrants(opts({ deadlineMs: 60_000, maxRateLimitWaitMs: 3_600_000 })));
    expect(e.diagnostics[0].code).toBe('okta-server');
    expect(e.message).toMatch(/answered 503 E0000009 to GET \/api\/v1\/apps\/0oaWORKFLOWS1\/grants .*; gave up at once: the server asks to wait (9\.\d|10) min \(Retry-After\), more than the 60 s one org may take in all \(WF_SCOPES_OKTA_DEADLINE\)/);
    expect(server.requests.filter((r) => r.route === 'listGrants')).toHaveLength(1);
  });
});

describe('credential values that cannot go into a header', () => {
  const errorOf = (fn: () => unknown): UserError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof UserError) return e;
      throw e;
    }
    throw new Error('expected a UserError');
  };

  test.each([
    ['a line break', 'abc\ndef-secret-part'],
    ['a control character', 'abc\u0001def-secret-part'],
    ['a space', 'abc def-secret-part'],
    ['a non-ASCII character', 'abc\u00e9def-secret-part'],
  ])('%s in a token is named, with the variable, never the value', (what, value) => {
    const e = errorOf(() => credentialsFromEnv({ PROD_OKTA_API_TOKEN: value }, '/', 'PROD_'));
    expect(e.diagnostics[0]).toMatchObject({ code: 'okta-credentials' });
    expect(e.message).toContain(`PROD_OKTA_API_TOKEN holds ${what} (character 4 of 19)`);
    expect(e.message).not.toContain('secret-part');
    expect(e.message).not.toContain('def');
  });

  test('a trailing newline (echo > file) is trimmed, not refused; client and key ids are checked too', () => {
    expect(credentialsFromEnv({ OKTA_ACCESS_TOKEN: 'tok-123\n' })).toEqual({ kind: 'accessToken', token: 'tok-123' });
    expect(errorOf(() => credentialsFromEnv({ OKTA_API_CLIENT_ID: '0oa\r\n1', OKTA_API_PRIVATE_KEY: 'x' })).message).toContain('OKTA_API_CLIENT_ID holds a line break');
  });

  test('through diff: the org fails naming its variable, and nothing is sent', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runMain } = await import('../cli/run');
    const dir = mkdtempSync(join(tmpdir(), 'wf-waits-'));
    writeFileSync(
      join(dir, 'scopes.yaml'),
      `version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\n    envPrefix: PROD_\n    app: { id: 0oaPRODWORKFLOWS1 }\nflows:\n  - name: Audit\n    cards:\n      - Okta/Search System Logs\n`,
    );
    const r = await runMain(['diff', '--org-url', server.url, '--format', 'json'], { cwd: dir, env: { PROD_OKTA_API_TOKEN: `${TOKEN}\nX-Injected: 1` } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ org: 'prod', code: 'okta-credentials', message: expect.stringContaining('PROD_OKTA_API_TOKEN holds a line break') })]);
    expect(r.stderr).not.toContain('network');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(server.requests).toEqual([]);
  });
});
