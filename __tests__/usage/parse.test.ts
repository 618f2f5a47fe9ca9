import { loadCatalog } from '../../src/core/catalog';
import { lastSeenText, parseUsageJson, usageOf } from '../../src/app/usage/parse';
import { errorOf } from '../support/user-error';

const catalog = loadCatalog();
const ORG = (body: string) => `{\n  "since": "2026-11-01T00:00:00Z",\n  "until": "2026-12-01T00:00:00Z",\n  "orgs": [\n    {\n${body}\n    }\n  ]\n}\n`;

type W = Record<string, unknown>;
interface TOrg {
  org: string;
  checked: boolean;
  reason?: string;
  events: number;
  scopes: { scope: string; declared: boolean; observable: string; writes: W[] }[];
  unexplained: W[];
}

/** What `wf-scopes usage --format json` writes for one org with a declared write, an undeclared one, a read and an unmapped write. */
function valid() {
  return {
    since: '2026-11-01T00:00:00.000Z',
    until: '2026-12-01T00:00:00.000Z',
    note: 'x',
    orgs: [
      {
        org: 'prod',
        checked: true,
        events: 7,
        scopes: [
          { scope: 'okta.groups.manage', declared: false, observable: 'writes', writes: [{ path: '/api/v1/groups/{groupId}/users/{userId}', eventType: 'group.user_membership.add', count: 2, lastSeen: '2026-11-30T09:00:00.000Z' }] },
          { scope: 'okta.users.manage', declared: true, observable: 'writes', writes: [{ method: 'POST', path: '/api/v1/users/{id}/lifecycle/deactivate', eventType: 'user.lifecycle.deactivate', count: 3, lastSeen: '2026-11-30T10:00:00.000Z' }] },
          { scope: 'okta.users.read', declared: true, observable: 'not-observable', writes: [] },
        ],
        unexplained: [
          { path: '/api/v1/groups/00g1/users/00u3', eventType: 'group.user_membership.add', scope: 'okta.groups.manage', why: 'undeclared-scope', count: 1, lastSeen: '2026-11-29T09:00:00.000Z' },
          { path: '/api/v1/groups/00g2/users/00u4', eventType: 'group.user_membership.add', scope: 'okta.groups.manage', why: 'undeclared-scope', count: 1, lastSeen: '2026-11-30T09:00:00.000Z' },
          { method: 'POST', path: '/api/v1/nowhere/at/all', eventType: 'system.unknown', why: 'unmapped', count: 1, lastSeen: '2026-11-30T11:00:00.000Z' },
        ],
      },
    ] as TOrg[],
    errors: [{ org: 'staging', code: 'okta-auth', message: 'the token was refused (401)' }],
  };
}
type Doc = ReturnType<typeof valid>;

/** The line and column (1-based) where `needle` starts in `text`, plus `skip` characters. */
function pos(text: string, needle: string, skip = 0): { line: number; column: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, i + skip);
  return { line: before.split('\n').length, column: i + skip - before.lastIndexOf('\n') };
}

/** The refusal of `doc` edited by `edit`: its message, where, and that it names the fix. */
function refusal(edit: (d: Doc) => void) {
  const d = valid();
  edit(d);
  const text = JSON.stringify(d, null, 2);
  const e = errorOf(() => parseUsageJson(text, 'usage.json', catalog));
  expect(e.diagnostics).toHaveLength(1);
  expect(e.diagnostics[0].hint).toContain('re-run `wf-scopes usage --format json');
  return { ...e.diagnostics[0], text };
}

