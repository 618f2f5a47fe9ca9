import { AsyncLocalStorage } from 'node:async_hooks';

/** The environment of the command running in this async context: its io.env. */
const current = new AsyncLocalStorage<NodeJS.ProcessEnv>();

/**
 * Runs `fn` with `env` as the environment that the defaults deep in the core read (the caps of
 * `limit()`, `todayUtc()`, the default declaration). The CLI runs each command with its io.env, so a
 * command run in-process (`main(argv, io)`, the tests) sees its own environment, never the host's.
 */
export function withCommandEnv<T>(env: NodeJS.ProcessEnv, fn: () => T): T {
  return current.run(env, fn);
}

/** The running command's environment, else the process's (library use outside a command). */
export function commandEnv(): NodeJS.ProcessEnv {
  return current.getStore() ?? process.env;
}
