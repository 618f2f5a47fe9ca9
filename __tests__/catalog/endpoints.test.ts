import { loadCatalog, pathSegments } from '../../src/core/catalog';

const catalog = loadCatalog();

function op(method: string, path: string): string | undefined {
  return catalog.matchEndpoint(method, path)?.row.operationId;
}

describe('matchEndpoint', () => {
  it('matches concrete ids against {param} segments and returns them', () => {
    const m = catalog.matchEndpoint('GET', '/api/v1/apps/0oa1abc/grants/oag9xyz');
    expect(m?.row.path).toBe('/api/v1/apps/{appId}/grants/{grantId}');
    expect(m?.row.scopes).toEqual(['okta.appGrants.read']);
    expect(m?.params).toEqual({ appId: '0oa1abc', grantId: 'oag9xyz' });
    expect(op('DELETE', '/api/v1/apps/0oa1abc/grants/oag9xyz')).toBe('revokeScopeConsentGrant');
    expect(op('POST', '/api/v1/apps/0oa1abc/grants')).toBe('grantConsentToScope');
    expect(op('GET', '/api/v1/apps/0oa1abc/grants')).toBe('listScopeConsentGrants');
  });

  describe('a literal segment beats a parameter at the first position they differ', () => {
    it('/groups/rules vs /groups/{groupId}', () => {
      expect(op('GET', '/api/v1/groups/rules')).toBe('listGroupRules');
      expect(op('GET', '/api/v1/groups/00g1abc')).toBe('getGroup');
    });

    it('/groups/rules/{groupRuleId} vs /groups/{groupId}/roles (different scopes)', () => {
      // `/groups/rules/roles` fits both templates; the literal `rules` wins.
      const ruleNamedRoles = catalog.matchEndpoint('GET', '/api/v1/groups/rules/roles');
      expect(ruleNamedRoles?.row.path).toBe('/api/v1/groups/rules/{groupRuleId}');
      expect(ruleNamedRoles?.params).toEqual({ groupRuleId: 'roles' });
      const roles = catalog.matchEndpoint('GET', '/api/v1/groups/00g1abc/roles');
      expect(roles?.row.path).toBe('/api/v1/groups/{groupId}/roles');
      expect(roles?.row.scopes).toEqual(['okta.roles.read']);
      expect(op('GET', '/api/v1/groups/rules/0pr1abc')).toBe('getGroupRule');
    });

    it('/meta/schemas/user/linkedObjects vs /meta/schemas/user/{schemaId} (different scopes)', () => {
      expect(catalog.matchEndpoint('GET', '/api/v1/meta/schemas/user/linkedObjects')?.row.scopes).toEqual([
        'okta.linkedObjects.read',
      ]);
      expect(catalog.matchEndpoint('GET', '/api/v1/meta/schemas/user/osc1abc')?.row.scopes).toEqual(['okta.schemas.read']);
    });

    it('/users/{userId}/factors/catalog vs /users/{userId}/factors/{factorId}', () => {
      expect(op('GET', '/api/v1/users/00u1/factors/catalog')).toBe('listSupportedFactors');
      expect(catalog.matchEndpoint('GET', '/api/v1/users/00u1/factors/ufs2')?.params).toEqual({
        userId: '00u1',
        factorId: 'ufs2',
      });
    });

    it('backtracks to the parameter when the literal branch dead-ends', () => {
      // `rules` could also be a group id: when only a /groups/{groupId}/... template fits, that one is used.
      expect(catalog.matchEndpoint('GET', '/api/v1/groups/rules/users')?.row.path).toBe(
        '/api/v1/groups/rules/{groupRuleId}',
      );
      expect(catalog.matchEndpoint('GET', '/api/v1/groups/rules/roles/ra1')?.row.operationId).toBe('getGroupAssignedRole');
      expect(catalog.matchEndpoint('GET', '/api/v1/groups/rules/apps/x')).toBeUndefined();
      expect(catalog.matchEndpoint('PUT', '/api/v1/groups/rules/users/00u1')?.row.path).toBe(
        '/api/v1/groups/{groupId}/users/{userId}',
      );
    });

    it('/users/me has no template of its own, so it is /users/{id}, a match marked uncertain', () => {
      const m = catalog.matchEndpoint('GET', '/api/v1/users/me');
      expect(m?.row.operationId).toBe('getUser');
      expect(m?.uncertain).toEqual([{ param: 'id', value: 'me' }]);
    });

    it('/sessions/me is the preview operation of its own, not /sessions/{sessionId}', () => {
      const m = catalog.matchEndpoint('GET', '/api/v1/sessions/me');
      expect(m?.row).toMatchObject({ operationId: 'getCurrentSession', auth: 'none', lifecycle: 'preview', scopes: [] });
      expect(m?.uncertain).toEqual([]);
    });
  });

  it('marks a match through a parameter filled by a plain word as uncertain, never one filled by an id', () => {
    expect(catalog.matchEndpoint('GET', '/api/v1/sessions/current')?.uncertain).toEqual([{ param: 'sessionId', value: 'current' }]);
    for (const path of ['/api/v1/users/00u1abcDEF2ghi3jkl4', '/api/v1/users/{userId}', '/api/v1/users/jane.doe@example.com', '/api/v1/users/{Read User.ID}']) {
      expect({ path, uncertain: catalog.matchEndpoint('GET', path)?.uncertain }).toEqual({ path, uncertain: [] });
    }
  });

  it('matches a path with a literal space in a segment', () => {
    const m = catalog.matchEndpoint('GET', '/api/v1/groups/{Group ID}/users');
    expect(m?.row.operationId).toBe('listGroupUsers');
    expect(m?.params).toEqual({ groupId: '{Group ID}' });
  });

  it('matches a {param} the user wrote, whatever its name, and only against parameters', () => {
    expect(catalog.matchEndpoint('GET', '/api/v1/users/{userId}/factors')?.row.path).toBe('/api/v1/users/{userId}/factors');
    expect(catalog.matchEndpoint('GET', '/api/v1/users/{uid}/factors')?.params).toEqual({ userId: '{uid}' });
    expect(op('GET', '/api/v1/users/{id}')).toBe('getUser');
    // A placeholder cannot stand for the literal `rules`.
    expect(op('GET', '/api/v1/groups/{id}')).toBe('getGroup');
    expect(op('GET', '/api/v1/meta/schemas/user/{schemaId}')).toBe('getUserSchema');
  });

  it('strips the query string, the fragment and an absolute org URL', () => {
    expect(op('GET', '/api/v1/logs?since=2024-01-01T00:00:00Z&limit=100')).toBe('listLogEvents');
    expect(op('GET', '/api/v1/logs#top')).toBe('listLogEvents');
    expect(op('GET', 'https://acme.okta.com/api/v1/users')).toBe('listUsers');
    expect(op('GET', 'https://acme.oktapreview.com/api/v1/users/00u1?expand=blocks')).toBe('getUser');
    expect(op('GET', 'http://127.0.0.1:8080/api/v1/groups/rules')).toBe('listGroupRules');
    expect(op('GET', 'https://acme.okta.com?x=1')).toBeUndefined();
  });

  it('tolerates a trailing slash, doubled slashes, surrounding spaces and a missing leading slash', () => {
    expect(op('GET', '/api/v1/users/')).toBe('listUsers');
    expect(op('GET', '//api/v1/users')).toBe('listUsers');
    expect(op('GET', '  /api/v1/users  ')).toBe('listUsers');
    expect(op('GET', 'api/v1/users')).toBe('listUsers');
  });

  it('reads the method case-insensitively', () => {
    expect(op('get', '/api/v1/users')).toBe('listUsers');
    expect(op('Post', '/api/v1/users')).toBe('createUser');
    expect(op('delete', '/api/v1/users/00u1')).toBe('deleteUser');
  });

  it('returns undefined for unknown paths and methods', () => {
    expect(catalog.matchEndpoint('GET', '/api/v1/nope')).toBeUndefined();
    expect(catalog.matchEndpoint('GET', '/api/v1/users/00u1/nope/deeper/still')).toBeUndefined();
    expect(catalog.matchEndpoint('GET', '')).toBeUndefined();
    expect(catalog.matchEndpoint('GET', '/')).toBeUndefined();
    expect(catalog.matchEndpoint('HEAD', '/api/v1/users')).toBeUndefined();
    expect(catalog.matchEndpoint('PATCH', '/api/v1/logs')).toBeUndefined();
  });

  it('matches every table row by its own template and by a concrete instance of it', () => {
    for (const row of catalog.endpoints) {
      expect(catalog.matchEndpoint(row.method, row.path)?.row).toBe(row);
      const concrete = row.path.replace(/\{[^}]+\}/g, 'x0concrete9');
      expect(catalog.matchEndpoint(row.method, concrete)?.row).toBe(row);
    }
  });

  it('is fast: 50,000 lookups take well under a second of CPU', () => {
    const reqs = catalog.endpoints.map((r) => [
      r.method.toLowerCase(),
      `https://acme.okta.com${r.path.replace(/\{[^}]+\}/g, '00u1abc')}?limit=200`,
    ]);
    const run = (): number => {
      let hits = 0;
      for (let i = 0; i < 50_000; i++) {
        const [m, p] = reqs[i % reqs.length];
        if (catalog.matchEndpoint(m, p)) hits++;
      }
      return hits;
    };
    run(); // warm up the JIT
    const before = process.cpuUsage();
    expect(run()).toBe(50_000);
    const used = process.cpuUsage(before);
    const ms = (used.user + used.system) / 1000;
    // Measured at 40-75 ms of CPU on an overloaded 2-core box. The bound is loose so a busy CI machine
    // does not flake; it still catches an order-of-magnitude regression.
    expect(ms).toBeLessThan(500);
  });
});

describe('pathSegments', () => {
  it('splits a path or URL into its non-empty segments', () => {
    expect(pathSegments('https://acme.okta.com/api/v1/users/?q=a/b#c/d')).toEqual(['api', 'v1', 'users']);
    expect(pathSegments('/api//v1/')).toEqual(['api', 'v1']);
    expect(pathSegments('https://acme.okta.com')).toEqual([]);
    // Not a scheme: `://` after a slash is part of the path.
    expect(pathSegments('/a/b://c')).toEqual(['a', 'b:', 'c']);
  });
});
