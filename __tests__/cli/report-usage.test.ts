import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
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
    const html = await runMain(['report', '--usage', 'usage.json'], { cwd: dir, env });
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('<h2>Last seen (System Log)</h2>');
    expect(html.stdout).toContain(hash);
  });

  test('a malformed usage file is refused at its line and column; nothing is written', async () => {
    const bad = JSON.stringify({ ...USAGE, orgs: [{ ...USAGE.orgs[0], scopes: [{ scope: 'okta.users.manage', observable: 'writes', writes: [{ count: 0, lastSeen: 'yesterday' }] }] }] }, null, 2);
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
    expect(r.stdout).toContain('| prod | `okta.groups.manage` | removed | 2 writes, last seen 2026-12-01 |');
    expect(r.stdout).toContain(createHash('sha256').update(JSON.stringify(usage)).digest('hex'));
    const j = await runMain(['review', '--base-file', 'base.yaml', '--usage', 'usage.json', '--format', 'json'], { cwd: dir, env });
    expect(JSON.parse(j.stdout).usage.scopes).toEqual([{ org: 'prod', scope: 'okta.groups.manage', change: 'removed', lastSeen: '2 writes, last seen 2026-12-01' }]);
    const sarif = await runMain(['review', '--base-file', 'base.yaml', '--usage', 'usage.json', '--format', 'sarif'], { cwd: dir, env });
    expect(sarif.code).toBe(1);
  });
});
