import { compareConnection, connectionExitCode, findingMessage } from '../../src/core/connection';
import type { ConnectionInput } from '../../src/core/connection';

const base = (over: Partial<ConnectionInput>): ConnectionInput => ({
  org: 'prod',
  since: '2026-11-01T00:00:00.000Z',
  until: '2026-12-01T00:00:00.000Z',
  tokens: { ok: true, items: [] },
  log: { ok: true, items: [] },
  granted: new Map([
    ['okta.users.read', '2026-10-01T00:00:00.000Z'],
    ['okta.users.manage', '2026-11-20T00:00:00.000Z'],
  ]),
  required: ['okta.users.read', 'okta.users.manage'],
  ...over,
});

const token = (userId: string, created: string, scopes: string[], status = 'ACTIVE') => ({ id: `${userId}-${created}`, userId, created, status, scopes });

describe('compareConnection', () => {
  test('the newest ACTIVE token per user is the connection; a revoked newer one does not count', () => {
    const s = compareConnection(
      base({
        tokens: {
          ok: true,
          items: [token('u1', '2026-11-10T00:00:00.000Z', ['okta.users.read']), token('u1', '2026-11-25T00:00:00.000Z', ['okta.users.read', 'okta.users.manage'], 'REVOKED')],
        },
      }),
    );
    expect(s.checked).toBe(true);
    expect(s.findings).toEqual([{ kind: 'not-carried', user: 'u1', scope: 'okta.users.manage', grantedAt: '2026-11-20T00:00:00.000Z', tokenIssued: '2026-11-10T00:00:00.000Z' }]);
    expect(findingMessage(s.findings[0])).toBe(
      'okta.users.manage: granted on 2026-11-20, but no token issued since carries it (the newest of user u1 is of 2026-11-10): reauthorize the connection, and tick the scope if it uses "Customize scopes"',
    );
    expect(connectionExitCode([s])).toBe(2);
  });

  test('a token issued after the grant that still lacks the scope (Customize scopes left unticked) is named too', () => {
    const s = compareConnection(base({ tokens: { ok: true, items: [token('u1', '2026-11-25T00:00:00.000Z', ['okta.users.read'])] } }));
    expect(findingMessage(s.findings[0])).toContain('the newest token of user u1 (2026-11-25) does not carry it');
  });

  test('a scope the token carries but the app no longer grants; OIDC scopes are not grants', () => {
    const s = compareConnection(base({ tokens: { ok: true, items: [token('u1', '2026-11-25T00:00:00.000Z', ['okta.users.read', 'okta.users.manage', 'okta.groups.manage', 'openid'])] } }));
    expect(s.findings.map((f) => [f.kind, f.scope])).toEqual([['carried-not-granted', 'okta.groups.manage']]);
    expect(connectionExitCode([s])).toBe(0);
  });

  test('tokens unreadable: the log\'s newest token event stands for the connection; neither readable: not checked', () => {
    const logOnly = compareConnection(
      base({
        tokens: { ok: false, reason: '403' },
        log: { ok: true, items: [{ published: '2026-11-26T00:00:00.000Z', eventType: 'app.oauth2.token.grant.refresh_token', actorId: 'u1', grantedScopes: ['okta.users.read'] }] },
      }),
    );
    expect(logOnly.checked).toBe(true);
    expect(logOnly.connections[0]).toMatchObject({ user: 'u1', source: 'log' });
    expect(logOnly.findings.map((f) => f.scope)).toEqual(['okta.users.manage']);
    const none = compareConnection(base({ tokens: { ok: false, reason: 'tokens 403' }, log: { ok: false, reason: 'log 403' } }));
    expect(none).toMatchObject({ checked: false, reasons: ['refresh tokens not read: tokens 403', 'System Log not read: log 403'] });
    expect(connectionExitCode([none])).toBe(0);
  });

  test('an older token event is history and does not override the token list', () => {
    const s = compareConnection(
      base({
        tokens: { ok: true, items: [token('u1', '2026-11-25T00:00:00.000Z', ['okta.users.read', 'okta.users.manage'])] },
        log: { ok: true, items: [{ published: '2026-11-02T00:00:00.000Z', eventType: 'app.oauth2.token.grant.access_token', actorId: 'u1', grantedScopes: ['okta.users.read'] }] },
      }),
    );
    expect(s.findings).toEqual([]);
    expect(s.disagreements).toEqual([]);
  });
});
