import { buildProgram } from '../../src/cli/program';
import { ROOT } from './run';

/**
 * The arguments the commander program hands `command`'s action for `args` (its operands and options,
 * options copied), or the error it stops with: what a plain route (plain-scan.ts, plain-check.ts)
 * must match for every list it takes.
 */
export async function commanderParse(command: string, args: string[]): Promise<{ action: unknown[] } | { error: string }> {
  let err = '';
  const io = { stdout: () => undefined, stderr: (t: string) => (err += t), env: {}, cwd: ROOT };
  const program = buildProgram(io, () => undefined);
  let seen: unknown[] | undefined;
  program.commands.find((c) => c.name() === command)?.action((...given: unknown[]) => {
    // commander passes the command itself last; options are copied out of its live object.
    seen = given.slice(0, -1).map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v } : v));
  });
  try {
    await program.parseAsync(['node', 'wf-scopes', ...args]);
  } catch {
    return { error: err };
  }
  return seen ? { action: seen } : { error: `no ${command} action` };
}
