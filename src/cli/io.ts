/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Resolves once stdout has taken what it was given: a long output waits here rather than queue in memory. */
  stdoutDrained?(): Promise<void>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit codes, shared by every command (diff follows `terraform plan -detailed-exitcode`). */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_DRIFT = 2;

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdoutDrained: () => (process.stdout.writableNeedDrain ? new Promise((done) => process.stdout.once('drain', () => done())) : Promise.resolve()),
    env: process.env,
    cwd: process.cwd(),
  };
}
