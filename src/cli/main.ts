import { processIo, type CliIo } from './io';
import { runCommand } from './fail';
import { plainScan } from './plain-scan';

/**
 * Runs the CLI; resolves to the exit code. A plain scan (`scan PATHS [--format F]`) runs without
 * commander, whose load and program cost as much as scanning a few exports; everything else goes to
 * the commander program (`program.ts`), which parses those argument lists the same way.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const plain = plainScan(argv.slice(2));
  if (plain) {
    return runCommand(io, async () => (await import('./commands/scan')).runScan(plain.paths, { format: plain.format }, io));
  }
  return (await import('./program')).runProgram(argv, io);
}
