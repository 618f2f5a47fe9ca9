import { processIo, type CliIo } from './io';
import { runCommand } from './fail';
import { plainScan } from './plain-scan';
import { plainCheck } from './plain-check';

/**
 * Runs the CLI; resolves to the exit code. A plain scan (`scan PATHS [--format F]`) and a plain check
 * (`check [--config F] [--format F] [--all]`) run without commander, whose load and program cost as
 * much as scanning a few exports or checking a small declaration; everything else goes to the
 * commander program (`program.ts`), which parses those argument lists the same way.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const plain = plainScan(argv.slice(2));
  if (plain) {
    return runCommand(io, async () => (await import('./commands/scan')).runScan(plain.paths, { format: plain.format }, io));
  }
  const check = plainCheck(argv.slice(2));
  if (check) return runCommand(io, async () => (await import('./commands/check')).runCheck(check, io));
  return (await import('./program')).runProgram(argv, io);
}
