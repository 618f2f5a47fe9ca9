import { loadCatalog } from '../../src/core/catalog';
import { orgUsage, usageJson, usageText, type UsageReport } from '../../src/app/usage';
import { lastSeenText, parseUsageJson } from '../../src/app/usage/parse';
import type { EventRecord } from '../../src/core/connection/types';

const catalog = loadCatalog();
const SINCE = '2026-11-01T00:00:00.000Z';
const UNTIL = '2026-12-01T00:00:00.000Z';

const events: EventRecord[] = [
  { published: '2026-11-20T10:00:00.000Z', eventType: 'user.lifecycle.suspend', requestUri: '/api/v1/users/00u1/lifecycle/suspend', method: 'POST' },
  { published: '2026-11-21T10:00:00.000Z', eventType: 'group.create', requestUri: '/api/v1/groups', method: 'POST' },
  { published: '2026-11-22T10:00:00.000Z', eventType: 'group.create', requestUri: '/api/v1/groups?x=1', method: 'POST' },
  // A write operation a read scope allows: counted on that read scope's line, which stays not observable.
  { published: '2026-11-23T10:00:00.000Z', eventType: 'policy.simulate', requestUri: '/api/v1/policies/simulate', method: 'POST' },
  { published: '2026-11-24T10:00:00.000Z', eventType: 'system.unknown', requestUri: '/api/v1/nowhere', method: 'POST' },
  { published: '2026-11-25T10:00:00.000Z', eventType: 'app.oauth2.token.grant.access_token' },
];

function report(required: string[]): UsageReport {
  const granted = ['okta.groups.manage', 'okta.users.manage', 'okta.users.read', 'okta.policies.read'];
  return { since: SINCE, until: UNTIL, orgs: [orgUsage({ org: 'prod', granted, required, log: { ok: true, items: events } }, catalog)], errors: [] };
}

describe('orgUsage', () => {
  test('every write whose scope the endpoint table knows counts on that scope line; the undeclared ones are also unexplained', () => {
    const o = report(['okta.users.manage', 'okta.users.read']).orgs[0];
    const line = (scope: string) => o.scopes.find((s) => s.scope === scope);
    expect(line('okta.groups.manage')).toEqual({ scope: 'okta.groups.manage', declared: false, observable: 'writes', writes: [{ method: 'POST', path: '/api/v1/groups', eventType: 'group.create', count: 2, lastSeen: '2026-11-22T10:00:00.000Z' }] });
    expect(line('okta.policies.read')).toMatchObject({ observable: 'not-observable', writes: [expect.objectContaining({ count: 1 })] });
    expect(o.unexplained.map((u) => [u.path, u.scope ?? u.why, u.count])).toEqual([
      ['/api/v1/groups', 'okta.groups.manage', 2],
      ['/api/v1/nowhere', 'unmapped', 1],
      ['/api/v1/policies/simulate', 'okta.policies.read', 1],
    ]);
    const text = usageText(report(['okta.users.manage', 'okta.users.read']));
    expect(text).toContain('okta.groups.manage (not declared): 2 writes, 2 unexplained (no declared card needs this scope)');
    expect(text).toContain('okta.policies.read (not declared): not observable (reads are not logged); 1 write seen, 1 unexplained (no declared card needs this scope)');
    expect(text).toContain('okta.users.read: not observable (reads are not logged)\n');
  });

  test('a read scope write is explained by its declared .manage', () => {
    const o = report(['okta.policies.manage']).orgs[0];
    expect(o.unexplained.map((u) => u.path)).not.toContain('/api/v1/policies/simulate');
  });

  test('review and report say of a read scope\'s write operation that it is not observable, and unexplained', () => {
    const e = parseUsageJson(usageJson(report(['okta.users.manage'])), 'usage.json', catalog);
    const read = e.orgs[0].scopes.find((s) => s.scope === 'okta.policies.read');
    expect(lastSeenText(read!)).toBe('not observable (reads are not logged); 1 write seen, last seen 2026-11-23, 1 unexplained (no declared card needs this scope)');
  });

  test.each([[['okta.users.manage']], [['okta.policies.manage', 'okta.groups.manage']], [[]]])('what it writes, the usage reader accepts (required %j)', (required) => {
    const r = report(required);
    const e = parseUsageJson(usageJson(r), 'usage.json', catalog);
    for (const s of r.orgs[0].scopes) {
      const back = e.orgs[0].scopes.find((x) => x.scope === s.scope);
      expect(back?.writes).toBe(s.writes.reduce((a, w) => a + w.count, 0));
      expect(back?.unexplained).toBe(r.orgs[0].unexplained.filter((u) => u.scope === s.scope).reduce((a, u) => a + u.count, 0));
    }
  });
});
