/**
 * The README's pipeline snippet, run verbatim under `bash -e`: drift (diff exit 2) is captured and
 * reported, an unreadable org (exit 1) stops the script. npm, terraform and the org are stand-ins
 * (no registry, no Okta): `./node_modules/.bin/wf-scopes` is the real CLI, and its `diff` reads a
 * Terraform state file instead of the org, so the exit codes are the tool's own. npx must not be called.
 * The pre-commit hook runs in a real git repository.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { MINIMAL } from '../fixtures';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'wf-scopes.js');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## In a pipeline'));
const SNIPPET = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
const HOOK = /```sh\n(#!\/bin\/sh\n[\s\S]*?)```/.exec(section)?.[1] ?? '';

const REQUIRED = ['okta.apps.read', 'okta.eventHooks.manage', 'okta.logs.read', 'okta.users.manage', 'okta.users.read'];

function state(scopes: string[]): string {
  const values = { app_id: '0oa1', id: '0oa1', issuer: 'https://acme.okta.com', scopes };
  return JSON.stringify({ format_version: '1.0', values: { root_module: { resources: [{ address: 'okta_app_oauth_api_scope.x', mode: 'managed', type: 'okta_app_oauth_api_scope', name: 'x', values }] } } });
}

function stub(dir: string, name: string, body: string): void {
  writeFileSync(join(dir, name), `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
}

/** The project's installed bin, as `npm ci` leaves it: ./node_modules/.bin/wf-scopes runs the real CLI. */
function installBin(dir: string, before: string[] = []): void {
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  stub(join(dir, 'node_modules', '.bin'), 'wf-scopes', [...before, `exec "${process.execPath}" "${BIN}" "$@"`].join('\n'));
}

function pipeline(stateFile: string | undefined): { code: number | null; stdout: string; stderr: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wf-pipeline-'));
  const bin = join(dir, 'stubs');
  mkdirSync(bin);
  writeFileSync(join(dir, 'scopes.yaml'), MINIMAL);
  if (stateFile) writeFileSync(join(dir, 'state.json'), stateFile);
  stub(bin, 'npm', 'echo "npm $*" >> calls.log');
  stub(bin, 'terraform', 'echo "terraform $*" >> calls.log');
  stub(bin, 'npx', 'echo "unexpected: npx $*" >&2; exit 99');
  installBin(dir, [`if [ "$1" = diff ]; then exec "${process.execPath}" "${BIN}" "$@" --source state --file state.json; fi`]);
  writeFileSync(join(dir, 'pipeline.sh'), SNIPPET);
  const r = spawnSync('bash', ['-e', 'pipeline.sh'], {
    cwd: dir,
    env: { PATH: [bin, ...(process.env.PATH ?? '').split(delimiter)].join(delimiter), HOME: dir, WF_SCOPES_TODAY: '2026-01-15' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, dir };
}

describe("the README's pipeline snippet under bash -e", () => {
  test('is there, and runs diff twice', () => {
    expect(SNIPPET).toContain('$wf diff --format markdown > drift.md');
    expect(SNIPPET).toContain('wf=./node_modules/.bin/wf-scopes');
    expect(SNIPPET).not.toMatch(/\bnpx\b/);
    expect(SNIPPET.match(/\$wf diff/g)).toHaveLength(2);
  });

  test('drift (exit 2) is captured: the script goes on, writes both reports and says so', () => {
    const r = pipeline(state(['okta.apps.read']));
    expect(r.stderr).not.toContain('unexpected');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('drift: post drift.md');
    expect(readFileSync(join(r.dir, 'drift.md'), 'utf8')).toMatch(/^\*\*wf-scopes:\*\* prod: 4 missing/);
    expect(JSON.parse(readFileSync(join(r.dir, 'drift.sarif'), 'utf8')).version).toBe('2.1.0');
    // The steps before diff really ran: the real synth wrote the stack terraform then planned.
    expect(existsSync(join(r.dir, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'))).toBe(true);
    expect(readFileSync(join(r.dir, 'calls.log'), 'utf8')).toMatch(/terraform -chdir=cdktf.out\/stacks\/prod plan/);
  }, 120_000);

  test('in sync (exit 0): the script succeeds and reports no drift', () => {
    const r = pipeline(state(REQUIRED));
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('drift:');
  }, 120_000);

  test('an error (exit 1) stops the script', () => {
    const r = pipeline(undefined);
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toContain('drift:');
    expect(existsSync(join(r.dir, 'drift.sarif'))).toBe(false);
  }, 120_000);
});

describe("the README's pre-commit hook", () => {
  function commit(yaml: string | undefined): { code: number | null; stderr: string } {
    const dir = mkdtempSync(join(tmpdir(), 'wf-hook-'));
    installBin(dir);
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    writeFileSync(join(dir, '.git', 'hooks', 'pre-commit'), HOOK);
    chmodSync(join(dir, '.git', 'hooks', 'pre-commit'), 0o755);
    writeFileSync(join(dir, 'other.txt'), 'x\n');
    git('add', 'other.txt');
    if (yaml !== undefined) {
      writeFileSync(join(dir, 'scopes.yaml'), yaml);
      git('add', 'scopes.yaml');
    }
    const r = git('commit', '-q', '-m', 'test');
    return { code: r.status, stderr: r.stderr };
  }

  test('is there and calls the installed bin', () => {
    expect(HOOK).toContain('./node_modules/.bin/wf-scopes check');
  });

  test('lets a valid declaration through, refuses an invalid one, and ignores commits without it', () => {
    expect(commit(MINIMAL).code).toBe(0);
    const bad = commit(MINIMAL.replace('Okta/Deactivate User', 'Okta/Deactivate Usr'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('unknown card');
    expect(commit(undefined).code).toBe(0);
  }, 120_000);
});
