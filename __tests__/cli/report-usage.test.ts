import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINIMAL } from '../fixtures';
import { runMain } from './run';

const ROOT = join(__dirname, '..', '..');
const env = { WF_SCOPES_TODAY: '2026-12-02' };

const USAGE = {
  since: '2026-11-02T00:00:00.000Z',
  until: '2026-12-02T00:00:00.000Z',
  note: 'x',
  orgs: [
    {
      org: 'prod',
      checked: true,
      events: 4,
      scopes: [
        { scope: 'okta.groups.manage', declared: false, observable: 'writes', writes: [{ path: '/api/v1/groups/{groupId}/users/{userId}', eventType: 'group.user_membership.add', count: 1, lastSeen: '2026-11-30T09:00:00.000Z' }] },
        { scope: 'okta.users.manage', declared: true, observable: 'writes', writes: [{ method: 'POST', path: '/api/v1/users/{id}/lifecycle/deactivate', eventType: 'user.lifecycle.deactivate', count: 3, lastSeen: '2026-12-01T10:00:00.000Z' }] },
        { scope: 'okta.users.read', declared: true, observable: 'not-observable', writes: [] },
      ],
      unexplained: [{ path: '/api/v1/groups/00g1/users/00u3', eventType: 'group.user_membership.add', scope: 'okta.groups.manage', why: 'undeclared-scope', count: 1, lastSeen: '2026-11-30T09:00:00.000Z' }],
    },
  ],
  errors: [],
};

function workspace(usage: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-report-usage-'));
  copyFileSync(join(ROOT, 'scopes.yaml'), join(dir, 'scopes.yaml'));
  writeFileSync(join(dir, 'usage.json'), usage);
  return dir;
}

describe('report --usage', () => {
  test('shows last-seen evidence per scope, reads as not observable, unexplained writes, and pins the file by hash', async () => {
    const text = JSON.stringify(USAGE, null, 2);
    const dir = workspace(text);
    const hash = createHash('sha256').update(text).digest('hex');
    const md = await runMain(['report', '--format', 'markdown', '--usage', 'usage.json'], { cwd: dir, env });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(`the usage result \`usage.json\` (SHA-256 \`${hash}\`)`);
    expect(md.stdout).toContain('| `okta.users.manage` | 3 writes, last seen 2026-12-01 |');
    expect(md.stdout).toContain('| `okta.users.read` | not observable (reads are not logged) |');
    expect(md.stdout).toContain('Unexplained writes (1): `/api/v1/groups/00g1/users/00u3` (last 2026-11-30)');
    // The unexplained write counts on its scope's own line too, flagged as unexplained.
    expect(md.stdout).toContain('| `okta.groups.manage` | 1 write, last seen 2026-11-30, 1 unexplained (no declared card needs this scope) |');
    // A declared org the file does not cover is not silently left out.
    expect(md.stdout).toContain('### preview\n\nNot checked: usage.json has no result for this org');
    const html = await runMain(['report', '--usage', 'usage.json'], { cwd: dir, env });
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('<h2>Last seen (System Log)</h2>');
    expect(html.stdout).toContain(hash);
    expect(html.stdout).toContain('<h3>preview</h3>\n<p>Not checked: usage.json has no result for this org</p>');
  });

  test('an org the usage run could not read is "not checked" with its reason', async () => {
    const dir = workspace(JSON.stringify({ ...USAGE, errors: [{ org: 'preview', code: 'okta-auth', message: 'the token was refused (401)' }] }));
    const md = await runMain(['report', '--format', 'markdown', '--usage', 'usage.json'], { cwd: dir, env });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('### preview\n\nNot checked: the usage run could not read this org: the token was refused (401)');
  });

  test('a usage file whose claims were edited is refused at the key, with the fix; nothing is written', async () => {
    const edited = JSON.stringify({ ...USAGE, orgs: [{ ...USAGE.orgs[0], scopes: USAGE.orgs[0].scopes.map((x) => (x.scope === 'okta.users.read' ? { ...x, observable: 'writes' } : x)) }] }, null, 2);
    const dir = workspace(edited);
    const r = await runMain(['report', '--format', 'markdown', '--usage', 'usage.json', '--output', 'out.md'], { cwd: dir, env });
    expect(r.code).toBe(1);
    // Where the edited value starts: its line, and its column after `"observable": `.
    const i = edited.indexOf('"observable"', edited.indexOf('"okta.users.read"')) + '"observable": '.length;
    const line = edited.slice(0, i).split('\n').length;
    const column = i - edited.lastIndexOf('\n', i);
    expect(r.stderr).toContain(`usage.json:${line}:${column}: error: orgs[0].scopes[2].observable must be "not-observable": okta.users.read is a read scope, and Okta does not log reads`);
    expect(r.stderr).toContain('re-run `wf-scopes usage --format json > FILE` and pass its output unedited');
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'out.md'))).toBe(false);
  });

  test('a malformed usage file is refused at its line and column; nothing is written', async () => {
    const bad = JSON.stringify({ ...USAGE, orgs: [{ ...USAGE.orgs[0], scopes: [{ scope: 'okta.users.manage', declared: true, observable: 'writes', writes: [{ path: '/api/v1/users', eventType: 'user.lifecycle.create', count: 0, lastSeen: 'yesterday' }] }] }] }, null, 2);
    const dir = workspace(bad);
    const r = await runMain(['report', '--format', 'markdown', '--usage', 'usage.json', '--output', 'out.md'], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/usage\.json:\d+:\d+: .*orgs\[0\]\.scopes\[0\]\.writes\[0\]\.count must be a whole number/);
    const dup = workspace('{"since": "2026-11-02T00:00:00.000Z", "since": "2026-11-03T00:00:00.000Z", "until": "2026-12-02T00:00:00.000Z", "orgs": []}');
    const d = await runMain(['report', '--usage', 'usage.json'], { cwd: dup, env });
    expect(d.code).toBe(1);
    expect(d.stderr).toContain('since is given twice');
  });
});

