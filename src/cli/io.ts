import { isAbsolute, resolve as resolvePath } from 'node:path';
/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Resolves once stdout has taken what it was given: a long output waits here rather than queue in memory. */
  stdoutDrained?(): Promise<void>;
  /** stdout holds text it has not written yet (a write now would queue in memory). */
  stdoutBusy?(): boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdout is a terminal (text views may then colour, see util/colour.ts); tests leave it unset. */
  stdoutIsTTY?: boolean;
}

/** Exit codes, shared by every command (diff follows `terraform plan -detailed-exitcode`). */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_DRIFT = 2;

let pipeGuarded = false;

/**
 * `wf-scopes catalog | head -1`: the reader goes away while the output is still being written, and
 * Node raises EPIPE as an unhandled error with a stack trace. Output nobody reads is not a failure.
 */
function exitQuietlyOnClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}

/**
 * On Linux and macOS a pipe takes stdout asynchronously: what it cannot take at once queues in memory,
 * and `check --format json | jq` paid for holding and copying a 10 MB document in pieces (about 15 %
 * of the run). A file or a terminal already blocks; a blocking pipe makes stdout behave the same way,
 * as yargs' set-blocking does. Set before the first write (libuv applies it to later writes only).
 */
function blockOnPipe(stream: NodeJS.WriteStream): void {
  const handle: unknown = Reflect.get(stream, '_handle');
  if (typeof handle !== 'object' || handle === null) return;
  const setBlocking: unknown = Reflect.get(handle, 'setBlocking');
  if (typeof setBlocking === 'function') Reflect.apply(setBlocking, handle, [true]);
}

export function processIo(): CliIo {
  exitQuietlyOnClosedPipe();
  if (!process.stdout.isTTY) blockOnPipe(process.stdout);
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdoutBusy: () => process.stdout.writableNeedDrain,
    stdoutDrained: () => (process.stdout.writableNeedDrain ? new Promise((done) => process.stdout.once('drain', () => done())) : Promise.resolve()),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}

/** Paths in messages stay as the user typed them; reads resolve against io.cwd when it differs. */
export function inCwd(io: CliIo, file: string): string {
  return isAbsolute(file) || io.cwd === process.cwd() ? file : resolvePath(io.cwd, file);
}
