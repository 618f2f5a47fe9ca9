import { formatDiagnostics, UserError } from '../util/diagnostics';
import { EXIT_ERROR, type CliIo } from './io';
import { textField } from '../util/escape';
import { redactUserinfo } from '../util/redact-url';
import { withCommandEnv } from '../util/command-env';

/** Runs a command's handler in its io's environment: its exit code, or the failure reported on stderr. */
export async function runCommand(io: CliIo, handler: () => Promise<number>): Promise<number> {
  try {
    return await withCommandEnv(io.env, handler);
  } catch (err) {
    return reportFailure(err, io);
  }
}

/**
 * Prints an error the way a user can act on it, and returns the exit code. A UserError lists its
 * diagnostics; anything else is a bug in wf-scopes: one line, plus the stack only with WF_SCOPES_DEBUG.
 */
export function reportFailure(err: unknown, io: CliIo): number {
  if (err instanceof UserError) {
    const errors = err.diagnostics.filter((d) => d.severity === 'error');
    io.stderr(formatDiagnostics(err.diagnostics));
    if (errors.length > 1) io.stderr(`${errors.length} errors\n`);
    return EXIT_ERROR;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`wf-scopes: internal error: ${textField(redactUserinfo(message))}\n`);
  if (io.env.WF_SCOPES_DEBUG && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  else io.stderr('(set WF_SCOPES_DEBUG=1 for details; please report this)\n');
  return EXIT_ERROR;
}

/**
 * A user error about a command-line flag: names the flag, says what was expected, suggests the fix.
 * Every command's flag errors: code `bad-flag` (a finding's code where a command reports them as findings).
 */
export function flagError(flag: string, message: string, hint?: string): UserError {
  return new UserError({ severity: 'error', code: 'bad-flag', flag, message, ...(hint !== undefined ? { hint } : {}) });
}