describe('parseUsageJson', () => {
  test('a missing key is located at the object that lacks it', () => {
    const text = ORG('      "org": "prod",\n      "checked": false,\n      "scopes": [],\n      "unexplained": []');
    const e = errorOf(() => parseUsageJson(text, 'usage.json', catalog));
    expect(e.diagnostics[0]).toMatchObject({ loc: { file: 'usage.json', line: 5, column: 5 }, message: 'orgs[0].reason must be a string' });
  });

  test('a value of the wrong kind is located at the value', () => {
    const text = ORG('      "org": "prod",\n      "checked": "yes",\n      "scopes": [],\n      "unexplained": []');
    const e = errorOf(() => parseUsageJson(text, 'usage.json', catalog));
    expect(e.diagnostics[0]).toMatchObject({ loc: { file: 'usage.json', line: 7, column: 18 }, message: 'orgs[0].checked must be true or false' });
  });

  test('what the usage command writes is read back: an undeclared write counts on its line and stays unexplained', () => {
    const e = parseUsageJson(JSON.stringify(valid(), null, 2), 'usage.json', catalog);
    const groups = e.orgs[0].scopes.find((s) => s.scope === 'okta.groups.manage');
    expect(groups).toEqual({ scope: 'okta.groups.manage', observable: 'writes', writes: 2, unexplained: 2, lastSeen: '2026-11-30T09:00:00.000Z' });
    expect(lastSeenText(groups!)).toBe('2 writes, last seen 2026-11-30, 2 unexplained (no declared card needs this scope)');
    expect(lastSeenText(e.orgs[0].scopes.find((s) => s.scope === 'okta.users.read')!)).toBe('not observable (reads are not logged)');
    expect(e.orgs[0].unexplained.map((u) => u.path)).toEqual(['/api/v1/groups/00g1/users/00u3', '/api/v1/groups/00g2/users/00u4', '/api/v1/nowhere/at/all']);
  });

  test('a read scope edited to observable "writes" is refused at that value', () => {
    const r = refusal((d) => d.orgs[0].scopes[2].observable = 'writes');
    expect(r.loc).toEqual({ file: 'usage.json', ...pos(r.text, '"observable": "writes",\n          "writes": []', '"observable": '.length) });
    expect(r.message).toBe('orgs[0].scopes[2].observable must be "not-observable": okta.users.read is a read scope, and Okta does not log reads');
  });

  test('a write scope claimed not observable is refused', () => {
    const r = refusal((d) => d.orgs[0].scopes[1].observable = 'not-observable');
    expect(r.message).toContain('orgs[0].scopes[1].observable must be "writes"');
  });

  test('a write listed under a scope the endpoint table does not give it is refused at its path', () => {
    const r = refusal((d) => {
      const s = d.orgs[0].scopes[1];
      s.writes[0].path = '/api/v1/groups';
    });
    expect(r.loc).toEqual({ file: 'usage.json', ...pos(r.text, '"/api/v1/groups"') });
    expect(r.message).toContain('must be a write of okta.users.manage to be listed under it, but the endpoint table gives it okta.groups.manage');
  });

  test('an unexplained write not counted on its scope line is refused (the defect of a new-user run)', () => {
    const none = refusal((d) => d.orgs[0].scopes[0].writes.splice(0));
    expect(none.loc).toEqual({ file: 'usage.json', ...pos(none.text, '{\n          "path": "/api/v1/groups/00g1') });
    expect(none.message).toContain('orgs[0].unexplained[0] must also be counted on orgs[0].scopes[0].writes');
    const noLine = refusal((d) => d.orgs[0].scopes.splice(0, 1));
    expect(noLine.message).toContain("must also be counted on that scope's own line in orgs[0].scopes, which has none");
    const fewer = refusal((d) => (d.orgs[0].scopes[0].writes[0].count = 1));
    expect(fewer.message).toContain('orgs[0].unexplained[1]: the unexplained writes of (method not logged) /api/v1/groups/{groupId}/users/{userId} add up to 2, more than the 1 counted on orgs[0].scopes[0].writes[0]');
  });

  test('a write of an undeclared scope must be unexplained, and a declared scope has none', () => {
    const r = refusal((d) => d.orgs[0].unexplained.splice(1, 1));
    expect(r.message).toBe('orgs[0].scopes[0].writes[0]: okta.groups.manage is not declared, so each of its 2 writes must be listed under orgs[0].unexplained too (1 are)');
    const declared = refusal((d) => (d.orgs[0].scopes[0].declared = true));
    expect(declared.message).toContain('orgs[0].scopes[0].declared must be false');
  });

  test('why and scope of an unexplained write are recomputed', () => {
    const unmapped = refusal((d) => (d.orgs[0].unexplained[0].why = 'unmapped'));
    expect(unmapped.message).toContain('must say why "undeclared-scope" and scope okta.groups.manage');
    const other = refusal((d) => (d.orgs[0].unexplained[0].scope = 'okta.users.manage'));
    expect(other.loc).toEqual({ file: 'usage.json', ...pos(other.text, '"okta.users.manage",\n          "why"') });
    const mapped = refusal((d) => (d.orgs[0].unexplained[2].path = '/api/v1/groups'));
    expect(mapped.loc).toEqual({ file: 'usage.json', ...pos(mapped.text, '"unmapped"') });
    expect(mapped.message).toBe('orgs[0].unexplained[2] must say why "undeclared-scope" and scope okta.groups.manage: the endpoint table gives POST /api/v1/groups that scope');
    const named = refusal((d) => (d.orgs[0].unexplained[2].scope = 'okta.users.manage'));
    expect(named.message).toBe("orgs[0].unexplained[2] must name no scope: no one scope's write operations match POST /api/v1/nowhere/at/all");
  });

  test('times outside the stated window are refused', () => {
    const late = refusal((d) => (d.orgs[0].scopes[1].writes[0].lastSeen = '2026-12-01T00:00:01.000Z'));
    expect(late.loc).toEqual({ file: 'usage.json', ...pos(late.text, '"2026-12-01T00:00:01.000Z"') });
    expect(late.message).toBe('orgs[0].scopes[1].writes[0].lastSeen (2026-12-01T00:00:01.000Z) must fall in the window the file states, 2026-11-01T00:00:00.000Z to 2026-12-01T00:00:00.000Z');
    const early = refusal((d) => (d.orgs[0].unexplained[2].lastSeen = '2026-10-31T23:59:59.000Z'));
    expect(early.message).toContain('orgs[0].unexplained[2].lastSeen (2026-10-31T23:59:59.000Z) must fall in the window');
    const reversed = refusal((d) => (d.since = '2026-12-02T00:00:00.000Z'));
    expect(reversed.message).toContain('until (2026-12-01T00:00:00.000Z) must be later than since');
    const long = refusal((d) => (d.since = '2026-08-01T00:00:00.000Z'));
    expect(long.message).toContain('must be at most 90 days before until');
    const moved = refusal((d) => (d.since = '2026-11-01T06:00:00.000Z'));
    expect(moved.message).toBe('since (2026-11-01T06:00:00.000Z) must be a whole number of days before until (2026-12-01T00:00:00.000Z), as `usage --since DAYS` writes it');
  });

  test('an org or a scope that appears twice is refused at the second', () => {
    const org = refusal((d) => d.orgs.push({ ...d.orgs[0] }));
    expect(org.message).toBe('orgs[1].org: org "prod" appears twice (first at orgs[0].org); expected one result per org');
    const errored = refusal((d) => (d.errors[0].org = 'prod'));
    expect(errored.message).toContain('errors[0].org: org "prod" appears twice');
    const scope = refusal((d) => d.orgs[0].scopes.push({ scope: 'okta.users.read', declared: true, observable: 'not-observable', writes: [] }));
    expect(scope.message).toContain('orgs[0].scopes[3]: okta.users.read appears twice');
  });

  test('fewer events than the writes listed, or scopes under an org not checked, are refused', () => {
    expect(refusal((d) => (d.orgs[0].events = 5)).message).toBe('orgs[0].events (5) must be at least 6, the writes this org lists');
    expect(refusal((d) => Object.assign(d.orgs[0], { checked: false, reason: 'x' })).message).toBe('orgs[0] is not checked, so it must list no scope and no write');
  });
});

describe('usageOf: which orgs a usage result covers', () => {
  const e = parseUsageJson(JSON.stringify(valid()), 'out/usage.json', catalog);
  test('a covered org, one the run could not read, and one the file does not cover', () => {
    expect(usageOf(e, 'prod', 'out/usage.json')).toMatchObject({ checked: true, org: { org: 'prod' } });
    expect(usageOf(e, 'staging', 'out/usage.json')).toEqual({ checked: false, reason: 'the usage run could not read this org: the token was refused (401)' });
    expect(usageOf(e, 'dev', 'out/usage.json')).toEqual({ checked: false, reason: 'out/usage.json has no result for this org' });
  });
});
