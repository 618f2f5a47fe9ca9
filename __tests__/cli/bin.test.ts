import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli } from './run';

// What only the real process shows: bin/'s shebang and mode, its message when dist/ is missing, and the
// exit status the process ends with (main's return value becomes process.exitCode).
describe('bin/wf-scopes.js', () => {
  test('is an executable node script', () => {
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
  });

  test('says how to build when dist/ is missing, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-bin-'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(BIN, join(dir, 'bin', 'wf-scopes.js'));
    // A process: the message comes from bin/ itself, before main exists.
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'wf-scopes.js'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('wf-scopes: not built yet; run `npm run build` (or `npm ci`) in the wf-scopes folder\n');
  });

  test('the process exits with the command exit code: 0, then 1 for an error', () => {
    // A process: the exit status of the process, not main's return value.
    const ok = runCli(['--version']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    // A process: the exit status of the process, not main's return value.
    const bad = runCli(['check', '--config', 'nope.yaml']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--config: error: cannot read nope.yaml: no such file');
  });

  test('stdout to a pipe blocks like a file: a write larger than the pipe holds is done when write returns', () => {
    // Without it libuv queues what the pipe cannot take at once, and a 10 MB json is held and copied.
    const io = join(BIN, '..', '..', 'dist', 'src', 'cli', 'io.js');
    const script = `require(${JSON.stringify(io)}).processIo(); for (let i = 0; i < 4; i++) process.stdout.write('x'.repeat(1 << 20)); process.stderr.write(String(process.stdout.writableLength));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 8 << 20 });
    expect(r.stderr).toBe('0');
    expect(r.stdout.length).toBe(4 << 20);
  });
});