describe('review --usage', () => {
  const base = `${MINIMAL}  - scope: okta.groups.manage\n    reason: Group sync\n`;
  const usage = {
    ...USAGE,
    orgs: [
      {
        ...USAGE.orgs[0],
        scopes: [{ scope: 'okta.groups.manage', declared: false, observable: 'writes', writes: [{ path: '/api/v1/groups/{groupId}/users/{userId}', eventType: 'group.user_membership.add', count: 2, lastSeen: '2026-12-01T08:00:00.000Z' }] }],
        unexplained: [
          { path: '/api/v1/groups/00g1/users/00u3', eventType: 'group.user_membership.add', scope: 'okta.groups.manage', why: 'undeclared-scope', count: 1, lastSeen: '2026-11-30T09:00:00.000Z' },
          { path: '/api/v1/groups/00g2/users/00u4', eventType: 'group.user_membership.add', scope: 'okta.groups.manage', why: 'undeclared-scope', count: 1, lastSeen: '2026-12-01T08:00:00.000Z' },
        ],
      },
    ],
  };

  function repo(): string {
    const dir = mkdtempSync(join(tmpdir(), 'wf-review-usage-'));
    writeFileSync(join(dir, 'scopes.yaml'), MINIMAL);
    writeFileSync(join(dir, 'base.yaml'), base);
    writeFileSync(join(dir, 'usage.json'), JSON.stringify(usage));
    return dir;
  }

  test('a removed scope shows when its last write was seen; the usage file is pinned by hash', async () => {
    const dir = repo();
    const r = await runMain(['review', '--base-file', 'base.yaml', '--usage', 'usage.json', '--format', 'markdown'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('| prod | `okta.groups.manage` | removed | 2 writes, last seen 2026-12-01, 2 unexplained (no declared card needs this scope) |');
    expect(r.stdout).toContain(createHash('sha256').update(JSON.stringify(usage)).digest('hex'));
    const j = await runMain(['review', '--base-file', 'base.yaml', '--usage', 'usage.json', '--format', 'json'], { cwd: dir, env });
    expect(JSON.parse(j.stdout).usage.scopes).toEqual([{ org: 'prod', scope: 'okta.groups.manage', change: 'removed', lastSeen: '2 writes, last seen 2026-12-01, 2 unexplained (no declared card needs this scope)' }]);
    // An org the file does not cover is "not checked", never silence.
    writeFileSync(join(dir, 'usage.json'), JSON.stringify({ ...usage, orgs: [] }));
    const uncovered = await runMain(['review', '--base-file', 'base.yaml', '--usage', 'usage.json', '--format', 'markdown'], { cwd: dir, env });
    expect(uncovered.stdout).toContain('| prod | `okta.groups.manage` | removed | not checked: usage.json has no result for this org |');
    const sarif = await runMain(['review', '--base-file', 'base.yaml', '--usage', 'usage.json', '--format', 'sarif'], { cwd: dir, env });
    expect(sarif.code).toBe(1);
  });
});
