import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE, driftJsonOf, requiredOf, ROOT } from '../access-report/build';
import { runMain } from './run';

/**
 * The README's `review` examples, run verbatim (argv split on spaces; `> FILE` writes stdout there), in
 * a git repository whose origin/main holds an older declaration (the shipped example without its Retire
 * lost devices flow), with the example's drift.json: what `wf-scopes diff --format json` writes (it needs the org's
 * credentials, so the diff line itself is not run).
 */
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = README.slice(README.indexOf('### review'), README.indexOf('### report'));
const examples = [...section.matchAll(/^npx wf-scopes (review [^#\n]*?)\s*(?:#.*)?$/gm)].map((m) => m[1] ?? '');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    stdio: 'ignore',
  });
}

describe("the README's review examples run verbatim", () => {
  test('there are examples, --drift among them', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.every((e) => e.includes('--drift drift.json'))).toBe(true);
  });

  test.each(examples)('npx wf-scopes %s', async (line) => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-review-readme-'));
    const base = EXAMPLE.replace(/\n {2}- name: Retire lost devices\n(?: {4}[^\n]*\n)+/, '\n');
    expect(base).not.toBe(EXAMPLE);
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'scopes.yaml'), base);
    writeFileSync(join(dir, 'last-approved.yaml'), base);
    git(dir, 'add', 'scopes.yaml');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    writeFileSync(join(dir, 'scopes.yaml'), EXAMPLE);
    // prod's app holds what the older declaration grants, plus the high-risk okta.roles.manage by hand; preview is not in the file.
    writeFileSync(join(dir, 'drift.json'), driftJsonOf(EXAMPLE, [{ org: 'prod', granted: [...requiredOf(base, 'prod'), 'okta.roles.manage'] }]));
    const [args, redirect] = line.split(' > ');
    const r = await runMain((args ?? '').split(/\s+/), { cwd: dir, env: { WF_SCOPES_TODAY: '2026-12-02' } });
    expect(r.stderr).toBe('');
    expect([0, 2]).toContain(r.code);
    if (redirect === undefined) {
      expect(r.stdout).toMatch(/^#### prod\n\n\*\*Approving grants 2 and revokes 1: 1 high risk\.\*\*$/m);
      expect(r.stdout).toContain('high risk held: **`okta.roles.manage` (not declared: approving revokes it)**');
      expect(r.stdout).toContain('- **The app differs from the base declaration:** it holds `okta.roles.manage`, which the base does not declare.');
      expect(r.stdout).toContain('- **The app holds now:** not checked (drift.json has no result for this org).');
    } else {
      expect(JSON.parse(r.stdout).drift.file).toBe('drift.json');
    }
  });
});
