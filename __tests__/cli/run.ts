import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { checkDiffJsonRun } from '../support/diff-schema';

export const ROOT = join(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'wf-scopes.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI as a child process (the compiled one, built by the jest global setup). Only for what
 * a process alone shows (bin/, stdin, exit status, FIFOs and devices, loaded modules); else runMain.
 */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1', ...opts.env },
    input: opts.input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  checkDiffJsonRun(args, r.stdout);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the CLI in this process through `main(argv, io)`: no child, no build, and coverage sees the
 * command handlers. Use it unless the test is about `bin/`, real stdio, signals or exit codes of the
 * process itself. The environment is the test's alone (nothing leaks in from the runner's).
 */
export async function runMain(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  // Loaded lazily so suites that only spawn the CLI do not compile the whole source tree.
  const { main } = await import('../../src/cli/main');
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'wf-scopes', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { CHECKPOINT_DISABLE: '1', ...opts.env },
    cwd: opts.cwd ?? ROOT,
  });
  // Every diff JSON a test produces is checked against schema/diff.schema.json.
  checkDiffJsonRun(args, stdout);
  return { code, stdout, stderr };
}
