import { broaderScopeOf, compareOrg, compareOrgs } from '../../src/core/drift/compare';
import type { ActualGrants } from '../../src/core/drift/types';
import {
  ACTIVATE_USER,
  AUDIT,
  DEV_ACTUAL,
  DEV_REQUIRED,
  NIGHTLY,
  PROD_ACTUAL,
  PROD_REQUIRED,
  READ_USER,
  STAGE_ACTUAL,
  STAGE_REQUIRED,
  byCards,
  byReason,
  grants,
  need,
  opts,
  org,
} from './fixtures';

describe('compareOrg: missing', () => {
  const drift = compareOrg(PROD_REQUIRED, PROD_ACTUAL, opts);

  it('lists each required scope that is not granted, with the cards that need it sorted by flow', () => {
    expect(drift.missing.map((m) => m.scope)).toEqual(['okta.logs.read', 'okta.policies.read']);
    const logs = drift.missing[0];
    expect(logs.neededBy).toEqual([AUDIT, NIGHTLY]);
    expect(logs.neededBy[1].call).toEqual({ method: 'GET', path: '/api/v1/logs', operationId: 'listLogEvents' });
    expect(logs.reasons).toEqual([]);
  });

  it('keeps an extraScopes-only scope, with its reason and no card', () => {
    expect(drift.missing[1]).toEqual({
      scope: 'okta.policies.read',
      neededBy: [],
      reasons: ['Bookmark audit reads policies'],
    });
  });

  it('is not in sync', () => {
    expect(drift.inSync).toBe(false);
  });

  it('does not call an OIDC default missing even if the resolver let one through', () => {
    const d = compareOrg(org('x', [byCards('openid', AUDIT)]), grants('okta', []), opts);
    expect(d.missing).toEqual([]);
    expect(d.inSync).toBe(true);
  });

  it('calls a connection default a card needs missing when it is not granted (an apply grants it)', () => {
    const d = compareOrg(org('x', [byCards('okta.realms.read', AUDIT)]), grants('okta', []), opts);
    expect(d.missing.map((m) => m.scope)).toEqual(['okta.realms.read']);
  });

  it('sorts needs by flow, connector, card, then call', () => {
    const a = need('F', 'Custom API Action', 1, { call: { method: 'POST', path: '/api/v1/users', operationId: 'createUser' } });
    const b = need('F', 'Custom API Action', 2, { call: { method: 'GET', path: '/api/v1/users', operationId: 'listUsers' } });
    const c = need('F', 'Custom API Action', 3, { connector: 'Okta Devices' });
    const d = need('E', 'Read User', 4);
    const r = compareOrg(org('x', [byCards('okta.users.manage', c, a, d, b)]), grants('okta', []), opts);
    expect(r.missing[0].neededBy).toEqual([d, b, a, c]);
  });
});

describe('compareOrg: covered by broader', () => {
  it('reports a required .read held only through its .manage as covered, not missing', () => {
    const drift = compareOrg(PROD_REQUIRED, PROD_ACTUAL, opts);
    expect(drift.coveredByBroader).toEqual([
      { scope: 'okta.users.read', coveredBy: 'okta.users.manage', neededBy: [ACTIVATE_USER, READ_USER] },
    ]);
    expect(drift.missing.map((m) => m.scope)).not.toContain('okta.users.read');
  });

  it('is drift when covered-by-broader is the only difference: an apply still adds the .read', () => {
    const d = compareOrg(
      org('x', [byCards('okta.users.manage', ACTIVATE_USER), byCards('okta.users.read', READ_USER)]),
      grants('okta', ['okta.users.manage']),
      opts,
    );
    expect(d.coveredByBroader).toHaveLength(1);
    expect(d.missing).toEqual([]);
    expect(d.inSync).toBe(false);
  });

  it('needs the .manage of the same resource', () => {
    const d = compareOrg(org('x', [byCards('okta.users.read', READ_USER)]), grants('okta', ['okta.groups.manage']), opts);
    expect(d.missing.map((m) => m.scope)).toEqual(['okta.users.read']);
    expect(d.coveredByBroader).toEqual([]);
  });

  it('keeps to exact okta.<resource>.read → okta.<resource>.manage', () => {
    expect(broaderScopeOf('okta.users.read')).toBe('okta.users.manage');
    expect(broaderScopeOf('okta.governance.accessCertifications.read')).toBe('okta.governance.accessCertifications.manage');
    expect(broaderScopeOf('okta.users.read.self')).toBeUndefined();
    expect(broaderScopeOf('okta.users.manage')).toBeUndefined();
    expect(broaderScopeOf('custom.users.read')).toBeUndefined();
    const d = compareOrg(
      org('x', [byCards('okta.users.read.self', READ_USER)]),
      grants('okta', ['okta.users.manage', 'okta.users.manage.self']),
      opts,
    );
    expect(d.missing.map((m) => m.scope)).toEqual(['okta.users.read.self']);
  });
});

