import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { riskOf } from '../../src/core/risk';
import { MINIMAL } from '../fixtures';
import { runMain } from './run';

const dir = mkdtempSync(join(tmpdir(), 'wf-check-'));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};

describe('wf-scopes check', () => {
  test('--format json matches the contract exactly', async () => {
    write('scopes.yaml', MINIMAL);
    const r = await runMain(['check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['orgs', 'warnings', 'findings']);
    expect(Object.keys(doc.orgs[0])).toEqual(['name', 'domain', 'issuer', 'app', 'scopes']);
    expect(doc.orgs[0]).toMatchObject({ name: 'prod', domain: 'acme.okta.com', issuer: 'https://acme.okta.com' });
    expect(doc.orgs[0].scopes[2]).toEqual({
      scope: 'okta.logs.read',
      neededBy: [{ flow: 'Offboard contractor', connector: 'Okta', card: 'Search System Logs' }],
      reasons: [],
      risk: { level: 'medium', rationale: riskOf('okta.logs.read').rationale },
    });
    expect(doc.orgs[0].scopes[0]).toEqual({
      scope: 'okta.apps.read',
      neededBy: [],
      reasons: ['Quarterly access report reads app assignments'],
      risk: { level: 'medium', rationale: riskOf('okta.apps.read').rationale },
    });
    // risk is appended: the keys existing consumers read keep their order.
    expect(Object.keys(doc.orgs[0].scopes[0])).toEqual(['scope', 'neededBy', 'reasons', 'risk']);
    const manage = doc.orgs[0].scopes.find((s: { scope: string }) => s.scope === 'okta.users.manage');
    expect(manage.risk.level).toBe('high');
    expect(doc.warnings.map((w: { code: string }) => w.code)).toContain('inferred-card');
  });

  test('output is byte-identical across runs', async () => {
    write('scopes.yaml', MINIMAL);
    const a = await runMain(['check', '--format', 'json'], { cwd: dir });
    const b = await runMain(['check', '--format', 'json'], { cwd: dir });
    expect(a.stdout).toBe(b.stdout);
  });

  test('text format lists scopes and why', async () => {
    const r = await runMain(['check', '--config', write('t.yaml', MINIMAL)], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('okta.logs.read');
    expect(r.stdout).toContain('Offboard contractor: Okta/Search System Logs');
    // Each scope line carries its risk level in a column of its own.
    expect(r.stdout).toMatch(/^ {2}okta\.users\.manage +high {4}Offboard contractor: Okta\/Deactivate User$/m);
    expect(r.stdout).toMatch(/^ {2}okta\.logs\.read +medium {2}Offboard contractor: Okta\/Search System Logs$/m);
    expect(r.stdout).toContain('extraScopes: Quarterly access report reads app assignments');
  });

  test('invalid input: exit 1, every error located, nothing on stdout', async () => {
    const r = await runMain(['check', '--config', write('bad.yaml', MINIMAL.replace('Okta/Deactivate User', 'Okta/Deactivate Usr').replace('okta.apps.read', 'okta.app.read'))], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.yaml:9:9: error: unknown card `Okta/Deactivate Usr`');
    expect(r.stderr).toContain('did you mean `Okta/Deactivate User`');
    expect(r.stderr).toContain('bad.yaml:13:12: error: unknown scope `okta.app.read`');
    expect(r.stderr).toContain('2 errors');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  test('missing file names the flag', async () => {
    const r = await runMain(['check', '--config', 'nope.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--config: error: cannot read nope.yaml: no such file');
  });

  test('WF_SCOPES_FILE picks the declaration', async () => {
    write('other.yaml', MINIMAL);
    const r = await runMain(['check', '--format', 'json'], { cwd: dir, env: { WF_SCOPES_FILE: 'other.yaml' } });
    expect(r.code).toBe(0);
  });

  test('bad flag value and unknown command exit 1 with a message', async () => {
    const a = await runMain(['check', '--format', 'xml'], { cwd: dir });
    expect(a.code).toBe(1);
    expect(a.stderr).toContain("argument 'xml' is invalid");
    const b = await runMain(['chek'], { cwd: dir });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('(Did you mean check?)');
  });

  test('--help exits 0 and lists commands', async () => {
    const r = await runMain(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('check');
  });
});

describe('wf-scopes --version', () => {
  test('prints the version kept in package.json', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../package.json') as { version: string };
    const r = await runMain(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});
