import { markdownTokens, OWN_HTML } from '../support/markdown';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driftJsonOf, requiredOf } from '../access-report/build';
import { runMain } from '../cli/run';
import { ADDS_HIGH, ADDS_LOW, BASE } from './fixtures';

/**
 * `review --drift`: each org opens with what its app holds now (a `wf-scopes diff --format json` result,
 * read and verified as `report --drift` verifies it) and what approving, an apply of the new
 * declaration, grants and revokes from there.
 */

const env = { WF_SCOPES_TODAY: '2026-01-15' };
const POLICY = 'policy:\n  deny: ["okta.roles.*"]\n';

/** A folder with the change (scopes.yaml), its base (base.yaml) and, when given, drift.json. */
function folder(head: string, drift?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-review-drift-'));
  writeFileSync(join(dir, 'scopes.yaml'), head);
  writeFileSync(join(dir, 'base.yaml'), BASE);
  if (drift !== undefined) writeFileSync(join(dir, 'drift.json'), drift);
  return dir;
}

const review = (dir: string, ...args: string[]) => runMain(['review', '--base-file', 'base.yaml', ...args], { cwd: dir, env });

/** prod's app holds what the base declares plus, undeclared, the high-risk okta.apps.manage and the Realms default; dev holds what the base declares. */
function overGranted(computedFor: string, extra: string[] = []): string {
  return driftJsonOf(computedFor, [
    { org: 'prod', granted: [...requiredOf(BASE, 'prod'), 'okta.apps.manage', 'okta.realms.read', ...extra] },
    { org: 'dev', granted: requiredOf(BASE, 'dev') },
  ]);
}

/** The lines of one org's section: from its heading to the next. */
function section(markdown: string, org: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`#### ${org}`);
  expect(start).toBeGreaterThan(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('#### '));
  return lines.slice(start + 2, end < 0 ? undefined : end);
}