describe('compareOrg: extra', () => {
  const drift = compareOrg(PROD_REQUIRED, PROD_ACTUAL, opts);

  it('lists granted scopes nothing requires, marked revoked on apply', () => {
    expect(drift.extra).toEqual([{ scope: 'okta.groups.manage', revokedOnApply: true }]);
  });

  it('never lists an OIDC default', () => {
    const all = ['openid', 'profile', 'email', 'phone', 'address', 'groups', 'offline_access'];
    const d = compareOrg(org('x', []), grants('okta', all), opts);
    expect(d.extra).toEqual([]);
    expect(d.granted).toEqual([...all].sort());
    expect(d.inSync).toBe(true);
  });

  it('lists a connection default no card needs as extra that breaks the connection', () => {
    const d = compareOrg(org('x', []), grants('okta', ['okta.realms.read', 'openid']), opts);
    expect(d.extra).toEqual([{ scope: 'okta.realms.read', revokedOnApply: true, breaksConnections: ['Okta Realms'] }]);
    expect(d.inSync).toBe(false);
  });

  it('does not list a scope that only extraScopes requires', () => {
    const d = compareOrg(org('x', [byReason('okta.apps.read', 'audit', 9)]), grants('okta', ['okta.apps.read']), opts);
    expect(d.extra).toEqual([]);
    expect(d.inSync).toBe(true);
  });

  it('makes the org drift on extra alone', () => {
    const d = compareOrg(org('x', []), grants('okta', ['okta.logs.read']), opts);
    expect(d.missing).toEqual([]);
    expect(d.inSync).toBe(false);
  });
});

describe('compareOrg: in sync, lists and app', () => {
  it('is in sync when every required scope is granted and nothing else is', () => {
    const d = compareOrg(DEV_REQUIRED, DEV_ACTUAL, opts);
    expect(d).toEqual({
      name: 'dev',
      source: 'state',
      app: { id: '0oa2' },
      inSync: true,
      missing: [],
      coveredByBroader: [],
      extra: [],
      granted: ['offline_access', 'okta.users.read'],
      required: ['okta.users.read'],
      issuerMismatches: [],
    });
  });

  it('sorts and de-duplicates granted, required and every list', () => {
    const d = compareOrg(
      org('x', [byCards('okta.users.read', READ_USER), byCards('okta.apps.read', AUDIT)]),
      grants('okta', ['okta.zones.read', 'okta.apps.read', 'okta.zones.read', 'okta.groups.read']),
      opts,
    );
    expect(d.granted).toEqual(['okta.apps.read', 'okta.groups.read', 'okta.zones.read']);
    expect(d.required).toEqual(['okta.apps.read', 'okta.users.read']);
    expect(d.extra.map((e) => e.scope)).toEqual(['okta.groups.read', 'okta.zones.read']);
  });

  it('gives the same result whatever the input order', () => {
    const shuffled = { ...PROD_REQUIRED, scopes: [...PROD_REQUIRED.scopes].reverse() };
    const actual = { ...PROD_ACTUAL, granted: [...PROD_ACTUAL.granted].reverse() };
    expect(compareOrg(shuffled, actual, opts)).toEqual(compareOrg(PROD_REQUIRED, PROD_ACTUAL, opts));
  });
});

describe('compareOrg: issuer mismatch', () => {
  it('reports grants under another issuer, sorted, and still counts them as granted', () => {
    const actual = grants('okta', [
      { scope: 'okta.users.read', issuerMismatch: 'https://other.okta.com' },
      { scope: 'okta.apps.read', issuerMismatch: 'https://custom.example.com' },
      { scope: 'okta.groups.read', grantSource: 'ADMIN' },
    ]);
    const d = compareOrg(
      org('x', [byCards('okta.users.read', READ_USER), byCards('okta.apps.read', AUDIT), byCards('okta.groups.read', AUDIT)]),
      actual,
      opts,
    );
    expect(d.issuerMismatches).toEqual([
      { scope: 'okta.apps.read', issuer: 'https://custom.example.com' },
      { scope: 'okta.users.read', issuer: 'https://other.okta.com' },
    ]);
    expect(d.missing).toEqual([]);
    expect(d.inSync).toBe(true);
  });
});

