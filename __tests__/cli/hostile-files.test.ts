import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MINIMAL } from '../fixtures';
import { exportText, OKTA, card, tempDir } from '../scan/helpers';
import { runCli, runMain } from './run';

// Hostile inputs and targets through the CLI (in-process; FIFOs and devices in a child process): each
// one is refused with a located error and exit 1, fast, and without touching the target.

jest.setTimeout(120_000);

const noInternalError = (text: string): void => {
  expect(text).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(text).not.toMatch(/Maximum call stack|RangeError|TypeError/);
};

function exportsDir(): string {
  const dir = tempDir('wf-hostile-files-');
  mkdirSync(join(dir, 'exports'));
  writeFileSync(join(dir, 'exports', 'logs.flow'), exportText([{ id: 'l', name: 'Nightly logs', methods: [card(OKTA('searchSystemLogs'), { uuid: 's' })] }]));
  return dir;
}

describe('--config', () => {
  test('a FIFO exits 1 at once, naming it', () => {
    const dir = tempDir('wf-fifo-');
    spawnSync('mkfifo', [join(dir, 'scopes.yaml')]);
    // A process: a regression that blocks on opening the FIFO would hang the test runner itself.
    const r = runCli(['check', '--config', 'scopes.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--config: error: cannot read scopes.yaml: a FIFO (named pipe), not a regular file');
  });

  test('/dev/zero exits 1 without reading it', () => {
    // A process: a regression that reads /dev/zero would exhaust the test runner's memory.
    const r = runCli(['check', '--config', '/dev/zero']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a device, not a regular file');
  });

  test('a 5 MB nesting bomb ends in under 15 s: over the size cap, and with the cap raised, at the depth cap, located', async () => {
    const dir = tempDir('wf-bomb-');
    writeFileSync(join(dir, 'scopes.yaml'), `version: 1\norgs: ${'['.repeat(5 * 1024 * 1024)}\n`);
    const t0 = Date.now();
    const r = await runMain(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--config: error: cannot read scopes.yaml: too large to read: 5242898 bytes, the limit is 4194304 bytes (WF_SCOPES_MAX_YAML_BYTES)');
    const raised = await runMain(['check'], { cwd: dir, env: { WF_SCOPES_MAX_YAML_BYTES: String(8 * 1024 * 1024) } });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(raised.code).toBe(1);
    expect(raised.stderr).toContain('scopes.yaml:2:206: error: nested deeper than 200 levels (WF_SCOPES_MAX_DEPTH)');
    noInternalError(raised.stderr);
  });

  test('the size cap is WF_SCOPES_MAX_YAML_BYTES; a file over it is not read', async () => {
    const dir = tempDir('wf-cap-');
    writeFileSync(join(dir, 'scopes.yaml'), MINIMAL);
    expect((await runMain(['check'], { cwd: dir })).code).toBe(0);
    const r = await runMain(['check'], { cwd: dir, env: { WF_SCOPES_MAX_YAML_BYTES: '100' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the limit is 100 bytes (WF_SCOPES_MAX_YAML_BYTES)');
    expect((await runMain(['check'], { cwd: dir, env: { WF_SCOPES_MAX_YAML_BYTES: '12MB' } })).stderr).toContain('WF_SCOPES_MAX_YAML_BYTES must be a positive whole number');
  });

  test('merge keys are bounded like aliases', async () => {
    const dir = tempDir('wf-merge-');
    const merges = Array.from({ length: 150 }, (_, i) => `x${i}: &a${i}\n  <<: {k: v}`).join('\n');
    writeFileSync(join(dir, 'scopes.yaml'), `${merges}\n`);
    const r = await runMain(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/scopes\.yaml:\d+:3: error: more than 100 YAML merge keys/);
  });
});

describe('diff --source plan|state --file', () => {
  test('a FIFO and a JSON nesting bomb: exit 1, located, no internal error', async () => {
    const dir = tempDir('wf-tfjson-');
    writeFileSync(join(dir, 'scopes.yaml'), MINIMAL);
    spawnSync('mkfifo', [join(dir, 'plan.json')]);
    // A process: a regression that blocks on opening the FIFO would hang the test runner itself.
    const fifo = runCli(['diff', '--source', 'plan', '--file', 'plan.json'], { cwd: dir });
    expect(fifo.code).toBe(1);
    expect(fifo.stderr).toContain('--file: error: cannot read plan.json: a FIFO');
    writeFileSync(join(dir, 'state.json'), `{"format_version":\n${'['.repeat(5 * 1024 * 1024)}`);
    const bomb = await runMain(['diff', '--source', 'state', '--file', 'state.json'], { cwd: dir });
    expect(bomb.code).toBe(1);
    expect(bomb.stderr).toContain('state.json:2:200: error: nested deeper than 200 levels (WF_SCOPES_MAX_DEPTH)');
    noInternalError(bomb.stderr);
    const capped = await runMain(['diff', '--source', 'state', '--file', 'state.json'], { cwd: dir, env: { WF_SCOPES_MAX_INPUT_BYTES: '1000' } });
    expect(capped.stderr).toContain('--file: error: cannot read state.json: too large to read: 5242899 bytes, the limit is 1000 bytes (WF_SCOPES_MAX_INPUT_BYTES)');
  });
});

describe('scan --write', () => {
  test('a device node is refused and stays a device', async () => {
    const dir = exportsDir();
    const r = await runMain(['scan', 'exports', '--write', '/dev/null'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--write: error: refusing to write /dev/null: a device, not a regular file');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('a read-only declaration needs --force; its mode and CRLF line endings are kept', async () => {
    const dir = exportsDir();
    const file = join(dir, 'scopes.yaml');
    writeFileSync(file, 'version: 1\r\norgs:\r\n  - name: prod\r\n    domain: acme.okta.com\r\nflows: []\r\n');
    chmodSync(file, 0o444);
    const refused = await runMain(['scan', 'exports', '--write', 'scopes.yaml'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('it is read-only');
    const forced = await runMain(['scan', 'exports', '--write', 'scopes.yaml', '--force'], { cwd: dir });
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('Nightly logs');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect((await runMain(['scan', 'exports', '--force'], { cwd: dir })).stderr).toContain('--force only applies to --write');
  });
});