describe('review --drift: the decision leads each org', () => {
  test('an undeclared high-risk grant and an extra okta.realms.read lead the org block; the apply, not the diff vs base, is what counts', async () => {
    const dir = folder(ADDS_HIGH, overGranted(BASE));
    const r = await review(dir, '--drift', 'drift.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    const lead = r.stdout.split('\n')[0];
    expect(lead).toBe(
      '**wf-scopes review:** adds 2 grants in 2 orgs (2 high risk) · an apply grants 2 and revokes 2 of what the apps hold now (3 high risk, 1 connection default) · a reviewer must decide: a high-risk scope is added; an apply revokes a connection default',
    );
    expect(r.stdout).not.toContain('not checked (no --drift given)');
    const prod = section(r.stdout, 'prod');
    expect(prod[0]).toBe('**Approving grants 1 and revokes 2: 2 high risk, 1 connection default.**');
    // The revoked connection default leads, as an alert, before anything else of the block.
    expect(prod[2]).toMatch(/^> \*\*Revokes the connection default `okta\.realms\.read`\*\*: .*REVOKES it, which breaks the Okta Realms connection's authorization/);
    expect(prod[4]).toBe('- **The app holds now:** 4 granted (live grants) vs 3 declared; high risk held: **`okta.apps.manage` (not declared: approving revokes it)**.');
    expect(prod[5]).toBe('- **Approving grants (1):** `okta.users.manage` (**high**)');
    // Revoked: the connection default first (never a low-priority row), then by risk.
    expect(prod[6]).toBe('- **Approving revokes (2):** `okta.realms.read` (low, connection default of Okta Realms), `okta.apps.manage` (**high**)');
    expect(prod[7]).toMatch(/^- \*\*The app differs from the base declaration:\*\* it holds `okta\.apps\.manage`, `okta\.realms\.read`, which the base does not declare\. The tables below compare the change with its base; approving applies the new declaration to what the app holds/);
    // Then today's table of the change.
    expect(prod[9]).toBe('Adds:');
    const dev = section(r.stdout, 'dev');
    expect(dev[0]).toBe('**Approving grants 1 and revokes 0: 1 high risk.**');
    expect(dev.join('\n')).not.toContain('differs from the base');
  });

  test('a drift computed for the new declaration gives the same block; one computed for neither is refused as stale', async () => {
    const base = await review(folder(ADDS_HIGH, overGranted(BASE)), '--drift', 'drift.json');
    const head = await review(folder(ADDS_HIGH, overGranted(ADDS_HIGH)), '--drift', 'drift.json');
    expect(head.stdout).toBe(base.stdout);
    const stale = await review(folder(ADDS_HIGH, overGranted(ADDS_LOW)), '--drift', 'drift.json');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toMatch(/drift\.json:\d+:\d+: error: `orgs\[\d\]\.required`: org `(dev|prod)`: the drift was computed for another version of scopes\.yaml/);
  });

  test('a tampered drift file is refused at its key, as report refuses it, and nothing is printed', async () => {
    const doc = JSON.parse(overGranted(BASE)) as { orgs: { name: string; extra: { scope: string }[]; inSync: boolean }[] };
    const prod = doc.orgs.find((o) => o.name === 'prod')!;
    prod.extra = prod.extra.filter((e) => e.scope !== 'okta.apps.manage');
    const r = await review(folder(ADDS_HIGH, `${JSON.stringify(doc, null, 2)}\n`), '--drift', 'drift.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/drift\.json:\d+:\d+: error: `orgs\[\d\]\.extra`: lists okta\.realms\.read, but `granted` and `required` give okta\.apps\.manage, okta\.realms\.read/);
    const report = await runMain(['report', '--config', 'scopes.yaml', '--drift', 'drift.json', '--format', 'markdown'], { cwd: folder(BASE, `${JSON.stringify(doc, null, 2)}\n`), env });
    expect(report.code).toBe(1);
    expect(report.stderr).toBe(r.stderr);
  });

  test('an org the drift does not cover, and one the diff could not read, are not checked, never in sync', async () => {
    const drift = driftJsonOf(BASE, [{ org: 'prod', granted: requiredOf(BASE, 'prod') }], [{ org: 'dev', code: 'okta-unauthorized', message: 'Okta answered 401' }]);
    const r = await review(folder(ADDS_HIGH, drift), '--drift', 'drift.json');
    expect(r.code).toBe(2);
    expect(section(r.stdout, 'dev')[0]).toBe('- **The app holds now:** **NOT CHECKED**: the diff could not read this org (okta-unauthorized: Okta answered 401).');
    expect(r.stdout.split('\n')[0]).toContain('1 org not checked');
    const none = await review(folder(ADDS_HIGH, driftJsonOf(BASE, [{ org: 'prod', granted: requiredOf(BASE, 'prod') }])), '--drift', 'drift.json');
    expect(section(none.stdout, 'dev')[0]).toBe('- **The app holds now:** not checked (drift.json has no result for this org).');
  });

  test('json carries the same facts; findings add WFS002 for each grant an apply revokes', async () => {
    const r = await review(folder(`${ADDS_HIGH}${POLICY}`, overGranted(BASE)), '--drift', 'drift.json', '--format', 'json');
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.drift).toEqual({ file: 'drift.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(doc.policy.declared).toBe(true);
    const prod = doc.orgs.find((o: { name: string }) => o.name === 'prod');
    expect(prod.live).toMatchObject({
      kind: 'checked',
      source: 'okta',
      count: 4,
      declaredScopes: 3,
      high: [{ scope: 'okta.apps.manage', declared: false }],
      unknown: [],
      apply: {
        adds: [{ scope: 'okta.users.manage', risk: { level: 'high' } }],
        revokes: [
          { scope: 'okta.realms.read', risk: { level: 'low' }, breaksConnections: ['Okta Realms'] },
          { scope: 'okta.apps.manage', risk: { level: 'high' } },
        ],
      },
      baseDiffers: { undeclared: ['okta.apps.manage', 'okta.realms.read'], lacking: [] },
    });
    expect(Object.keys(prod)).toEqual(['name', 'status', 'live', 'added', 'removed']);
    expect(doc.findings.filter((f: { rule: string }) => f.rule === 'WFS002').map((f: { org: string; scope: string }) => [f.org, f.scope])).toEqual([
      ['prod', 'okta.apps.manage'],
      ['prod', 'okta.realms.read'],
    ]);
    const gh = await review(folder(`${ADDS_HIGH}${POLICY}`, overGranted(BASE)), '--drift', 'drift.json', '--format', 'github');
    expect(gh.stdout).toMatch(/^::warning file=scopes\.yaml,line=\d+,col=\d+,title=[^:]*::prod: Scope okta\.realms\.read is not declared \(live grants, app [^)]+\) but is granted by default with the Okta Realms connection/m);
  });
});

describe('review --drift: orgs without a stack, and a plan base', () => {
  test('a removed org shows what its app holds, and that no apply changes it', async () => {
    const head = BASE.replace('  - name: dev\n    domain: acme.oktapreview.com\n', '');
    const r = await review(folder(head, overGranted(BASE)), '--drift', 'drift.json');
    expect(r.stderr).toBe('');
    const dev = section(r.stdout, 'dev');
    expect(dev.slice(0, 2)).toEqual(['- **The app holds now:** 2 granted (live grants) vs 0 declared; high risk held: none.', '- **Approving:** no apply changes these grants (no stack for this org).']);
    expect(dev.join('\n')).toContain('Removed from the declaration: no apply changes its grants');
  });

  test('with --plan, the drift is held against the new declaration and leads the org', async () => {
    const dir = folder(ADDS_HIGH, overGranted(ADDS_HIGH));
    const after = requiredOf(ADDS_HIGH, 'prod');
    const change = { actions: ['update'], before: { issuer: 'https://acme.okta.com', scopes: requiredOf(BASE, 'prod') }, after: { issuer: 'https://acme.okta.com', scopes: after }, after_unknown: {} };
    const plan = { format_version: '1.2', terraform_version: '1.9.8', resource_changes: [{ address: 'okta_app_oauth_api_scope.workflows_oauth', mode: 'managed', type: 'okta_app_oauth_api_scope', name: 'workflows_oauth', change }] };
    writeFileSync(join(dir, 'prod.json'), JSON.stringify(plan));
    const r = await runMain(['review', '--plan', 'prod.json', '--drift', 'drift.json'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(section(r.stdout, 'prod')[0]).toBe('**Approving grants 1 and revokes 2: 2 high risk, 1 connection default.**');
    expect(r.stdout).not.toContain('differs from the base declaration');
    // A drift computed for the base is stale here: a plan base has no declaration to hold it against.
    writeFileSync(join(dir, 'drift.json'), overGranted(BASE));
    const stale = await runMain(['review', '--plan', 'prod.json', '--drift', 'drift.json'], { cwd: dir, env });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('the drift was computed for another version of scopes.yaml');
  });
});

describe('review without --drift, and the policy status', () => {
  test('no --drift: "not checked" once, not per org; no policy: a finding to act on', async () => {
    const r = await review(folder(ADDS_HIGH));
    expect(r.stdout.match(/What the app holds now: not checked \(no --drift given\)\./g)).toHaveLength(1);
    expect(r.stdout).toContain('Compared `scopes.yaml` with `base.yaml`. What the app holds now: not checked (no --drift given).');
    expect(r.stdout).toContain('#### Policy\n\n- :warning: **NO POLICY: scopes.yaml declares no policy section, so nothing is denied and no high-risk scope needs a reason. Add a `policy:` section (deny, requireReason).**');
    const json = JSON.parse((await review(folder(ADDS_HIGH), '--format', 'json')).stdout);
    expect([json.drift, json.policy.declared]).toEqual([null, false]);
  });

  test('with a policy, no such line; nothing changed: the lead line alone, as before', async () => {
    const r = await review(folder(`${ADDS_HIGH}${POLICY}`));
    expect(r.stdout).not.toContain('NO POLICY');
    const same = await review(folder(BASE));
    expect(same.stdout).toBe('**wf-scopes review:** no scope changes\n');
  });
});

describe('review --drift: what the file says is escaped', () => {
  const EVIL = 'x``<img src=x onerror=alert(1)>`` [y](https://evil) **z** @team';

  test('a scope name and an error message from the drift file are text, never markup', async () => {
    const drift = driftJsonOf(BASE, [{ org: 'prod', granted: [...requiredOf(BASE, 'prod'), `okta.${EVIL}`] }], [{ org: 'dev', code: 'okta-error', message: EVIL }]);
    const r = await review(folder(ADDS_HIGH, drift), '--drift', 'drift.json');
    expect(r.code).toBe(2);
    const all = markdownTokens(r.stdout);
    for (const t of all.filter((x) => x.type === 'html_inline' || x.type === 'html_block')) {
      for (const tag of t.content.match(/<[^>]*>/g) ?? []) expect(OWN_HTML).toContain(tag);
    }
    expect(all.filter((t) => t.type === 'image' || t.type === 'link_open')).toEqual([]);
    const shown = all.filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content);
    // The scope, whole, in one code span; the message as text (no @mention: a zero-width joiner breaks it).
    expect(shown).toContain(`okta.${EVIL}`);
    expect(shown.join('')).toContain('x``<img src=x onerror=alert(1)>`` [y](https://evil) **z** @\u200dteam');
  });
});