describe('compareOrg: plan', () => {
  it('judges the after-state: a plan that fixes today’s drift is in sync and covers the declaration', () => {
    const d = compareOrg(STAGE_REQUIRED, STAGE_ACTUAL, opts);
    expect(d.missing).toEqual([]);
    // Granted today but revoked by the plan: not extra after apply.
    expect(d.extra).toEqual([]);
    expect(d.inSync).toBe(true);
    expect(d.granted).toEqual(['okta.groups.manage']);
    expect(d.plan).toEqual({
      toGrant: ['okta.users.read'],
      toRevoke: ['okta.groups.manage'],
      after: ['okta.users.read'],
      coversDeclaration: true,
    });
  });

  it('reports what the plan leaves ungranted and what it keeps granting beyond the declaration', () => {
    const actual: ActualGrants = {
      ...grants('plan', ['okta.users.read'], { id: '0oa3' }),
      plan: { toGrant: ['okta.zones.read'], toRevoke: [], after: ['okta.zones.read', 'okta.users.read', 'openid'] },
    };
    const d = compareOrg(org('x', [byCards('okta.users.read', READ_USER), byCards('okta.logs.read', AUDIT)]), actual, opts);
    expect(d.missing.map((m) => m.scope)).toEqual(['okta.logs.read']);
    expect(d.extra).toEqual([{ scope: 'okta.zones.read', revokedOnApply: true }]);
    expect(d.plan?.coversDeclaration).toBe(false);
    expect(d.inSync).toBe(false);
  });

  it('counts a .read held through the after-state’s .manage as covering', () => {
    const actual: ActualGrants = {
      ...grants('plan', [], { id: '0oa3' }),
      plan: { toGrant: ['okta.users.manage'], toRevoke: [], after: ['okta.users.manage'] },
    };
    const d = compareOrg(
      org('x', [byCards('okta.users.read', READ_USER), byCards('okta.users.manage', ACTIVATE_USER)]),
      actual,
      opts,
    );
    expect(d.coveredByBroader.map((c) => c.scope)).toEqual(['okta.users.read']);
    expect(d.plan?.coversDeclaration).toBe(true);
  });

  it('ignores plan data for the other sources', () => {
    const actual: ActualGrants = { ...DEV_ACTUAL, plan: { toGrant: [], toRevoke: [], after: [] } };
    const d = compareOrg(DEV_REQUIRED, actual, opts);
    expect(d.plan).toBeUndefined();
    expect(d.missing).toEqual([]);
  });

  it('rejects a plan source without plan data', () => {
    expect(() => compareOrg(DEV_REQUIRED, grants('plan', []), opts)).toThrow(/without plan data/);
  });
});

describe('compareOrgs', () => {
  it('sorts orgs by name', () => {
    const r = compareOrgs(
      [
        { required: STAGE_REQUIRED, actual: STAGE_ACTUAL },
        { required: PROD_REQUIRED, actual: PROD_ACTUAL },
        { required: DEV_REQUIRED, actual: DEV_ACTUAL },
      ],
      opts,
    );
    expect(r.orgs.map((o) => o.name)).toEqual(['dev', 'prod', 'stage']);
  });
});

describe('compareOrg: plans that revoke what must stay', () => {
  const required = org('p', [byCards('okta.users.read', READ_USER)]);
  const planGrants = (before: string[], after: string[], action: 'update' | 'replace' | 'delete' | 'create' | 'no-op') => {
    const replaced = action === 'replace';
    return {
      ...grants('plan', before),
      plan: { toGrant: replaced ? after : after.filter((s) => !before.includes(s)), toRevoke: replaced ? before : before.filter((s) => !after.includes(s)), after, action },
    };
  };

  it('an update that drops a needed scope lists the cards that start failing', () => {
    const d = compareOrg(required, planGrants(['okta.users.read'], [], 'update'), opts);
    expect(d.plan?.revokes).toEqual([{ scope: 'okta.users.read', why: 'needed', neededBy: [READ_USER], connections: [], regranted: false }]);
    expect(d.inSync).toBe(false);
  });

  it('a replace is never in sync, though the after-state covers the declaration', () => {
    const d = compareOrg(required, planGrants(['okta.users.read'], ['okta.users.read'], 'replace'), opts);
    expect(d.plan).toMatchObject({ action: 'replace', coversDeclaration: true, revokes: [expect.objectContaining({ scope: 'okta.users.read', regranted: true })] });
    expect(d.inSync).toBe(false);
  });

  it('a delete is never in sync', () => {
    expect(compareOrg(org('p', []), planGrants([], [], 'delete'), opts).inSync).toBe(false);
  });

  it('create and no-op that reach the declaration are in sync', () => {
    expect(compareOrg(required, planGrants([], ['okta.users.read'], 'create'), opts).inSync).toBe(true);
    expect(compareOrg(required, planGrants(['okta.users.read'], ['okta.users.read'], 'no-op'), opts).inSync).toBe(true);
  });

  it('revoking an undeclared, non-default grant is not unsafe (it is the point of the apply)', () => {
    const d = compareOrg(required, planGrants(['okta.users.read', 'okta.roles.manage'], ['okta.users.read'], 'update'), opts);
    expect(d.plan?.revokes).toBeUndefined();
    expect(d.inSync).toBe(true);
  });
});
