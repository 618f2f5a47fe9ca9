import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runMain } from '../cli/run';
import { ROOT } from './build';
import { REPORT_YAML } from './fixtures';

/** The shipped example in a fresh folder, plus a Terraform state for `diff --source state`. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-report-'));
  copyFileSync(join(ROOT, 'scopes.yaml'), join(dir, 'scopes.yaml'));
  writeFileSync(
    join(dir, 'state.json'),
    JSON.stringify({
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            {
              address: 'okta_app_oauth_api_scope.grants',
              mode: 'managed',
              type: 'okta_app_oauth_api_scope',
              name: 'grants',
              values: { app_id: '0oa8x2k4lq9ZrT3bN5d7', issuer: 'https://acme.okta.com', scopes: ['okta.apps.manage', 'okta.logs.read', 'okta.roles.manage', 'okta.users.manage', 'okta.users.read'] },
            },
          ],
        },
      },
    }),
  );
  return dir;
}

const env = { WF_SCOPES_TODAY: '2026-12-02' };

describe('wf-scopes report', () => {
  test('--output report.html on the shipped example writes one self-contained page', async () => {
    const dir = workspace();
    const r = await runMain(['report', '--output', 'report.html'], { cwd: dir, env });
    expect(r.stderr).toBe('wrote report.html: 2 orgs, 21 scope grants, ' + readFileSync(join(dir, 'report.html')).length + ' bytes\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('data-org="prod"');
    expect(html).toContain('data-org="preview"');
    // Nothing else was left in the folder (no temporary file).
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'scopes.yaml', 'state.json']);
    // Reproducible: the same input and date give the same bytes.
    expect((await runMain(['report'], { cwd: dir, env })).stdout).toBe(html);
  });

  test('--drift with a real `diff --format json` result shows missing and extra scopes', async () => {
    const dir = workspace();
    const diff = await runMain(['diff', '--org', 'prod', '--source', 'state', '--file', 'state.json', '--format', 'json'], { cwd: dir, env });
    expect(diff.code).toBe(2);
    writeFileSync(join(dir, 'drift.json'), diff.stdout);
    const r = await runMain(['report', '--drift', 'drift.json', '--format', 'markdown'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**DRIFT against the Terraform state: 7 missing, 1 covered by a broader scope, 1 extra.**');
    expect(r.stdout).toContain('| `okta.roles.manage` | **high** |');
    expect(r.stdout).toContain('| `okta.groups.manage` | **high** | Offboard contractor: Okta/Remove User from Group<br>Onboard employee: Okta/Add User to Group | — |');
    expect(r.stdout).toContain('Drift: **not checked** (drift.json has no result for this org)');
  });

  test('a failed run writes nothing and leaves an existing report untouched', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'report.html'), 'previous report\n');
    writeFileSync(join(dir, 'drift.json'), '{"orgs": [');
    const cut = await runMain(['report', '--drift', 'drift.json', '--output', 'report.html'], { cwd: dir, env });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toBe('drift.json:1:11: error: not valid JSON: unexpected end of input\n  the file is cut short: the diff may have failed, rerun it\n');
    const missing = await runMain(['report', '--drift', 'nope.json', '--output', 'report.html'], { cwd: dir, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('--drift: error: cannot read nope.json: no such file\n  write it first: `wf-scopes diff --format json > drift.json` (exit 0 or 2 means it finished)\n');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe('previous report\n');
    expect(readdirSync(dir).sort()).toEqual(['drift.json', 'report.html', 'scopes.yaml', 'state.json']);
    const noFolder = await runMain(['report', '--output', 'out/report.html'], { cwd: dir, env });
    expect(noFolder.stderr).toBe('--output: error: the folder of out/report.html does not exist\n  create it first, or write the report elsewhere\n');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('policy violations are in the report, and noted on stderr; the report is still written', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'scopes.yaml'), REPORT_YAML);
    const r = await runMain(['report', '--output', 'report.html'], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^note: 1 policy violation \(shown in the report; `wf-scopes check` fails on them\)\nwrote report\.html: 2 orgs, 14 scope grants, \d+ bytes\n$/);
  });

  test('--output replaces an earlier report larger than a scopes.yaml may be', async () => {
    const dir = workspace();
    // A report of thousands of flows is several MB: over the 4 MiB scopes.yaml cap, which must not apply.
    writeFileSync(join(dir, 'report.html'), 'x'.repeat(5 * 1024 * 1024));
    const r = await runMain(['report', '--output', 'report.html'], { cwd: dir, env });
    expect(r.stderr).toMatch(/^wrote report\.html: /);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8').startsWith('<!DOCTYPE html>')).toBe(true);
  });

  test('a FIFO or a nesting bomb as input ends in a clear error, never a hang', async () => {
    const dir = workspace();
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    // FIFOs in a process: a regression that blocks on open would hang the test runner itself.
    const config = runCli(['report', '--config', 'pipe', '--output', 'report.html'], { cwd: dir, env });
    expect(config.code).toBe(1);
    expect(config.stderr).toMatch(/^--config: error: cannot read pipe: a FIFO/);
    const drift = runCli(['report', '--drift', 'pipe', '--output', 'report.html'], { cwd: dir, env });
    expect(drift.code).toBe(1);
    expect(drift.stderr).toMatch(/^--drift: error: cannot read pipe: a FIFO/);
    writeFileSync(join(dir, 'deep.json'), '['.repeat(100000));
    const deep = await runMain(['report', '--drift', 'deep.json', '--output', 'report.html'], { cwd: dir, env });
    expect(deep.code).toBe(1);
    expect(deep.stderr).toMatch(/^--drift: error: deep\.json:1:\d+: nested deeper than \d+ levels/);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });

  test('flag errors name the flag and the fix', async () => {
    const dir = workspace();
    expect((await runMain(['report', '--org', 'prd'], { cwd: dir, env })).stderr).toBe('--org: error: no org `prd` in scopes.yaml\n  did you mean `prod`?\n');
    expect((await runMain(['report', '--now', '2026-13-01'], { cwd: dir, env })).stderr).toBe(
      '--now: error: expected a date (2026-12-31) or a date-time with a zone (2026-12-31T09:30:00Z), got "2026-13-01"\n  e.g. --now 2026-12-31\n',
    );
    const badFormat = await runMain(['report', '--format', 'pdf'], { cwd: dir, env });
    expect(badFormat.code).toBe(1);
    expect(badFormat.stderr).toContain("argument 'pdf' is invalid. Allowed choices are html, markdown.");
  });

  test('--now pins generated-at and the day exceptions expire by', async () => {
    const dir = workspace();
    const r = await runMain(['report', '--org', 'prod', '--now', '2027-03-04T05:06:07Z', '--format', 'markdown'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Generated 2027-03-04T05:06:07Z by wf-scopes');
    expect(r.stdout).toContain('Exceptions are judged as of 2027-03-04.');
    expect(r.stdout).not.toContain('## preview');
  });
});
